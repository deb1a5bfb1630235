#pragma once
/// The messages the auth actor takes (auth_actor.hpp): sign-up, sign-in,
/// codes, resets, profiles, passwords, deletion, user search, tokens.
#include <caf/actor.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "core/model/ids.hpp"
#include "core/model/model.hpp"

namespace ag {

/// Where a sign-in comes from (stored with the authorization).
struct client_info {
  std::string device; ///< the client's `device`, else its User-Agent
  std::string ip;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, client_info& x) {
  return f(caf::meta::type_name("client_info"), x.device, x.ip);
}

struct sign_up_request {
  std::string username, password, first_name, last_name;
  std::string email, code; ///< both or neither (auth.require_email: both)
  client_info client;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, sign_up_request& x) {
  return f(caf::meta::type_name("sign_up_request"), x.username, x.password, x.first_name,
           x.last_name, x.email, x.code, x.client);
}

struct sign_in_request {
  std::string username, password;
  client_info client;
  /// Set only between nodes: the account the username's node found (it
  /// lives on another node, which checks the password).
  user_id user{};
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, sign_in_request& x) {
  return f(caf::meta::type_name("sign_in_request"), x.username, x.password, x.client, x.user);
}

/// auth.sendCode: `purpose` is a code_purpose.
struct code_request {
  std::string email;
  std::uint8_t purpose = 1;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, code_request& x) {
  return f(caf::meta::type_name("code_request"), x.email, x.purpose);
}

/// auth.resetPassword: signs in on a new authorization, revoking every other.
struct password_reset {
  std::string email, code, new_password;
  client_info client;
  /// Set only between nodes: the email's node used the code up and found
  /// this account, which lives on the receiving node.
  user_id verified{};
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, password_reset& x) {
  return f(caf::meta::type_name("password_reset"), x.email, x.code, x.new_password, x.client,
           x.verified);
}

/// account.updateProfile: only the fields with their `set_` flag change.
struct profile_change {
  user_id user{};
  bool set_first = false, set_last = false, set_username = false;
  std::string first_name, last_name, username;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, profile_change& x) {
  return f(caf::meta::type_name("profile_change"), x.user, x.set_first, x.set_last, x.set_username,
           x.first_name, x.last_name, x.username);
}

/// account.changePassword: revokes every authorization but `keep`.
struct password_change {
  user_id user{};
  auth_session_id keep{};
  std::string password, new_password;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, password_change& x) {
  return f(caf::meta::type_name("password_change"), x.user, x.keep, x.password, x.new_password);
}

/// account.deleteAccount.
struct account_deletion {
  user_id user{};
  std::string password;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, account_deletion& x) {
  return f(caf::meta::type_name("account_deletion"), x.user, x.password);
}

/// contacts.search.
struct user_search {
  std::string q;
  std::uint32_t limit = 20;
  bool here_only = false; ///< between nodes: this node's users only (no fan-out)
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, user_search& x) {
  return f(caf::meta::type_name("user_search"), x.q, x.limit, x.here_only);
}

/// A signed-in result: the token and the user.
struct auth_result {
  std::string token;
  user_info user;
  auth_session_id auth_session{};
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, auth_result& x) {
  return f(caf::meta::type_name("auth_result"), x.token, x.user, x.auth_session);
}

/// A new bot of `owner` (bots.createBot).
struct bot_create {
  user_id owner{};
  std::string username;
  std::string first_name;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, bot_create& x) {
  return f(caf::meta::type_name("bot_create"), x.owner, x.username, x.first_name);
}

/// A new token for `owner`'s bot `bot`; the old one stops at once.
struct bot_token_reset {
  user_id owner{};
  user_id bot{};
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, bot_token_reset& x) {
  return f(caf::meta::type_name("bot_token_reset"), x.owner, x.bot);
}

/// A bot and its token (the only time the token is shown).
struct bot_created {
  user_info bot;
  std::string token;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, bot_created& x) {
  return f(caf::meta::type_name("bot_created"), x.bot, x.token);
}

/// Who a valid token belongs to.
struct token_owner {
  user_id user{};
  auth_session_id auth_session{};
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, token_owner& x) {
  return f(caf::meta::type_name("token_owner"), x.user, x.auth_session);
}

} // namespace ag
