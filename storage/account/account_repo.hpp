#pragma once
/// Accounts: profiles, the username, email and name indexes, password
/// hashes, authorizations and block lists (docs/storage.md has the keys).
/// The auth actor is the only writer of profiles and indexes; each user's
/// actor writes that user's block list.
#include "storage/kv/kv_store.hpp"
#include "storage/records.hpp"

namespace ag {

class account_repo {
public:
  explicit account_repo(kv_store& db) : db_(db) {}

  caf::expected<std::optional<user_info>> find_user(std::uint64_t uid);
  /// `lower` must already be normalized (lowercase).
  caf::expected<std::optional<std::uint64_t>> find_username(std::string_view lower);
  caf::expected<std::optional<std::uint64_t>> find_email(std::string_view lower);
  caf::expected<std::optional<std::string>> email_of(std::uint64_t uid);
  caf::expected<std::optional<std::string>> password_hash(std::uint64_t uid);
  caf::expected<std::optional<authorization>> find_authorization(std::uint64_t sid);
  /// Every authorization of `uid`, oldest first.
  caf::expected<std::vector<authorization>> authorizations(std::uint64_t uid);
  /// Users whose username or a word of whose names starts with `lower`
  /// (lowercase ASCII), usernames first, at most `limit`, no duplicates.
  caf::expected<std::vector<std::uint64_t>> search(std::string_view lower, std::size_t limit);
  caf::expected<std::vector<std::uint64_t>> blocked(std::uint64_t uid);

  /// A new account; `email` (normalized) may be empty.
  static void add_user(write_batch& b, const user_info& u, const std::string& hash,
                       const std::string& email = {});
  /// Replaces profile `before` by `after` (same id), moving the username
  /// and name index entries.
  static void update_user(write_batch& b, const user_info& before, const user_info& after);
  static void set_password(write_batch& b, std::uint64_t uid, const std::string& hash);
  /// An index entry by its key: "u:<normalized username>" or
  /// "e:<normalized email>" (a cluster keeps each on the node owning the
  /// key's shard, not always the account's).
  static void put_index(write_batch& b, std::string_view key, std::uint64_t uid);
  static void erase_index(write_batch& b, std::string_view key);
  /// Marks the account deleted: frees its username and email, drops the
  /// password and names (the caller revokes the authorizations).
  static void delete_user(write_batch& b, const user_info& u, const std::string& email);
  static void put_authorization(write_batch& b, const authorization& a);
  static void remove_authorization(write_batch& b, const authorization& a);
  static void set_blocked(write_batch& b, std::uint64_t uid, std::uint64_t target, bool blocked);

  /// The lowercase words of a user's names the search index holds.
  static std::vector<std::string> name_words(const user_info& u);

private:
  kv_store& db_;
};

} // namespace ag
