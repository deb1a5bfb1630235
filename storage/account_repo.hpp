#pragma once
/// Accounts: profiles, the username index, password hashes, authorizations.
#include "storage/kv_store.hpp"
#include "storage/records.hpp"

namespace ag {

class account_repo {
public:
  explicit account_repo(kv_store& db) : db_(db) {}

  caf::expected<std::optional<user_info>> find_user(std::uint64_t uid);
  /// `lower` must already be normalized (lowercase).
  caf::expected<std::optional<std::uint64_t>> find_username(std::string_view lower);
  caf::expected<std::optional<std::string>> password_hash(std::uint64_t uid);
  caf::expected<std::optional<authorization>> find_authorization(std::uint64_t sid);

  static void add_user(write_batch& b, const user_info& u, const std::string& hash);
  static void add_authorization(write_batch& b, const authorization& a);
  static void remove_authorization(write_batch& b, const authorization& a);

private:
  kv_store& db_;
};

} // namespace ag
