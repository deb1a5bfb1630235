// Bot accounts: an account with is_bot, no password, and a bot record with
// its owner and its token's hash (storage/account/bot_repo.hpp). A bot is
// made on the node its username is indexed on (like a sign-up), listed
// among its owner's bots on the owner's node first (so a bot never exists
// unlisted; a listing whose bot was never made is skipped), and its token
// is checked on the bot's node.
#include <algorithm>

#include "actors/auth/detail/state.hpp"
#include "actors/protocol/type_ids.hpp"
#include "core/rules/bot_rules.hpp"
#include "core/rules/limits.hpp"
#include "storage/account/bot_repo.hpp"

namespace ag::auth_detail {

namespace {

constexpr std::size_t max_bots_per_owner = 20; // as BotFather

caf::error bots_too_much() {
  return make_error(errc::bots_too_much, "a user may make at most 20 bots");
}

/// Lists `bot` among `owner`'s bots in `b` unless the owner has too many.
caf::error list_bot(node_context& ctx, write_batch& b, std::uint64_t owner, std::uint64_t bot) {
  auto owned = bot_repo{ctx.db}.owned_by(owner);
  if (!owned)
    return owned.error();
  if (owned->size() >= max_bots_per_owner)
    return bots_too_much();
  bot_repo::own(b, owner, bot);
  return {};
}

} // namespace

caf::result<bool> own_bot(self_ptr self, const node_context_ptr& ctx, std::uint64_t owner,
                          std::uint64_t bot) {
  write_batch b;
  if (auto err = list_bot(*ctx, b, owner, bot))
    return err;
  auto rp = self->make_response_promise<bool>();
  self->state.commits.submit(self, ctx->writer, std::move(b), [=](const caf::error& err) mutable {
    if (err)
      rp.deliver(err);
    else
      rp.deliver(true);
  });
  return rp;
}

caf::result<bot_created> create_bot(self_ptr self, const node_context_ptr& ctx,
                                    account_repo& accounts, const bot_create& req) {
  if (auto e = bot_rules::check_username(req.username); e != errc::none)
    return make_error(e, "a bot's username has 5-32 characters a-z, 0-9 and _, starting with a "
                         "letter and ending in \"bot\"");
  if (auto e = limits::check_name(req.first_name, true); e != errc::none)
    return make_error(e, "first_name must have 1-64 characters");
  auto lower = limits::normalize_username(req.username);
  if (auto err = username_free(self, accounts, lower))
    return err;
  auto claim = "u:" + lower;
  self->state.reserved.insert(claim);
  auto rp = self->make_response_promise<bot_created>();
  auto fail = [=](const caf::error& err) mutable {
    self->state.reserved.erase(claim);
    rp.deliver(err);
  };
  self->request(ctx->idgen, internal_call, sequence_atom_v, std::string{"user"})
    .then(
      [=](std::uint64_t uid) mutable {
        auto secret = bot_rules::new_secret();
        user_info u{uid, req.username, req.first_name, "", true, false};
        bot_record rec{uid, req.owner.value, bot_rules::hash_secret(secret), true, ctx->now_s()};
        auto commit = [=](bool listed) mutable {
          write_batch b;
          account_repo::add_user(b, u, "");
          bot_repo::put(b, rec);
          if (!listed)
            if (auto err = list_bot(*ctx, b, rec.owner, uid))
              return fail(err);
          self->state.commits.submit(
            self, ctx->writer, std::move(b), [=](const caf::error& err) mutable {
              self->state.reserved.erase(claim);
              if (err)
                rp.deliver(err);
              else
                rp.deliver(bot_created{u, bot_rules::make_token(uid, secret)});
            });
        };
        auto there = auth_elsewhere(*ctx, rec.owner);
        if (!there)
          return commit(false);
        if (!*there)
          return fail(there->error());
        // Listed on the owner's node first: a bot never exists unlisted.
        self->request(**there, internal_call, own_atom_v, req.owner, user_id{uid})
          .then([=](bool) mutable { commit(true); }, [=](caf::error& err) mutable { fail(err); });
      },
      [=](caf::error& err) mutable { fail(err); });
  return rp;
}

caf::result<bot_created> reset_bot_token(self_ptr self, const node_context_ptr& ctx,
                                         account_repo& accounts, const bot_token_reset& req) {
  bot_repo bots{ctx->db};
  auto rec = bots.find(req.bot.value);
  if (!rec)
    return rec.error();
  if (!*rec || (*rec)->owner != req.owner.value)
    return make_error(errc::bot_invalid, "no such bot of yours");
  auto user = accounts.find_user(req.bot.value);
  if (!user)
    return user.error();
  if (!*user || (*user)->deleted)
    return make_error(errc::bot_invalid, "no such bot of yours");
  auto secret = bot_rules::new_secret();
  auto next = **rec;
  next.secret_hash = bot_rules::hash_secret(secret);
  write_batch b;
  bot_repo::put(b, next);
  auto rp = self->make_response_promise<bot_created>();
  auto created = bot_created{**user, bot_rules::make_token(next.id, secret)};
  self->state.commits.submit(self, ctx->writer, std::move(b), [=](const caf::error& err) mutable {
    if (err)
      rp.deliver(err);
    else
      rp.deliver(created);
  });
  return rp;
}

caf::result<std::vector<user_info>> bots_of(self_ptr self, const node_context_ptr& ctx,
                                            std::uint64_t owner) {
  auto ids = bot_repo{ctx->db}.owned_by(owner);
  if (!ids)
    return ids.error();
  auto rp = self->make_response_promise<std::vector<user_info>>();
  // Through our own users handler: bots made on other nodes live there.
  self
    ->request(caf::actor_cast<auth_actor>(self), internal_call, users_atom_v,
              wrap_ids<user_id>(*ids))
    .then(
      [=](std::vector<user_info>& us) mutable {
        us.erase(std::remove_if(us.begin(), us.end(),
                                [](const user_info& u) { return u.deleted || !u.is_bot; }),
                 us.end());
        rp.deliver(std::move(us));
      },
      [=](caf::error& err) mutable { rp.deliver(err); });
  return rp;
}

caf::result<token_owner> check_bot_token(node_context& ctx, const std::string& token) {
  auto parsed = bot_rules::parse_token(token);
  if (!parsed)
    return make_error(errc::auth_key_unregistered, "invalid token specified");
  auto rec = bot_repo{ctx.db}.find(parsed->bot);
  if (!rec)
    return rec.error();
  if (!*rec || !bot_rules::secret_matches(parsed->secret, (*rec)->secret_hash))
    return make_error(errc::auth_key_unregistered, "invalid token specified");
  return token_owner{user_id{parsed->bot}, auth_session_id{}};
}

} // namespace ag::auth_detail
