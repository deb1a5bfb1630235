#pragma once
/// Group chats: the chat record, one record per member and one per former
/// member (who keeps the chat's title in their dialog list). Only the chat's
/// actor writes them.
#include <unordered_set>

#include "storage/kv/kv_store.hpp"
#include "storage/records.hpp"

namespace ag {

class chat_repo {
public:
  explicit chat_repo(kv_store& db) : db_(db) {}

  caf::expected<std::optional<chat_info>> get(std::uint64_t cid);
  caf::expected<std::vector<chat_member>> members(std::uint64_t cid);
  caf::expected<std::unordered_set<std::uint64_t>> former(std::uint64_t cid);

  static void put(write_batch& b, const chat_info& c);
  static void put_member(write_batch& b, std::uint64_t cid, const chat_member& m);
  /// Removes a member and remembers them as former.
  static void remove_member(write_batch& b, std::uint64_t cid, std::uint64_t uid);

private:
  kv_store& db_;
};

} // namespace ag
