#include "storage/account/bot_repo.hpp"

#include "storage/keys.hpp"

namespace ag {

caf::expected<std::optional<bot_record>> bot_repo::find(std::uint64_t bot_id) {
  return get_record<bot_record>(db_, cf::auth, keys::bot(bot_id), "bot", records::decode_bot);
}

caf::expected<std::vector<std::uint64_t>> bot_repo::owned_by(std::uint64_t owner) {
  return trailing_ids(db_, cf::auth, keys::owned_bot_prefix(owner));
}

void bot_repo::put(write_batch& b, const bot_record& r) {
  b.put(cf::auth, keys::bot(r.id), records::encode(r));
}

void bot_repo::erase(write_batch& b, std::uint64_t bot_id) {
  b.erase(cf::auth, keys::bot(bot_id));
}

void bot_repo::own(write_batch& b, std::uint64_t owner, std::uint64_t bot_id) {
  b.put(cf::auth, keys::owned_bot(owner, bot_id), {});
}

void bot_repo::disown(write_batch& b, std::uint64_t owner, std::uint64_t bot_id) {
  b.erase(cf::auth, keys::owned_bot(owner, bot_id));
}

} // namespace ag
