#include "actors/auth/auth_actor.hpp"

#include "actors/auth/detail/state.hpp"
#include "actors/auth/hasher_pool.hpp"
#include "actors/auth/mailer.hpp"
#include "actors/protocol/type_ids.hpp"
#include "core/codec/auth_token.hpp"
#include "core/error.hpp"
#include "core/rules/bot_rules.hpp"
#include "core/rules/limits.hpp"

namespace ag {

namespace auth_detail {

void open_authorization(self_ptr self, node_context_ptr ctx, user_info user, client_info client,
                        write_batch batch, caf::response_promise rp,
                        std::vector<std::string> reserved, std::function<void()> after) {
  auto release = [self, reserved] {
    for (auto& r : reserved)
      self->state.reserved.erase(r);
  };
  self->request(ctx->idgen, internal_call, next_id_atom_v)
    .then(
      [=](std::uint64_t sid) mutable {
        authorization a{sid, user.id, ctx->now_s(), client.device, client.ip, ctx->now_s()};
        account_repo::put_authorization(batch, a);
        self->state.commits.submit(self, ctx->writer, std::move(batch),
                                   [=](const caf::error& err) mutable {
                                     release();
                                     if (err)
                                       return rp.deliver(err);
                                     self->state.valid.emplace(sid, a);
                                     if (after)
                                       after();
                                     token_claims claims{user.id, sid, ctx->now_s()};
                                     rp.deliver(auth_result{issue_token(ctx->token_key, claims),
                                                            user, auth_session_id{sid}});
                                   });
      },
      [=](caf::error& err) mutable {
        release();
        rp.deliver(err);
      });
}

caf::expected<std::vector<std::uint64_t>> revoke_all(self_ptr self, account_repo& accounts,
                                                     std::uint64_t uid, std::uint64_t keep,
                                                     write_batch& b) {
  auto all = accounts.authorizations(uid);
  if (!all)
    return all.error();
  std::vector<std::uint64_t> sids;
  for (auto& a : *all) {
    if (a.id == keep)
      continue;
    account_repo::remove_authorization(b, a);
    self->state.revoking.insert(a.id);
    self->state.valid.erase(a.id);
    sids.push_back(a.id);
  }
  return sids;
}

void forget(self_ptr self, const std::vector<std::uint64_t>& sids) {
  auto& st = self->state;
  for (auto sid : sids) {
    st.revoking.erase(sid);
    st.valid.erase(sid);
    if (auto i = st.bound.find(sid); i != st.bound.end()) {
      for (auto& s : i->second)
        caf::anon_send(s, kick_atom_v); // sessions are dynamically typed
      st.bound.erase(i);
    }
  }
}

void commit_revoking(self_ptr self, node_context_ptr ctx, write_batch b,
                     std::vector<std::uint64_t> sids, caf::response_promise rp,
                     std::function<void()> then) {
  self->state.commits.submit(self, ctx->writer, std::move(b), [=](const caf::error& err) mutable {
    if (err) {
      for (auto sid : sids)
        self->state.revoking.erase(sid);
      return rp.deliver(err);
    }
    // The call is answered before its sockets hear of the revocation, so a
    // session that revoked itself (auth.logOut) still gets its result.
    then();
    forget(self, sids);
  });
}

caf::result<bool> revoke_one(self_ptr self, node_context_ptr ctx, const authorization& a) {
  write_batch b;
  account_repo::remove_authorization(b, a);
  self->state.revoking.insert(a.id);
  self->state.valid.erase(a.id);
  auto rp = self->make_response_promise();
  commit_revoking(self, ctx, std::move(b), {a.id}, rp, [=]() mutable { rp.deliver(true); });
  return rp;
}

caf::error username_free(self_ptr self, account_repo& accounts, const std::string& lower,
                         std::uint64_t owner) {
  auto existing = accounts.find_username(lower);
  if (!existing)
    return existing.error();
  if ((*existing && **existing != owner) || self->state.reserved.count("u:" + lower) > 0)
    return make_error(errc::username_occupied, "that username is taken");
  return {};
}

caf::expected<std::string> valid_email(std::string_view email) {
  auto lower = limits::normalize_email(email);
  if (limits::check_email(lower) != errc::none)
    return make_error(errc::email_invalid, "not a valid email address");
  return lower;
}

caf::error use_code(self_ptr self, node_context& ctx, const std::string& email,
                    code_purpose purpose, std::string_view code) {
  auto e = self->state.codes.verify(email, purpose, code, ctx.now_ms());
  if (e == errc::email_code_invalid)
    return make_error(e, "wrong code");
  if (e != errc::none)
    return make_error(e, "no valid code for this email: request one with auth.sendCode");
  return {};
}

namespace {

rate_limiter& failures_of(self_ptr self, const std::string& key) {
  return self->state.failures.try_emplace(key, password_failures_per_s, password_failure_burst)
    .first->second;
}

/// Verifies on the hasher pool; a mismatch counts against `key`.
void verify_hash(self_ptr self, node_context_ptr ctx, std::string key, std::string hash,
                 std::string password, caf::response_promise rp, std::function<void()> then) {
  // Peek: an account locked by failures answers FLOOD_WAIT before hashing.
  rate_limiter probe = failures_of(self, key);
  if (auto wait = probe.take(ctx->now_ms()); wait > 0)
    return rp.deliver(make_error(errc::flood_wait, "too many wrong passwords", wait));
  self
    ->request(self->state.hasher, std::chrono::seconds(30), verify_atom_v, std::move(hash),
              std::move(password))
    .then(
      [=](bool ok) mutable {
        if (!ok) {
          failures_of(self, key).take(ctx->now_ms());
          return rp.deliver(make_error(errc::password_hash_invalid, "wrong password"));
        }
        then();
      },
      [=](caf::error& err) mutable { rp.deliver(err); });
}

} // namespace

void check_password(self_ptr self, node_context_ptr ctx, std::uint64_t uid, std::string password,
                    caf::response_promise rp, std::function<void()> then) {
  account_repo accounts{ctx->db};
  auto hash = accounts.password_hash(uid);
  if (!hash)
    return rp.deliver(hash.error());
  if (!*hash)
    return rp.deliver(make_error(errc::auth_key_unregistered, "the account is gone"));
  verify_hash(self, ctx, "#" + std::to_string(uid), std::move(**hash), std::move(password), rp,
              std::move(then));
}

void hash_password(self_ptr self, std::string password, caf::response_promise rp,
                   std::function<void(std::string)> then) {
  self->request(self->state.hasher, std::chrono::seconds(30), hash_atom_v, std::move(password))
    .then([=](std::string& hash) { then(std::move(hash)); },
          [=](caf::error& err) mutable { rp.deliver(err); });
}

} // namespace auth_detail

using namespace auth_detail;

namespace {

caf::error check_profile(const std::string& username, const std::string& first_name,
                         const std::string& last_name) {
  if (auto e = limits::check_username(username); e != errc::none)
    return make_error(e, "5-32 characters: letters, digits, '_', starting with a letter");
  if (auto e = limits::check_name(first_name, true); e != errc::none)
    return make_error(e, "first_name must have 1-64 characters");
  if (auto e = limits::check_name(last_name, false); e != errc::none)
    return make_error(e, "last_name must have at most 64 characters");
  return {};
}

caf::result<auth_result> sign_up(self_ptr self, node_context_ptr ctx, account_repo& accounts,
                                 sign_up_request& req) {
  auto* repo = &accounts; // the actor's own: lives as long as it
  if (auto err = check_profile(req.username, req.first_name, req.last_name))
    return err;
  if (auto e = limits::check_password(req.password); e != errc::none)
    return make_error(e, "the password must have 8-256 bytes");
  if (req.email.empty() && ctx->settings.auth.require_email)
    return make_error(errc::email_required, "sign up with an email and the code sent to it");
  std::string email;
  bool email_elsewhere = false; // its index node checks it and the code
  if (!req.email.empty()) {
    auto valid = valid_email(req.email);
    if (!valid)
      return valid.error();
    email = std::move(*valid);
    email_elsewhere = indexed_elsewhere(*ctx, email_key(email));
    if (!email_elsewhere) {
      auto owner = accounts.find_email(email);
      if (!owner)
        return owner.error();
      if (*owner || self->state.reserved.count("e:" + email) > 0)
        return make_error(errc::email_occupied, "another account has this email");
    }
  }
  auto lower = limits::normalize_username(req.username);
  if (auto err = username_free(self, accounts, lower))
    return err;
  if (!email.empty() && !email_elsewhere)
    if (auto err = use_code(self, *ctx, email, code_purpose::sign_up, req.code))
      return err;
  std::vector<std::string> claims{"u:" + lower};
  if (!email.empty())
    claims.push_back("e:" + email);
  for (auto& c : claims)
    self->state.reserved.insert(c);
  auto rp = self->make_response_promise();
  auto fail = [=](caf::error& err) mutable {
    for (auto& c : claims)
      self->state.reserved.erase(c);
    rp.deliver(err);
  };
  self->request(self->state.hasher, std::chrono::seconds(30), hash_atom_v, req.password)
    .then(
      [=](std::string& hash) mutable {
        self->request(ctx->idgen, internal_call, sequence_atom_v, std::string{"user"})
          .then(
            [=](std::uint64_t uid) mutable {
              user_info u{uid, req.username, req.first_name, req.last_name, false, false};
              auto commit = [=]() mutable {
                write_batch b;
                account_repo::add_user(b, u, hash, email);
                open_authorization(self, ctx, u, req.client, std::move(b), rp, claims);
              };
              if (!email_elsewhere)
                return commit();
              // The email's node claims it (and uses the code up) first.
              claim(self, ctx, *repo, email_key(email), uid, req.code, commit,
                    [fail](caf::error err) mutable { fail(err); });
            },
            fail);
      },
      fail);
  return rp;
}

caf::result<auth_result> sign_in(self_ptr self, node_context_ptr ctx, account_repo& accounts,
                                 sign_in_request& req) {
  auto lower = limits::normalize_username(req.username);
  auto uid = req.user.value; // set: the username's node found the account
  if (!req.user.valid()) {
    auto owner = accounts.find_username(lower);
    if (!owner)
      return owner.error();
    if (!*owner)
      return make_error(errc::username_not_occupied, "no account has that username");
    uid = **owner;
    // Renamed: the account may live on another node.
    auto there = req;
    there.user = user_id{uid};
    if (auto r = forward<auth_result>(self, *ctx, uid, std::move(there)))
      return std::move(*r);
  }
  auto user = accounts.find_user(uid);
  auto hash = accounts.password_hash(uid);
  if (!user)
    return user.error();
  if (!hash)
    return hash.error();
  if (!*user || !*hash)
    return storage_error("account record missing");
  auto rp = self->make_response_promise();
  verify_hash(self, ctx, "u:" + lower, std::move(**hash), req.password, rp,
              [=]() mutable { open_authorization(self, ctx, **user, req.client, {}, rp); });
  return rp;
}

caf::result<bool> send_code(self_ptr self, node_context_ptr ctx, account_repo& accounts,
                            const code_request& req) {
  auto valid = valid_email(req.email);
  if (!valid)
    return valid.error();
  auto email = std::move(*valid);
  auto purpose = static_cast<code_purpose>(req.purpose);
  auto owner = accounts.find_email(email);
  if (!owner)
    return owner.error();
  if (purpose == code_purpose::sign_up && *owner)
    return make_error(errc::email_occupied, "another account has this email");
  auto& book = self->state.codes;
  if (book.size() > 10000)
    book.sweep(ctx->now_ms());
  auto issued = book.issue(email, purpose, ctx->now_ms());
  if (issued.error != errc::none)
    return make_error(issued.error, "a code was sent recently", issued.retry_after);
  // Resetting an unknown address answers the same, mailing nothing: the
  // method does not reveal which emails have accounts.
  if (purpose == code_purpose::reset_password && !*owner)
    return true;
  auto what = purpose == code_purpose::sign_up ? "confirm your email" : "reset your password";
  auto body = "Your actorgram code is " + issued.code + ".\nUse it within 10 minutes to " + what
              + ". If you did not ask for it, ignore this mail.";
  auto rp = self->make_response_promise();
  self
    ->request(self->state.mailer, std::chrono::seconds(30), mail_atom_v, email,
              "Your actorgram code: " + issued.code, body)
    .then([=](bool) mutable { rp.deliver(true); },
          [=](caf::error& err) mutable { rp.deliver(err); });
  return rp;
}

/// The authorization behind a token, from the cache or storage.
caf::expected<authorization*> live_authorization(self_ptr self, account_repo& accounts,
                                                 const token_claims& claims) {
  auto& st = self->state;
  if (st.revoking.count(claims.session) > 0)
    return make_error(errc::auth_key_unregistered, "the token was revoked");
  auto i = st.valid.find(claims.session);
  if (i == st.valid.end()) {
    auto a = accounts.find_authorization(claims.session);
    if (!a)
      return a.error();
    if (!*a || (*a)->user != claims.user)
      return make_error(errc::auth_key_unregistered, "the token was revoked");
    if (st.valid.size() > 100000) // bound the cache; it refills from storage
      st.valid.clear();
    i = st.valid.emplace(claims.session, std::move(**a)).first;
  }
  return &i->second;
}

} // namespace

auth_actor spawn_auth(caf::actor_system& sys, node_context_ptr ctx) {
  auto hasher = spawn_hasher_pool(sys, ctx->settings);
  auto mailer = spawn_mailer(sys, ctx->settings);
  return sys.spawn([ctx, hasher, mailer](self_ptr self) -> auth_impl::behavior_type {
    self->state.hasher = hasher;
    self->state.mailer = mailer;
    self->set_down_handler([self](caf::down_msg& dm) {
      for (auto& [sid, sessions] : self->state.bound)
        sessions.erase(
          std::remove_if(sessions.begin(), sessions.end(),
                         [&](const caf::actor& a) { return a.address() == dm.source; }),
          sessions.end());
    });
    self->attach_functor([hasher, mailer] {
      caf::anon_send_exit(hasher, caf::exit_reason::user_shutdown);
      caf::anon_send_exit(mailer, caf::exit_reason::user_shutdown);
    });
    auto accounts = std::make_shared<account_repo>(ctx->db);
    return {
      [=](commit_atom, std::uint64_t token, const caf::error& err) {
        self->state.commits.done(token, err);
      },
      // In a cluster each call goes first to the node its data lives on:
      // the username's or email's index node, or the account's.
      [=](sign_up_request& req) -> caf::result<auth_result> {
        auto key = username_key(limits::normalize_username(req.username));
        if (auto r = forward<auth_result>(self, *ctx, key_place(key), req))
          return std::move(*r);
        return sign_up(self, ctx, *accounts, req);
      },
      [=](sign_in_request& req) -> caf::result<auth_result> {
        auto key = username_key(limits::normalize_username(req.username));
        if (!req.user.valid())
          if (auto r = forward<auth_result>(self, *ctx, key_place(key), req))
            return std::move(*r);
        return sign_in(self, ctx, *accounts, req);
      },
      [=](const code_request& req) -> caf::result<bool> {
        auto key = email_key(limits::normalize_email(req.email));
        if (auto r = forward<bool>(self, *ctx, key_place(key), req))
          return std::move(*r);
        return send_code(self, ctx, *accounts, req);
      },
      [=](check_atom, const std::string& token, const std::string& ip,
          const caf::actor& session) -> caf::result<token_owner> {
        auto claims = read_token(ctx->token_key, token);
        if (!claims)
          return make_error(errc::auth_key_unregistered, "invalid token");
        if (auto r =
              forward<token_owner>(self, *ctx, claims->user, check_atom_v, token, ip, session))
          return std::move(*r);
        auto a = live_authorization(self, *accounts, *claims);
        if (!a)
          return a.error();
        auto& auth = **a;
        auto now = ctx->now_s();
        if (now - auth.active >= activity_write_s || (!ip.empty() && ip != auth.ip)) {
          auth.active = now;
          if (!ip.empty())
            auth.ip = ip;
          write_batch b; // after any earlier removal in the queue: FIFO commits
          account_repo::put_authorization(b, auth);
          self->state.commits.submit(self, ctx->writer, std::move(b), [](const caf::error&) {});
        }
        if (session) {
          self->monitor(session);
          self->state.bound[claims->session].push_back(session);
        }
        return token_owner{user_id{auth.user}, auth_session_id{auth.id}};
      },
      [=](revoke_atom, user_id uid, auth_session_id sid) -> caf::result<bool> {
        if (auto r = forward<bool>(self, *ctx, uid.value, revoke_atom_v, uid, sid))
          return std::move(*r);
        auto a = accounts->find_authorization(sid.value);
        if (!a)
          return a.error();
        if (!*a || (*a)->user != uid.value)
          return false;
        return revoke_one(self, ctx, **a);
      },
      [=](users_atom, const std::vector<user_id>& ids) {
        return users_everywhere(self, ctx, *accounts, ids);
      },
      [=](resolve_atom, const std::string& username) -> caf::result<user_info> {
        auto lower = limits::normalize_username(username);
        if (auto r = forward<user_info>(self, *ctx, key_place(username_key(lower)), resolve_atom_v,
                                        username))
          return std::move(*r);
        auto uid = accounts->find_username(lower);
        if (!uid)
          return uid.error();
        if (!*uid)
          return make_error(errc::username_not_occupied, "no user has that username");
        if (auto there = auth_elsewhere(*ctx, **uid)) { // renamed: the account is elsewhere
          if (!*there)
            return there->error();
          auto rp = self->make_response_promise<user_info>();
          self->request(**there, internal_call, users_atom_v, std::vector<user_id>{user_id{**uid}})
            .then(
              [=](std::vector<user_info>& us) mutable {
                if (us.empty())
                  rp.deliver(make_error(errc::username_not_occupied, "no user has that username"));
                else
                  rp.deliver(std::move(us.front()));
              },
              [=](caf::error& err) mutable { rp.deliver(err); });
          return rp;
        }
        auto u = accounts->find_user(**uid);
        if (!u)
          return u.error();
        if (*u)
          return std::move(**u);
        return make_error(errc::username_not_occupied, "no user has that username");
      },
      [=](const password_reset& req) -> caf::result<auth_result> {
        if (req.verified.valid()) { // the email's node used the code up
          if (auto r = forward<auth_result>(self, *ctx, req.verified.value, req))
            return std::move(*r);
        } else {
          auto key = email_key(limits::normalize_email(req.email));
          if (auto r = forward<auth_result>(self, *ctx, key_place(key), req))
            return std::move(*r);
        }
        return reset_password(self, ctx, *accounts, req);
      },
      [=](const profile_change& req) -> caf::result<user_info> {
        if (auto r = forward<user_info>(self, *ctx, req.user.value, req))
          return std::move(*r);
        return change_profile(self, ctx, *accounts, req);
      },
      [=](const password_change& req) -> caf::result<std::uint32_t> {
        if (auto r = forward<std::uint32_t>(self, *ctx, req.user.value, req))
          return std::move(*r);
        return change_password(self, ctx, *accounts, req);
      },
      [=](const account_deletion& req) -> caf::result<bool> {
        if (auto r = forward<bool>(self, *ctx, req.user.value, req))
          return std::move(*r);
        return delete_account(self, ctx, *accounts, req);
      },
      [=](const user_search& req) { return search_everywhere(self, ctx, *accounts, req); },
      [=](sessions_atom, user_id uid) -> caf::result<std::vector<authorization>> {
        if (auto r =
              forward<std::vector<authorization>>(self, *ctx, uid.value, sessions_atom_v, uid))
          return std::move(*r);
        return list_authorizations(self, *accounts, uid.value);
      },
      [=](reset_atom, user_id uid, auth_session_id sid) -> caf::result<bool> {
        if (auto r = forward<bool>(self, *ctx, uid.value, reset_atom_v, uid, sid))
          return std::move(*r);
        return revoke_other(self, ctx, *accounts, uid.value, sid.value);
      },
      [=](claim_atom, const std::string& key, user_id uid, const std::string& code) {
        return claim_here(self, ctx, *accounts, key, uid.value, code);
      },
      [=](release_atom, const std::string& key, user_id uid) {
        release_here(self, ctx, *accounts, key, uid.value);
      },
      [=](const bot_create& req) -> caf::result<bot_created> {
        auto key = username_key(limits::normalize_username(req.username));
        if (auto r = forward<bot_created>(self, *ctx, key_place(key), req))
          return std::move(*r);
        return create_bot(self, ctx, *accounts, req);
      },
      [=](const bot_token_reset& req) -> caf::result<bot_created> {
        if (auto r = forward<bot_created>(self, *ctx, req.bot.value, req))
          return std::move(*r);
        return reset_bot_token(self, ctx, *accounts, req);
      },
      [=](bots_atom, user_id owner) -> caf::result<std::vector<user_info>> {
        if (auto r = forward<std::vector<user_info>>(self, *ctx, owner.value, bots_atom_v, owner))
          return std::move(*r);
        return bots_of(self, ctx, owner.value);
      },
      [=](bot_atom, const std::string& token) -> caf::result<token_owner> {
        auto parsed = bot_rules::parse_token(token);
        if (!parsed)
          return make_error(errc::auth_key_unregistered, "invalid token specified");
        if (auto r = forward<token_owner>(self, *ctx, parsed->bot, bot_atom_v, token))
          return std::move(*r);
        return check_bot_token(*ctx, token);
      },
      [=](own_atom, user_id owner, user_id bot) {
        return own_bot(self, ctx, owner.value, bot.value);
      },
    };
  });
}

} // namespace ag
