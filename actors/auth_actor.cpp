#include "actors/auth_actor.hpp"

#include <unordered_map>
#include <unordered_set>

#include "actors/commit.hpp"
#include "actors/hasher_pool.hpp"
#include "actors/messages.hpp"
#include "core/auth_token.hpp"
#include "core/error.hpp"
#include "core/limits.hpp"
#include "core/rate_limiter.hpp"
#include "storage/account_repo.hpp"

namespace ag {

namespace {

/// Failed sign-ins allowed per username: 5 per minute, burst 5.
constexpr double sign_in_failures_per_s = 5.0 / 60.0;
constexpr double sign_in_failure_burst = 5;

struct auth_state {
  commit_tracker commits;
  caf::actor hasher;
  std::unordered_set<std::string> reserved;                         // usernames being signed up
  std::unordered_map<std::uint64_t, std::uint64_t> valid;           // sid -> uid cache
  std::unordered_map<std::uint64_t, std::vector<caf::actor>> bound; // sid -> sessions
  std::unordered_map<std::string, rate_limiter> failures;           // username -> failures
  static inline const char* name = "auth";
};

using self_ptr = caf::stateful_actor<auth_state>*;

// Creates an authorization for `user` and answers the promise with a token.
void open_authorization(self_ptr self, node_context_ptr ctx, user_info user, std::string device,
                        write_batch batch, caf::response_promise rp) {
  self->request(ctx->idgen, internal_call, next_id_atom::value)
    .then(
      [=](std::uint64_t sid) mutable {
        authorization a{sid, user.id, ctx->now_s(), device};
        account_repo::add_authorization(batch, a);
        self->state.commits.submit(
          self, ctx->writer, std::move(batch), [=](const caf::error& err) mutable {
            self->state.reserved.erase(limits::normalize_username(user.username));
            if (err)
              return rp.deliver(err);
            self->state.valid.emplace(sid, user.id);
            token_claims claims{user.id, sid, ctx->now_s()};
            rp.deliver(auth_result{issue_token(ctx->token_key, claims), user, sid});
          });
      },
      [=](caf::error& err) mutable {
        self->state.reserved.erase(limits::normalize_username(user.username));
        rp.deliver(err);
      });
}

} // namespace

caf::actor spawn_auth(caf::actor_system& sys, node_context_ptr ctx) {
  auto hasher = spawn_hasher_pool(sys, ctx->settings);
  return sys.spawn([ctx, hasher](caf::stateful_actor<auth_state>* self) -> caf::behavior {
    self->state.hasher = hasher;
    self->set_down_handler([self](caf::down_msg& dm) {
      for (auto& [sid, sessions] : self->state.bound)
        sessions.erase(
          std::remove_if(sessions.begin(), sessions.end(),
                         [&](const caf::actor& a) { return a.address() == dm.source; }),
          sessions.end());
    });
    self->attach_functor(
      [hasher] { caf::anon_send_exit(hasher, caf::exit_reason::user_shutdown); });
    account_repo accounts{ctx->db};
    return {
      [=](commit_atom, std::uint64_t token, const caf::error& err) {
        self->state.commits.done(token, err);
      },
      [=](sign_up_request& req) mutable -> caf::result<auth_result> {
        if (auto e = limits::check_username(req.username); e != errc::none)
          return make_error(e, "5-32 characters: letters, digits, '_', starting with a letter");
        if (auto e = limits::check_password(req.password); e != errc::none)
          return make_error(e, "the password must have 8-256 bytes");
        if (auto e = limits::check_name(req.first_name, true); e != errc::none)
          return make_error(e, "first_name must have 1-64 characters");
        if (auto e = limits::check_name(req.last_name, false); e != errc::none)
          return make_error(e, "last_name must have at most 64 characters");
        auto lower = limits::normalize_username(req.username);
        auto existing = accounts.find_username(lower);
        if (!existing)
          return existing.error();
        if (*existing || self->state.reserved.count(lower) > 0)
          return make_error(errc::username_occupied, "that username is taken");
        self->state.reserved.insert(lower);
        auto rp = self->make_response_promise();
        auto fail = [=](caf::error& err) mutable {
          self->state.reserved.erase(lower);
          rp.deliver(err);
        };
        self->request(self->state.hasher, std::chrono::seconds(30), hash_atom::value, req.password)
          .then(
            [=](std::string& hash) mutable {
              self->request(ctx->idgen, internal_call, sequence_atom::value, std::string{"user"})
                .then(
                  [=](std::uint64_t uid) mutable {
                    user_info u{uid, req.username, req.first_name, req.last_name, false};
                    write_batch b;
                    account_repo::add_user(b, u, hash);
                    open_authorization(self, ctx, u, req.device, std::move(b), rp);
                  },
                  fail);
            },
            fail);
        return rp;
      },
      [=](sign_in_request& req) mutable -> caf::result<auth_result> {
        auto lower = limits::normalize_username(req.username);
        auto& limiter =
          self->state.failures.try_emplace(lower, sign_in_failures_per_s, sign_in_failure_burst)
            .first->second;
        auto uid = accounts.find_username(lower);
        if (!uid)
          return uid.error();
        if (!*uid)
          return make_error(errc::username_not_occupied, "no account has that username");
        auto user = accounts.find_user(**uid);
        auto hash = accounts.password_hash(**uid);
        if (!user)
          return user.error();
        if (!hash)
          return hash.error();
        if (!*user || !*hash)
          return make_error(errc::storage_failure, "account record missing");
        // Peek: a username locked by failures answers FLOOD_WAIT before hashing.
        rate_limiter probe = limiter;
        if (auto wait = probe.take(ctx->now_ms()); wait > 0)
          return make_error(errc::flood_wait, "too many failed sign-ins", wait);
        auto rp = self->make_response_promise();
        self
          ->request(self->state.hasher, std::chrono::seconds(30), verify_atom::value, **hash,
                    req.password)
          .then(
            [=](bool ok) mutable {
              if (!ok) {
                auto& lim = self->state.failures
                              .try_emplace(lower, sign_in_failures_per_s, sign_in_failure_burst)
                              .first->second;
                lim.take(ctx->now_ms());
                rp.deliver(make_error(errc::password_hash_invalid, "wrong password"));
                return;
              }
              open_authorization(self, ctx, **user, req.device, write_batch{}, rp);
            },
            [=](caf::error& err) mutable { rp.deliver(err); });
        return rp;
      },
      [=](check_atom, const std::string& token,
          const caf::actor& session) mutable -> caf::result<token_owner> {
        auto claims = read_token(ctx->token_key, token);
        if (!claims)
          return make_error(errc::auth_key_unregistered, "invalid token");
        auto& valid = self->state.valid;
        auto i = valid.find(claims->session);
        if (i == valid.end()) {
          auto a = accounts.find_authorization(claims->session);
          if (!a)
            return a.error();
          if (!*a || (*a)->user != claims->user)
            return make_error(errc::auth_key_unregistered, "the token was revoked");
          i = valid.emplace(claims->session, claims->user).first;
          if (valid.size() > 100000) // bound the cache; it refills from storage
            valid.clear(), i = valid.emplace(claims->session, claims->user).first;
        }
        if (session) {
          self->monitor(session);
          self->state.bound[claims->session].push_back(session);
        }
        return token_owner{i->second, claims->session};
      },
      [=](revoke_atom, std::uint64_t sid) mutable -> caf::result<bool> {
        auto a = accounts.find_authorization(sid);
        if (!a)
          return a.error();
        if (!*a)
          return false;
        write_batch b;
        account_repo::remove_authorization(b, **a);
        auto rp = self->make_response_promise();
        self->state.commits.submit(self, ctx->writer, std::move(b),
                                   [=](const caf::error& err) mutable {
                                     if (err)
                                       return rp.deliver(err);
                                     self->state.valid.erase(sid);
                                     auto i = self->state.bound.find(sid);
                                     if (i != self->state.bound.end()) {
                                       for (auto& s : i->second)
                                         self->send(s, kick_atom::value);
                                       self->state.bound.erase(i);
                                     }
                                     rp.deliver(true);
                                   });
        return rp;
      },
      [=](users_atom,
          const std::vector<std::uint64_t>& ids) mutable -> caf::result<std::vector<user_info>> {
        std::vector<user_info> out;
        for (auto id : ids) {
          auto u = accounts.find_user(id);
          if (!u)
            return u.error();
          if (*u)
            out.push_back(std::move(**u));
        }
        return out;
      },
      [=](resolve_atom, const std::string& username) mutable -> caf::result<user_info> {
        auto uid = accounts.find_username(limits::normalize_username(username));
        if (!uid)
          return uid.error();
        if (*uid) {
          auto u = accounts.find_user(**uid);
          if (!u)
            return u.error();
          if (*u)
            return std::move(**u);
        }
        return make_error(errc::username_not_occupied, "no user has that username");
      },
    };
  });
}

} // namespace ag
