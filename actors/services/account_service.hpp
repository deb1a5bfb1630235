#pragma once
/// The auth.*, account.*, users.* and contacts.* use cases (docs/api.md),
/// for any transport. Password checks run on the auth actor's hasher pool.
#include <optional>
#include <string>
#include <vector>

#include "actors/auth/auth_protocol.hpp"
#include "actors/services/results.hpp"

namespace ag::account_service {

struct sign_up_args {
  std::string username{}, password{}, first_name{};
  std::string last_name{};
  std::optional<std::string> email{}, code{}, device{};
};
/// USERNAME_INVALID, USERNAME_OCCUPIED, PASSWORD_TOO_WEAK, NAME_INVALID,
/// EMAIL_*, INPUT_REQUEST_INVALID (email without code, bad device).
void sign_up(const call_env& env, sign_up_args a, reply<auth_result> done);

struct sign_in_args {
  std::string username{}, password{};
  std::optional<std::string> device{};
};
/// PASSWORD_HASH_INVALID, FLOOD_WAIT.
void sign_in(const call_env& env, sign_in_args a, reply<auth_result> done);

struct send_code_args {
  std::string email{};
  std::string purpose = "signUp"; ///< or resetPassword
};
/// EMAIL_INVALID, EMAIL_OCCUPIED, FLOOD_WAIT, INPUT_REQUEST_INVALID.
void send_code(const call_env& env, send_code_args a, reply<code_sent> done);

struct reset_args {
  std::string email{}, code{}, new_password{};
  std::optional<std::string> device{};
};
/// EMAIL_CODE_INVALID, EMAIL_CODE_EXPIRED, PASSWORD_TOO_WEAK.
void reset_password(const call_env& env, reset_args a, reply<auth_result> done);

/// Attaches a token to the calling socket. AUTH_KEY_UNREGISTERED.
void bind_token(const call_env& env, std::string token, reply<bound_token> done);

/// Revokes the caller's authorization.
void log_out(const call_env& env, reply<bool> done);

struct profile_args {
  std::optional<std::string> first_name{}, last_name{}, username{};
};
/// INPUT_REQUEST_INVALID (none given), NAME_INVALID, USERNAME_INVALID,
/// USERNAME_OCCUPIED.
void update_profile(const call_env& env, profile_args a, reply<user_info> done);

struct password_args {
  std::string password{}, new_password{};
};
/// Answers how many other authorizations were revoked.
/// PASSWORD_HASH_INVALID, PASSWORD_TOO_WEAK, FLOOD_WAIT.
void change_password(const call_env& env, password_args a, reply<std::uint32_t> done);

void get_authorizations(const call_env& env, reply<authorization_list> done);

/// HASH_INVALID (unknown, someone else's, or the current one).
void reset_authorization(const call_env& env, auth_session_id hash, reply<bool> done);

/// PASSWORD_HASH_INVALID, FLOOD_WAIT.
void delete_account(const call_env& env, std::string password, reply<bool> done);

struct search_args {
  std::string q{};
  std::int64_t limit = 20;
};
/// SEARCH_QUERY_EMPTY, LIMIT_INVALID.
void search_users(const call_env& env, search_args a, reply<std::vector<user_info>> done);

/// USER_ID_INVALID (unknown, or the caller), LIMIT_INVALID.
void set_blocked(const call_env& env, user_id id, bool blocked, reply<bool> done);
void get_blocked(const call_env& env, reply<std::vector<user_info>> done);

/// AUTH_KEY_UNREGISTERED when the caller's account is gone.
void get_me(const call_env& env, reply<user_info> done);
/// The users among `ids` (unknown ones left out). LIMIT_INVALID.
void get_users(const call_env& env, std::vector<user_id> ids, reply<std::vector<user_info>> done);
/// USERNAME_NOT_OCCUPIED, USERNAME_INVALID.
void resolve_username(const call_env& env, std::string username, reply<resolved_peer> done);
/// Marks this device online or offline.
void update_status(const call_env& env, bool offline, reply<bool> done);
/// LIMIT_INVALID.
void get_statuses(const call_env& env, std::vector<user_id> ids,
                  reply<std::vector<user_status>> done);

} // namespace ag::account_service
