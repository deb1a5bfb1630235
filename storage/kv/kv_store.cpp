#include "storage/kv/kv_store.hpp"

#include <iostream>

#include "core/error.hpp"
#include "storage/keys.hpp"

namespace ag {

caf::error storage_error(std::string text) {
  std::cerr << "actorgram: storage error: " << text << std::endl;
  return make_error(errc::storage_failure, std::move(text));
}

caf::error corrupt_record(std::string_view what) {
  return storage_error("corrupt " + std::string{what} + " record");
}

caf::expected<std::vector<std::uint64_t>> trailing_ids(kv_store& db, cf f,
                                                       std::string_view prefix) {
  std::vector<std::uint64_t> out;
  auto err = db.scan(f, prefix, keys::prefix_end(std::string{prefix}), false,
                     [&](std::string_view k, std::string_view) {
                       out.push_back(keys::trailing_u64(k));
                       return true;
                     });
  if (err)
    return err;
  return out;
}

} // namespace ag
