#include "actors/services/account_service.hpp"

#include <algorithm>

#include "actors/protocol/type_ids.hpp"
#include "actors/services/detail/lookups.hpp"
#include "actors/user/user_protocol.hpp"
#include "core/rules/limits.hpp"
#include "core/rules/verification.hpp"

namespace ag::account_service {

using namespace services_detail;

namespace {

constexpr std::int64_t max_search_limit = 50;

/// Auth calls hash passwords: they get a long deadline of their own.
constexpr auto hashing_call = std::chrono::seconds(60);

/// The client's `device` (validated) or its User-Agent, and its address.
caf::expected<client_info> client_of(const call_env& env,
                                     const std::optional<std::string>& device) {
  // The User-Agent is the client's to choose: printable ASCII, 64 bytes.
  client_info c{{}, env.client_address};
  for (char ch : env.client_agent)
    if (ch >= 0x20 && ch < 0x7f && c.device.size() < 64)
      c.device.push_back(ch);
  if (device) {
    if (limits::check_name(*device, false) != errc::none)
      return make_error(errc::input_request_invalid, "device must have at most 64 characters");
    c.device = *device;
  }
  return c;
}

} // namespace

void sign_up(const call_env& env, sign_up_args a, reply<auth_result> done) {
  if (a.email && !a.code)
    return done(make_error(errc::input_request_invalid, "missing parameter: code"));
  auto client = client_of(env, a.device);
  if (!client)
    return done(client.error());
  sign_up_request r{a.username,           a.password,          a.first_name, a.last_name,
                    a.email.value_or(""), a.code.value_or(""), *client};
  ask_auth(env, hashing_call, std::move(done), std::move(r));
}

void sign_in(const call_env& env, sign_in_args a, reply<auth_result> done) {
  auto client = client_of(env, a.device);
  if (!client)
    return done(client.error());
  ask_auth(env, hashing_call, std::move(done), sign_in_request{a.username, a.password, *client});
}

void send_code(const call_env& env, send_code_args a, reply<code_sent> done) {
  code_purpose kind;
  if (a.purpose == "signUp")
    kind = code_purpose::sign_up;
  else if (a.purpose == "resetPassword")
    kind = code_purpose::reset_password;
  else
    return done(make_error(errc::input_request_invalid, "purpose must be signUp or resetPassword"));
  auto email = limits::normalize_email(a.email);
  env.self
    ->request(env.ctx->auth, hashing_call, code_request{email, static_cast<std::uint8_t>(kind)})
    .then([=](bool) { done(code_sent{email}); }, [=](caf::error& err) { done(std::move(err)); });
}

void reset_password(const call_env& env, reset_args a, reply<auth_result> done) {
  auto client = client_of(env, a.device);
  if (!client)
    return done(client.error());
  ask_auth(env, hashing_call, std::move(done),
           password_reset{a.email, a.code, a.new_password, *client});
}

void bind_token(const call_env& env, std::string token, reply<bound_token> done) {
  auto self = env.self;
  auto ctx = env.ctx;
  auto fail = [=](caf::error& err) {
    done(std::move(err));
  };
  self
    ->request(ctx->auth, ctx->settings.actors.call_timeout(), check_atom_v, std::move(token),
              env.client_address, env.origin)
    .then(
      [=](const token_owner& owner) {
        self
          ->request(ctx->auth, ctx->settings.actors.call_timeout(), users_atom_v,
                    std::vector<user_id>{owner.user})
          .then(
            [=](const std::vector<user_info>& users) {
              if (users.empty())
                return done(make_error(errc::auth_key_unregistered, "the account is gone"));
              done(bound_token{users.front(), caller{owner.user, owner.auth_session}});
            },
            fail);
      },
      fail);
}

void log_out(const call_env& env, reply<bool> done) {
  env.self
    ->request(env.ctx->auth, env.ctx->settings.actors.call_timeout(), revoke_atom_v, env.who.user,
              env.who.auth_session)
    .then([=](bool) { done(true); }, [=](caf::error& err) { done(std::move(err)); });
}

void update_profile(const call_env& env, profile_args a, reply<user_info> done) {
  profile_change r;
  r.user = env.who.user;
  r.set_first = a.first_name.has_value();
  r.set_last = a.last_name.has_value();
  r.set_username = a.username.has_value();
  if (!r.set_first && !r.set_last && !r.set_username)
    return done(make_error(errc::input_request_invalid, "give first_name, last_name or username"));
  if (auto err = over_limit(env))
    return done(std::move(err));
  r.first_name = a.first_name.value_or("");
  r.last_name = a.last_name.value_or("");
  r.username = a.username.value_or("");
  ask_auth(env, env.ctx->settings.actors.call_timeout(), std::move(done), std::move(r));
}

void change_password(const call_env& env, password_args a, reply<std::uint32_t> done) {
  password_change r{env.who.user, env.who.auth_session, a.password, a.new_password};
  ask_auth(env, hashing_call, std::move(done), std::move(r));
}

void get_authorizations(const call_env& env, reply<authorization_list> done) {
  auto current = env.who.auth_session.value;
  env.self
    ->request(env.ctx->auth, env.ctx->settings.actors.call_timeout(), sessions_atom_v, env.who.user)
    .then(
      [=](std::vector<authorization> all) {
        std::sort(all.begin(), all.end(), [&](const authorization& a, const authorization& b) {
          if ((a.id == current) != (b.id == current))
            return a.id == current;
          return a.active != b.active ? a.active > b.active : a.id > b.id;
        });
        done(authorization_list{std::move(all), current});
      },
      [=](caf::error& err) { done(std::move(err)); });
}

void reset_authorization(const call_env& env, auth_session_id hash, reply<bool> done) {
  if (hash == env.who.auth_session)
    return done(make_error(errc::hash_invalid, "this is the current session: use auth.logOut"));
  if (auto err = over_limit(env))
    return done(std::move(err));
  env.self
    ->request(env.ctx->auth, env.ctx->settings.actors.call_timeout(), reset_atom_v, env.who.user,
              hash)
    .then([=](bool) { done(true); }, [=](caf::error& err) { done(std::move(err)); });
}

void delete_account(const call_env& env, std::string password, reply<bool> done) {
  env.self->request(env.ctx->auth, hashing_call, account_deletion{env.who.user, password})
    .then([=](bool) { done(true); }, [=](caf::error& err) { done(std::move(err)); });
}

void search_users(const call_env& env, search_args a, reply<std::vector<user_info>> done) {
  if (a.limit < 1 || a.limit > max_search_limit)
    return done(make_error(errc::limit_invalid, "limit must be 1-50"));
  ask_auth(env, env.ctx->settings.actors.call_timeout(), std::move(done),
           user_search{a.q, static_cast<std::uint32_t>(a.limit)});
}

void set_blocked(const call_env& env, user_id target, bool blocked, reply<bool> done) {
  if (target == env.who.user)
    return done(make_error(errc::user_id_invalid, "you cannot block yourself"));
  if (auto err = over_limit(env))
    return done(std::move(err));
  env.self->request(env.ctx->auth, internal_call, users_atom_v, std::vector<user_id>{target})
    .then(
      [=](const std::vector<user_info>& users) {
        if (users.empty())
          return done(make_error(errc::user_id_invalid, "no such user"));
        ask_own_actor(
          env, block_request{target, blocked}, [=](bool) { done(true); }, failure_to(done));
      },
      [=](caf::error& err) { done(std::move(err)); });
}

void get_blocked(const call_env& env, reply<std::vector<user_info>> done) {
  auto self = env.self;
  auto ctx = env.ctx;
  ask_own_actor(
    env, blocked_atom_v,
    [=](std::vector<user_id> ids) {
      std::sort(ids.begin(), ids.end());
      self->request(ctx->auth, internal_call, users_atom_v, std::move(ids))
        .then([=](std::vector<user_info>& users) { done(std::move(users)); },
              [=](caf::error& err) { done(std::move(err)); });
    },
    failure_to(done));
}

void get_me(const call_env& env, reply<user_info> done) {
  env.self
    ->request(env.ctx->auth, env.ctx->settings.actors.call_timeout(), users_atom_v,
              std::vector<user_id>{env.who.user})
    .then(
      [=](const std::vector<user_info>& users) {
        if (users.empty())
          return done(make_error(errc::auth_key_unregistered, "the account is gone"));
        done(users.front());
      },
      [=](caf::error& err) { done(std::move(err)); });
}

void get_users(const call_env& env, std::vector<user_id> ids, reply<std::vector<user_info>> done) {
  if (auto err = check_ids(ids))
    return done(std::move(err));
  env.self
    ->request(env.ctx->auth, env.ctx->settings.actors.call_timeout(), users_atom_v, std::move(ids))
    .then([=](std::vector<user_info>& users) { done(std::move(users)); },
          [=](caf::error& err) { done(std::move(err)); });
}

void resolve_username(const call_env& env, std::string username, reply<resolved_peer> done) {
  env.self
    ->request(env.ctx->auth, env.ctx->settings.actors.call_timeout(), resolve_atom_v,
              std::move(username))
    .then(
      [=](const user_info& u) {
        done(resolved_peer{peer{peer_type::user, u.id}, u});
      },
      [=](caf::error& err) { done(std::move(err)); });
}

void update_status(const call_env& env, bool offline, reply<bool> done) {
  if (auto err = over_limit(env))
    return done(std::move(err));
  auto key = env.origin ? env.origin.id() : env.who.auth_session.value;
  if (offline)
    env.self->send(env.ctx->status, offline_atom_v, env.who.user.value, key);
  else
    env.self->send(env.ctx->status, online_atom_v, env.who.user.value, key);
  done(true);
}

void get_statuses(const call_env& env, std::vector<user_id> ids,
                  reply<std::vector<user_status>> done) {
  if (auto err = check_ids(ids))
    return done(std::move(err));
  env.self
    ->request(env.ctx->status, env.ctx->settings.actors.call_timeout(), statuses_atom_v,
              raw_ids(ids))
    .then([=](std::vector<user_status>& sts) { done(std::move(sts)); },
          [=](caf::error& err) { done(std::move(err)); });
}

} // namespace ag::account_service
