#include "storage/chat/chat_repo.hpp"

#include "core/error.hpp"
#include "storage/keys.hpp"

namespace ag {

caf::expected<std::optional<chat_info>> chat_repo::get(std::uint64_t cid) {
  auto v = db_.get(cf::chats, keys::chat(cid));
  if (!v)
    return v.error();
  if (!*v)
    return std::optional<chat_info>{};
  auto c = records::decode_chat(**v);
  if (!c)
    return corrupt_record("chat");
  return std::optional<chat_info>{std::move(*c)};
}

caf::expected<std::vector<chat_member>> chat_repo::members(std::uint64_t cid) {
  std::vector<chat_member> out;
  auto prefix = keys::chat_member_prefix(cid);
  auto err = scan_records(db_, cf::chats, prefix, keys::prefix_end(prefix), false, "chat member",
                          records::decode_chat_member, [&](std::string_view, chat_member m) {
                            out.push_back(m);
                            return true;
                          });
  if (err)
    return err;
  return out;
}

caf::expected<std::unordered_set<std::uint64_t>> chat_repo::former(std::uint64_t cid) {
  auto ids = trailing_ids(db_, cf::chats, keys::chat_former_prefix(cid));
  if (!ids)
    return ids.error();
  return std::unordered_set<std::uint64_t>(ids->begin(), ids->end());
}

void chat_repo::put(write_batch& b, const chat_info& c) {
  b.put(cf::chats, keys::chat(c.id), records::encode(c));
}

void chat_repo::put_member(write_batch& b, std::uint64_t cid, const chat_member& m) {
  b.put(cf::chats, keys::chat_member(cid, m.user), records::encode(m));
  b.erase(cf::chats, keys::chat_former(cid, m.user));
}

void chat_repo::remove_member(write_batch& b, std::uint64_t cid, std::uint64_t uid) {
  b.erase(cf::chats, keys::chat_member(cid, uid));
  b.put(cf::chats, keys::chat_former(cid, uid), std::string{});
}

} // namespace ag
