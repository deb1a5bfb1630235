#include "storage/kv/memory_store.hpp"

#include "core/error.hpp"

namespace ag {

caf::expected<std::optional<std::string>> memory_store::get(cf f, std::string_view key) {
  std::lock_guard<std::mutex> guard{mtx_};
  auto& m = data_[cf_index(f)];
  auto i = m.find(key);
  if (i == m.end())
    return std::optional<std::string>{};
  return std::optional<std::string>{i->second};
}

caf::error memory_store::scan(cf f, std::string_view lower, std::string_view upper, bool reverse,
                              const scan_fn& fn) {
  // Copy the range first so the visitor may call back into the store.
  std::vector<std::pair<std::string, std::string>> range;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    auto& m = data_[cf_index(f)];
    auto first = m.lower_bound(lower);
    auto last = upper.empty() ? m.end() : m.lower_bound(upper);
    for (auto i = first; i != last && i != m.end(); ++i)
      range.emplace_back(i->first, i->second);
  }
  if (reverse) {
    for (auto i = range.rbegin(); i != range.rend(); ++i)
      if (!fn(i->first, i->second))
        break;
  } else {
    for (auto& [k, v] : range)
      if (!fn(k, v))
        break;
  }
  return {};
}

void memory_store::fail_next_writes(std::size_t n) {
  std::lock_guard<std::mutex> guard{mtx_};
  failing_writes_ = n;
}

caf::error memory_store::write(const write_batch& batch, bool) {
  std::lock_guard<std::mutex> guard{mtx_};
  if (failing_writes_ > 0) {
    --failing_writes_;
    return make_error(errc::storage_failure, "write failed (injected by a test)");
  }
  for (auto& op : batch.ops) {
    auto& m = data_[cf_index(op.family)];
    if (op.erase)
      m.erase(op.key);
    else
      m.insert_or_assign(op.key, op.value);
  }
  return {};
}

} // namespace ag
