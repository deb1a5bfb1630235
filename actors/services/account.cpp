// The account methods (docs/api.md, "Accounts"): sign-up with an email code,
// sign-in, password reset, profile and password changes, authorizations,
// account deletion, user search and block lists.
#include <algorithm>

#include "actors/protocol/type_ids.hpp"
#include "actors/services/detail/api_detail.hpp"
#include "core/rules/limits.hpp"
#include "core/rules/verification.hpp"
#include "core/shapes.hpp"

namespace ag::api_detail {

namespace {

constexpr std::int64_t max_search_limit = 50;

std::string render_auth(const auth_result& r) {
  json_writer w;
  w.begin_object().field("token", r.token).key("user");
  write_user(w, r.user);
  w.end_object();
  return w.take();
}

/// Answers with the token and sets the identity the call established.
std::function<void(const auth_result&)> signed_in(rpc_done done) {
  return [done](const auth_result& r) {
    auto o = ok(render_auth(r));
    o.established = caller{r.user.id, r.auth_session};
    done(std::move(o));
  };
}

/// Answers `{"users":[<user>...]}`.
std::function<void(const std::vector<user_info>&)> users_reply(rpc_done done) {
  return [done](const std::vector<user_info>& users) {
    json_writer w;
    w.begin_object().key("users").begin_array();
    for (auto& u : users)
      write_user(w, u);
    w.end_array().end_object();
    done(ok(w.take()));
  };
}

/// The client's `device` (validated) or its User-Agent, and its address.
std::optional<client_info> client_of(const rpc_params& p, rpc_done& done) {
  // The User-Agent is the client's to choose: printable ASCII, 64 bytes.
  client_info c{{}, p.client_address};
  for (char ch : p.client_agent)
    if (ch >= 0x20 && ch < 0x7f && c.device.size() < 64)
      c.device.push_back(ch);
  if (p.device) {
    if (limits::check_name(*p.device, false) != errc::none) {
      done(fail(errc::input_request_invalid, "device must have at most 64 characters"));
      return std::nullopt;
    }
    c.device = *p.device;
  }
  return c;
}

/// Auth calls hash passwords: they get a long deadline of their own.
constexpr auto hashing_call = std::chrono::seconds(60);

} // namespace

AG_API_METHOD(sign_up) {
  for (auto [value, name] : {std::pair{&p.username, "username"}, std::pair{&p.password, "password"},
                             std::pair{&p.first_name, "first_name"}})
    if (!*value)
      return done(missing(name));
  if (p.email && !p.code)
    return done(missing("code"));
  auto client = client_of(p, done);
  if (!client)
    return;
  sign_up_request r{
    *p.username,          *p.password,         *p.first_name, p.last_name.value_or(""),
    p.email.value_or(""), p.code.value_or(""), *client};
  self->request(ctx->auth, hashing_call, std::move(r)).then(signed_in(done), failed(done));
}

AG_API_METHOD(sign_in) {
  if (!p.username)
    return done(missing("username"));
  if (!p.password)
    return done(missing("password"));
  auto client = client_of(p, done);
  if (!client)
    return;
  sign_in_request r{*p.username, *p.password, *client};
  self->request(ctx->auth, hashing_call, std::move(r)).then(signed_in(done), failed(done));
}

AG_API_METHOD(send_code) {
  if (!p.email)
    return done(missing("email"));
  auto purpose = p.purpose.value_or("signUp");
  code_purpose kind;
  if (purpose == "signUp")
    kind = code_purpose::sign_up;
  else if (purpose == "resetPassword")
    kind = code_purpose::reset_password;
  else
    return done(fail(errc::input_request_invalid, "purpose must be signUp or resetPassword"));
  auto email = limits::normalize_email(*p.email);
  self->request(ctx->auth, hashing_call, code_request{email, static_cast<std::uint8_t>(kind)})
    .then(
      [=](bool) {
        json_writer w;
        w.begin_object()
          .field("email", email)
          .field("length", 6)
          .field("timeout", 600)
          .end_object();
        done(ok(w.take()));
      },
      failed(done));
}

AG_API_METHOD(reset_password) {
  for (auto [value, name] : {std::pair{&p.email, "email"}, std::pair{&p.code, "code"},
                             std::pair{&p.new_password, "new_password"}})
    if (!*value)
      return done(missing(name));
  auto client = client_of(p, done);
  if (!client)
    return;
  password_reset r{*p.email, *p.code, *p.new_password, *client};
  self->request(ctx->auth, hashing_call, std::move(r)).then(signed_in(done), failed(done));
}

AG_API_METHOD(update_profile) {
  profile_change r;
  r.user = who.user;
  r.set_first = p.first_name.has_value();
  r.set_last = p.last_name.has_value();
  r.set_username = p.username.has_value();
  if (!r.set_first && !r.set_last && !r.set_username)
    return done(fail(errc::input_request_invalid, "give first_name, last_name or username"));
  r.first_name = p.first_name.value_or("");
  r.last_name = p.last_name.value_or("");
  r.username = p.username.value_or("");
  self->request(ctx->auth, ctx->settings.call_timeout, std::move(r))
    .then(
      [=](const user_info& u) {
        json_writer w;
        write_user(w, u);
        done(ok(w.take()));
      },
      failed(done));
}

AG_API_METHOD(change_password) {
  if (!p.password)
    return done(missing("password"));
  if (!p.new_password)
    return done(missing("new_password"));
  password_change r{who.user, who.auth_session, *p.password, *p.new_password};
  self->request(ctx->auth, hashing_call, std::move(r))
    .then(
      [=](std::uint32_t revoked) {
        json_writer w;
        w.begin_object().field("revoked", static_cast<std::uint64_t>(revoked)).end_object();
        done(ok(w.take()));
      },
      failed(done));
}

AG_API_METHOD(get_authorizations) {
  auto current = who.auth_session;
  self->request(ctx->auth, ctx->settings.call_timeout, sessions_atom_v, who.user)
    .then(
      [=](std::vector<authorization> all) {
        std::sort(all.begin(), all.end(), [&](const authorization& a, const authorization& b) {
          if ((a.id == current) != (b.id == current))
            return a.id == current;
          return a.active != b.active ? a.active > b.active : a.id > b.id;
        });
        json_writer w;
        w.begin_object().key("authorizations").begin_array();
        for (auto& a : all)
          w.begin_object()
            .field("hash", std::to_string(a.id))
            .field("current", a.id == current)
            .field("device", a.device)
            .field("ip", a.ip)
            .field("date_created", a.created)
            .field("date_active", a.active)
            .end_object();
        w.end_array().end_object();
        done(ok(w.take()));
      },
      failed(done));
}

AG_API_METHOD(reset_authorization) {
  if (!p.hash)
    return done(missing("hash"));
  if (*p.hash == who.auth_session)
    return done(fail(errc::hash_invalid, "this is the current session: use auth.logOut"));
  self->request(ctx->auth, ctx->settings.call_timeout, reset_atom_v, who.user, *p.hash)
    .then([=](bool) { done(ok("true")); }, failed(done));
}

AG_API_METHOD(delete_account) {
  if (!p.password)
    return done(missing("password"));
  account_deletion r{who.user, *p.password};
  self->request(ctx->auth, hashing_call, std::move(r))
    .then([=](bool) { done(ok("true")); }, failed(done));
}

AG_API_METHOD(search_contacts) {
  if (!p.q)
    return done(missing("q"));
  auto limit = p.limit.value_or(20);
  if (limit < 1 || limit > max_search_limit)
    return done(fail(errc::limit_invalid, "limit must be 1-50"));
  user_search r{*p.q, static_cast<std::uint32_t>(limit)};
  self->request(ctx->auth, ctx->settings.call_timeout, std::move(r))
    .then(users_reply(done), failed(done));
}

namespace {

void set_blocked(self_ptr self, const node_context_ptr& ctx, const caller& who, const rpc_params& p,
                 rpc_done done, call_cache* cache, bool blocked) {
  if (!p.id)
    return done(missing("id"));
  auto target = *p.id;
  if (target == who.user)
    return done(fail(errc::user_id_invalid, "you cannot block yourself"));
  auto uid = who.user;
  self->request(ctx->auth, internal_call, users_atom_v, std::vector<std::uint64_t>{target})
    .then(
      [=](const std::vector<user_info>& users) {
        if (users.empty())
          return done(fail(errc::user_id_invalid, "no such user"));
        ask_own_actor(
          self, ctx, cache, uid, block_request{target, blocked}, [=](bool) { done(ok("true")); },
          done);
      },
      failed(done));
}

} // namespace

AG_API_METHOD(block_contact) {
  set_blocked(self, ctx, who, p, std::move(done), cache, true);
}

AG_API_METHOD(unblock_contact) {
  set_blocked(self, ctx, who, p, std::move(done), cache, false);
}

AG_API_METHOD(get_blocked) {
  ask_own_actor(
    self, ctx, cache, who.user, blocked_atom_v,
    [=](std::vector<std::uint64_t> ids) {
      std::sort(ids.begin(), ids.end());
      self->request(ctx->auth, internal_call, users_atom_v, ids)
        .then(users_reply(done), failed(done));
    },
    done);
}

} // namespace ag::api_detail
