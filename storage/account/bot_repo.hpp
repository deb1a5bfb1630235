#pragma once
/// Bot accounts' records beside the accounts (the bot's profile is in
/// account_repo): the bot record with the bot (`B` + bot id), and the
/// owner's list (`O` + owner + bot) with the owner, each moving with its
/// user in a hand-off. The bot registry is the only writer.
#include "storage/kv/kv_store.hpp"
#include "storage/records.hpp"

namespace ag {

class bot_repo {
public:
  explicit bot_repo(kv_store& db) : db_(db) {}

  caf::expected<std::optional<bot_record>> find(std::uint64_t bot_id);
  /// The ids of the bots `owner` has made, oldest first (ids grow).
  caf::expected<std::vector<std::uint64_t>> owned_by(std::uint64_t owner);

  static void put(write_batch& b, const bot_record& r);
  static void erase(write_batch& b, std::uint64_t bot_id);
  static void own(write_batch& b, std::uint64_t owner, std::uint64_t bot_id);
  static void disown(write_batch& b, std::uint64_t owner, std::uint64_t bot_id);

private:
  kv_store& db_;
};

} // namespace ag
