// Account management in the auth actor: password reset by email code,
// profile changes, password changes, authorizations, account deletion and
// user search (docs/api.md, "Accounts").
#include "actors/auth/detail/state.hpp"
#include "actors/protocol/type_ids.hpp"
#include "core/error.hpp"
#include "core/rules/limits.hpp"

namespace ag::auth_detail {

namespace {

constexpr std::size_t max_search_query = 64;

} // namespace

caf::result<auth_result> reset_password(self_ptr self, node_context_ptr ctx, account_repo& accounts,
                                        const password_reset& req) {
  auto valid = valid_email(req.email);
  if (!valid)
    return valid.error();
  auto email = std::move(*valid);
  if (limits::check_password(req.new_password) != errc::none)
    return make_error(errc::password_too_weak, "the password must have 8-256 bytes");
  auto uid = req.verified.value; // set: the email's node used the code up
  if (!req.verified.valid()) {
    if (auto err = use_code(self, *ctx, email, code_purpose::reset_password, req.code))
      return err;
    auto owner = accounts.find_email(email);
    if (!owner)
      return owner.error();
    if (!*owner) // the account went away since the code was sent
      return make_error(errc::email_code_expired, "no valid code for this email");
    uid = **owner;
    // In a cluster the account may live on another node: it sets the password.
    auto there = req;
    there.verified = user_id{uid};
    if (auto r = forward<auth_result>(self, *ctx, uid, std::move(there)))
      return std::move(*r);
  }
  auto user = accounts.find_user(uid);
  if (!user)
    return user.error();
  if (!*user)
    return storage_error("account record missing");
  auto rp = self->make_response_promise();
  hash_password(self, req.new_password, rp, [=](std::string hash) mutable {
    write_batch b;
    account_repo::set_password(b, uid, hash);
    auto sids = revoke_all(self, accounts, uid, 0, b);
    if (!sids)
      return rp.deliver(sids.error());
    self->state.failures.erase("#" + std::to_string(uid));
    self->state.failures.erase("u:" + limits::normalize_username((*user)->username));
    auto revoked = *sids;
    open_authorization(self, ctx, **user, req.client, std::move(b), rp, {},
                       [self, revoked] { forget(self, revoked); });
  });
  return rp;
}

caf::result<user_info> change_profile(self_ptr self, node_context_ptr ctx, account_repo& accounts,
                                      const profile_change& req) {
  auto found = accounts.find_user(req.user.value);
  if (!found)
    return found.error();
  if (!*found || (*found)->deleted)
    return make_error(errc::auth_key_unregistered, "the account is gone");
  auto before = **found;
  auto after = before;
  if (req.set_first) {
    if (limits::check_name(req.first_name, true) != errc::none)
      return make_error(errc::name_invalid, "first_name must have 1-64 characters");
    after.first_name = req.first_name;
  }
  if (req.set_last) {
    if (limits::check_name(req.last_name, false) != errc::none)
      return make_error(errc::name_invalid, "last_name must have at most 64 characters");
    after.last_name = req.last_name;
  }
  std::string claim;
  if (req.set_username) {
    if (limits::check_username(req.username) != errc::none)
      return make_error(errc::username_invalid,
                        "5-32 characters: letters, digits, '_', starting with a letter");
    auto lower = limits::normalize_username(req.username);
    if (lower != limits::normalize_username(before.username)) {
      if (!indexed_elsewhere(*ctx, username_key(lower)))
        if (auto err = username_free(self, accounts, lower, before.id))
          return err;
      claim = "u:" + lower;
    }
    after.username = req.username;
  }
  if (after.first_name == before.first_name && after.last_name == before.last_name
      && after.username == before.username)
    return after;
  auto rp = self->make_response_promise();
  auto commit = [=]() mutable {
    write_batch b;
    account_repo::update_user(b, before, after);
    if (!claim.empty())
      self->state.reserved.insert(claim);
    self->state.commits.submit(self, ctx->writer, std::move(b), [=](const caf::error& err) mutable {
      if (!claim.empty())
        self->state.reserved.erase(claim);
      if (err)
        return rp.deliver(err);
      if (!claim.empty()) // the old name's entry, if another node keeps it
        release_elsewhere(*ctx, username_key(limits::normalize_username(before.username)),
                          before.id);
      rp.deliver(after);
    });
  };
  if (claim.empty() || !indexed_elsewhere(*ctx, claim)) {
    commit();
    return rp;
  }
  // The new name's node claims it first.
  auth_detail::claim(self, ctx, accounts, claim, before.id, {}, commit,
                     [rp](caf::error err) mutable { rp.deliver(err); });
  return rp;
}

caf::result<std::uint32_t> change_password(self_ptr self, node_context_ptr ctx,
                                           account_repo& accounts, const password_change& req) {
  if (limits::check_password(req.new_password) != errc::none)
    return make_error(errc::password_too_weak, "the new password must have 8-256 bytes");
  auto rp = self->make_response_promise();
  auto uid = req.user.value;
  check_password(self, ctx, uid, req.password, rp, [=]() mutable {
    hash_password(self, req.new_password, rp, [=](std::string hash) mutable {
      write_batch b;
      account_repo::set_password(b, uid, hash);
      auto sids = revoke_all(self, accounts, uid, req.keep.value, b);
      if (!sids)
        return rp.deliver(sids.error());
      auto n = static_cast<std::uint32_t>(sids->size());
      commit_revoking(self, ctx, std::move(b), *sids, rp, [=]() mutable { rp.deliver(n); });
    });
  });
  return rp;
}

caf::result<bool> delete_account(self_ptr self, node_context_ptr ctx, account_repo& accounts,
                                 const account_deletion& req) {
  auto rp = self->make_response_promise();
  auto uid = req.user.value;
  check_password(self, ctx, uid, req.password, rp, [=]() mutable {
    auto user = accounts.find_user(uid);
    auto email = accounts.email_of(uid);
    if (!user)
      return rp.deliver(user.error());
    if (!email)
      return rp.deliver(email.error());
    if (!*user || (*user)->deleted)
      return rp.deliver(make_error(errc::auth_key_unregistered, "the account is gone"));
    write_batch b;
    account_repo::delete_user(b, **user, email->value_or(""));
    auto sids = revoke_all(self, accounts, uid, 0, b);
    if (!sids)
      return rp.deliver(sids.error());
    auto name = username_key(limits::normalize_username((*user)->username));
    auto mail = email->value_or("");
    commit_revoking(self, ctx, std::move(b), *sids, rp, [=]() mutable {
      // Index entries other nodes keep (this node's went in the batch).
      release_elsewhere(*ctx, name, uid);
      if (!mail.empty())
        release_elsewhere(*ctx, email_key(mail), uid);
      rp.deliver(true);
    });
  });
  return rp;
}

caf::result<std::vector<user_info>> search_users(account_repo& accounts, const user_search& req) {
  auto q = limits::normalize_username(req.q);
  if (!q.empty() && q.front() == '@')
    q.erase(0, 1);
  if (q.empty() || q.find_first_not_of(' ') == std::string::npos)
    return make_error(errc::search_query_empty, "q must not be empty");
  if (q.size() > max_search_query)
    return make_error(errc::input_request_invalid, "q must have at most 64 bytes");
  auto ids = accounts.search(q, req.limit);
  if (!ids)
    return ids.error();
  std::vector<user_info> out;
  for (auto id : *ids) {
    auto u = accounts.find_user(id);
    if (!u)
      return u.error();
    if (*u && !(*u)->deleted)
      out.push_back(std::move(**u));
  }
  return out;
}

caf::result<std::vector<authorization>> list_authorizations(self_ptr self, account_repo& accounts,
                                                            std::uint64_t uid) {
  auto all = accounts.authorizations(uid);
  if (!all)
    return all.error();
  for (auto& a : *all) // the cache has the freshest activity
    if (auto i = self->state.valid.find(a.id); i != self->state.valid.end())
      a = i->second;
  return std::move(*all);
}

caf::result<bool> revoke_other(self_ptr self, node_context_ptr ctx, account_repo& accounts,
                               std::uint64_t uid, std::uint64_t sid) {
  auto a = accounts.find_authorization(sid);
  if (!a)
    return a.error();
  if (!*a || (*a)->user != uid || self->state.revoking.count(sid) > 0)
    return make_error(errc::hash_invalid, "no such authorization of yours");
  return revoke_one(self, ctx, **a);
}

} // namespace ag::auth_detail
