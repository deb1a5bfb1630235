#pragma once
/// Internal to the auth actor (auth_actor.cpp, auth_account.cpp): its state
/// and the steps its handlers share.
#include <caf/stateful_actor.hpp>
#include <unordered_map>
#include <unordered_set>

#include "actors/auth/auth_actor.hpp"
#include "actors/auth/auth_protocol.hpp"
#include "actors/auth/hasher_pool.hpp"
#include "actors/auth/mailer.hpp"
#include "actors/cluster/routes.hpp"
#include "actors/node/commit.hpp"
#include "actors/node/node_context.hpp"
#include "core/rules/rate_limiter.hpp"
#include "core/rules/verification.hpp"
#include "storage/account/account_repo.hpp"

namespace ag::auth_detail {

/// Failed password checks allowed per account: 5 per minute, burst 5.
constexpr double password_failures_per_s = 5.0 / 60.0;
constexpr double password_failure_burst = 5;
/// An authorization's `active` is written back at most this often.
constexpr std::int64_t activity_write_s = 60;

struct auth_state {
  commit_tracker commits;
  hasher_actor hasher;
  mailer_actor mailer;
  code_book codes;
  /// usernames ("u:name") and emails ("e:addr") being claimed by a commit
  std::unordered_set<std::string> reserved;
  /// live authorizations by id (a cache; refills from storage)
  std::unordered_map<std::uint64_t, authorization> valid;
  /// authorizations whose removal is being committed: refused already
  std::unordered_set<std::uint64_t> revoking;
  std::unordered_map<std::uint64_t, std::vector<caf::actor>> bound; // sid -> sessions
  /// failed password checks, by "u:<username>" (sign-in) or "#<uid>"
  std::unordered_map<std::string, rate_limiter> failures;
  static inline const char* name = "auth";
};

/// The contract plus the commit answers it gets.
using auth_impl = auth_actor::extend<caf::reacts_to<commit_atom, std::uint64_t, caf::error>>;
using self_ptr = auth_impl::stateful_pointer<auth_state>;

/// Adds a new authorization of `user` to `batch`, commits it, and delivers
/// an auth_result to `rp`; then runs `after` (on success) and releases
/// `reserved` either way.
void open_authorization(self_ptr self, node_context_ptr ctx, user_info user, client_info client,
                        write_batch batch, caf::response_promise rp,
                        std::vector<std::string> reserved = {}, std::function<void()> after = {});

/// Adds the removal of every authorization of `uid` except `keep` to `b`;
/// they are refused from now on. Returns their ids for forget().
caf::expected<std::vector<std::uint64_t>> revoke_all(self_ptr self, account_repo& accounts,
                                                     std::uint64_t uid, std::uint64_t keep,
                                                     write_batch& b);

/// After the removal committed: drops the cache entries and closes the
/// sockets signed in with them.
void forget(self_ptr self, const std::vector<std::uint64_t>& sids);

/// Commits `b`, which revokes `sids`; then forgets them and runs `then`.
/// On failure `rp` gets the error and the ids are accepted again.
void commit_revoking(self_ptr self, node_context_ptr ctx, write_batch b,
                     std::vector<std::uint64_t> sids, caf::response_promise rp,
                     std::function<void()> then);

/// Revokes one authorization; answers true.
caf::result<bool> revoke_one(self_ptr self, node_context_ptr ctx, const authorization& a);

/// Checks `password` against `uid`'s hash on the hasher pool, counting
/// failures (FLOOD_WAIT after 5 a minute). `then` runs only when it matches.
void check_password(self_ptr self, node_context_ptr ctx, std::uint64_t uid, std::string password,
                    caf::response_promise rp, std::function<void()> then);

/// Hashes `password` on the hasher pool, then runs `then` with the hash.
void hash_password(self_ptr self, std::string password, caf::response_promise rp,
                   std::function<void(std::string)> then);

/// Whether `lower` (a normalized username) is free for `owner`: no other
/// account has it and no sign-up or rename is claiming it.
caf::error username_free(self_ptr self, account_repo& accounts, const std::string& lower,
                         std::uint64_t owner = 0);

/// `email` normalized, or EMAIL_INVALID.
caf::expected<std::string> valid_email(std::string_view email);

/// Checks and uses up the code for (`email`, `purpose`):
/// EMAIL_CODE_INVALID or EMAIL_CODE_EXPIRED with a description.
caf::error use_code(self_ptr self, node_context& ctx, const std::string& email,
                    code_purpose purpose, std::string_view code);

// The handlers of account management (accounts.cpp); auth_actor.hpp says
// what each answers.
caf::result<auth_result> reset_password(self_ptr self, node_context_ptr ctx, account_repo& accounts,
                                        const password_reset& req);
caf::result<user_info> change_profile(self_ptr self, node_context_ptr ctx, account_repo& accounts,
                                      const profile_change& req);
caf::result<std::uint32_t> change_password(self_ptr self, node_context_ptr ctx,
                                           account_repo& accounts, const password_change& req);
caf::result<bool> delete_account(self_ptr self, node_context_ptr ctx, account_repo& accounts,
                                 const account_deletion& req);
caf::result<std::vector<user_info>> search_users(account_repo& accounts, const user_search& req);
caf::result<std::vector<authorization>> list_authorizations(self_ptr self, account_repo& accounts,
                                                            std::uint64_t uid);
caf::result<bool> revoke_other(self_ptr self, node_context_ptr ctx, account_repo& accounts,
                               std::uint64_t uid, std::uint64_t sid);

// Bot accounts (bots.cpp).

caf::result<bot_created> create_bot(self_ptr self, const node_context_ptr& ctx,
                                    account_repo& accounts, const bot_create& req);
caf::result<bool> own_bot(self_ptr self, const node_context_ptr& ctx, std::uint64_t owner,
                          std::uint64_t bot);
caf::result<bot_created> reset_bot_token(self_ptr self, const node_context_ptr& ctx,
                                         account_repo& accounts, const bot_token_reset& req);
caf::result<std::vector<user_info>> bots_of(self_ptr self, const node_context_ptr& ctx,
                                            std::uint64_t owner);
caf::result<token_owner> check_bot_token(node_context& ctx, const std::string& token);

// In a cluster (clustered.cpp).

/// The ids index entries are placed by: "u:<normalized username>",
/// "e:<normalized email>".
std::string username_key(std::string_view lower);
std::string email_key(std::string_view lower);
std::uint64_t key_place(std::string_view key);

/// Where the shard of `id` lives: nullopt here (or on a single node), else
/// the auth actor of its node or UNAVAILABLE.
std::optional<caf::expected<auth_actor>> auth_elsewhere(const node_context& ctx, std::uint64_t id);

/// Sends the call to the auth actor of the node owning `id`'s shard, which
/// answers the caller; nullopt when that is this node.
template <class Result, class... Ts>
std::optional<caf::result<Result>> forward(self_ptr self, const node_context& ctx, std::uint64_t id,
                                           Ts&&... xs) {
  auto there = auth_elsewhere(ctx, id);
  if (!there)
    return std::nullopt;
  if (!*there)
    return caf::result<Result>{there->error()};
  return caf::result<Result>{self->delegate(**there, std::forward<Ts>(xs)...)};
}

/// Claims index entry `key` for `uid` where it lives (here or another
/// node); `then` runs once it is durable, `fail` with the error.
void claim(self_ptr self, node_context_ptr ctx, account_repo& accounts, std::string key,
           std::uint64_t uid, std::string code, std::function<void()> then,
           std::function<void(caf::error)> fail);

/// Drops index entry `key` of `uid` on the node it lives on, if that is
/// another node (this node's entries go in the caller's own batch).
void release_elsewhere(const node_context& ctx, const std::string& key, std::uint64_t uid);

/// Whether index entry `key` lives on another node.
bool indexed_elsewhere(const node_context& ctx, std::string_view key);

/// The handler of release_atom: drops entry `key` if it still names `uid`.
void release_here(self_ptr self, const node_context_ptr& ctx, account_repo& accounts,
                  const std::string& key, std::uint64_t uid);

/// The handler of claim_atom: the entry is this node's.
caf::result<bool> claim_here(self_ptr self, node_context_ptr ctx, account_repo& accounts,
                             const std::string& key, std::uint64_t uid, const std::string& code);

/// The users named, each from its own node, in the order asked; those of a
/// node that is down are left out like unknown ids.
caf::result<std::vector<user_info>> users_everywhere(self_ptr self, const node_context_ptr& ctx,
                                                     account_repo& accounts,
                                                     const std::vector<user_id>& ids);

/// user_search over every node that answers (a node that is down is left
/// out: a search is not a lookup).
caf::result<std::vector<user_info>> search_everywhere(self_ptr self, const node_context_ptr& ctx,
                                                      account_repo& accounts,
                                                      const user_search& req);

} // namespace ag::auth_detail
