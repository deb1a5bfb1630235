#include "storage/box/outbox_repo.hpp"

#include "core/error.hpp"
#include "storage/keys.hpp"

namespace ag {

caf::expected<std::vector<pending_delivery>> outbox_repo::all() {
  std::vector<pending_delivery> out;
  auto err = scan_records(db_, cf::outbox, {}, {}, false, "pending delivery",
                          records::decode_pending, [&](std::string_view k, pending_delivery p) {
                            p.for_all = keys::pending_for_all(k);
                            out.push_back(std::move(p));
                            return true;
                          });
  if (err)
    return err;
  return out;
}

void outbox_repo::put(write_batch& b, const pending_delivery& p) {
  if (one_record_for_all(p.recipients.size())) {
    b.put(cf::outbox, keys::pending(p.key_id(), keys::for_all), records::encode(p));
    return;
  }
  auto values = records::encode_per_recipient(p);
  for (std::size_t i = 0; i < values.size(); ++i)
    b.put(cf::outbox, keys::pending(p.key_id(), p.recipients[i]), std::move(values[i]));
}

void outbox_repo::erase(write_batch& b, std::uint64_t op_id, std::uint64_t recipient) {
  b.erase(cf::outbox, keys::pending(op_id, recipient));
}

void outbox_repo::settle_for_all(write_batch& b, const pending_delivery& p,
                                 const std::vector<std::uint64_t>& still_owed) {
  erase(b, p.key_id(), keys::for_all);
  if (still_owed.empty())
    return; // the usual end: nothing to copy or encode
  auto rest = p;
  rest.recipients = still_owed;
  put(b, rest);
}

void outbox_repo::settle(write_batch& b, const pending_delivery& p,
                         const std::vector<std::uint64_t>& still_owed) {
  if (p.for_all)
    return settle_for_all(b, p, still_owed);
  if (still_owed.empty() && !p.recipients.empty())
    erase(b, p.key_id(), p.recipients.front());
}

caf::expected<std::uint64_t> meta_repo::sequence_bound(std::string_view name) {
  auto v = db_.get(cf::sequences, name);
  if (!v)
    return v.error();
  if (!*v)
    return std::uint64_t{0};
  auto x = records::decode_u64(**v);
  if (!x)
    return corrupt_record("sequence");
  return *x;
}

void meta_repo::set_sequence_bound(write_batch& b, std::string_view name, std::uint64_t bound) {
  b.put(cf::sequences, std::string{name}, records::encode_u64(bound));
}

caf::expected<std::optional<std::string>> meta_repo::get(std::string_view key) {
  return db_.get(cf::meta, key);
}

void meta_repo::put(write_batch& b, std::string_view key, std::string value) {
  b.put(cf::meta, std::string{key}, std::move(value));
}

} // namespace ag
