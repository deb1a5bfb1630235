// The auth actor in a cluster: where accounts and index entries live,
// claims of index entries on other nodes, and lookups over several nodes
// (auth_actor.hpp; docs/cluster.md "Accounts").
#include <algorithm>
#include <map>
#include <unordered_map>

#include "actors/auth/detail/state.hpp"
#include "actors/protocol/type_ids.hpp"
#include "core/error.hpp"
#include "core/rules/limits.hpp"

namespace ag::auth_detail {

std::string username_key(std::string_view lower) {
  return "u:" + std::string{lower};
}

std::string email_key(std::string_view lower) {
  return "e:" + std::string{lower};
}

std::uint64_t key_place(std::string_view key) {
  return cluster::key_id(key);
}

std::optional<caf::expected<auth_actor>> auth_elsewhere(const node_context& ctx, std::uint64_t id) {
  if (!ctx.routes)
    return std::nullopt;
  auto p = ctx.routes->place(id);
  if (p.where == placement::kind::local)
    return std::nullopt;
  if (p.where == placement::kind::unavailable)
    return caf::expected<auth_actor>{unavailable_error(p)};
  return caf::expected<auth_actor>{p.at->auth};
}

namespace {

/// Who index entry `key` names.
caf::expected<std::optional<std::uint64_t>> index_owner(account_repo& accounts,
                                                        const std::string& key) {
  return key.rfind("e:", 0) == 0 ? accounts.find_email(key.substr(2))
                                 : accounts.find_username(key.substr(2));
}

/// Index entry `key` names nobody else and no commit is claiming it.
caf::error key_free(self_ptr self, account_repo& accounts, const std::string& key,
                    std::uint64_t uid) {
  bool is_email = key.rfind("e:", 0) == 0;
  auto owner = index_owner(accounts, key);
  if (!owner)
    return owner.error();
  if ((*owner && **owner != uid) || self->state.reserved.count(key) > 0)
    return is_email ? make_error(errc::email_occupied, "another account has this email")
                    : make_error(errc::username_occupied, "that username is taken");
  return {};
}

} // namespace

bool indexed_elsewhere(const node_context& ctx, std::string_view key) {
  return auth_elsewhere(ctx, key_place(key)).has_value();
}

caf::result<bool> claim_here(self_ptr self, node_context_ptr ctx, account_repo& accounts,
                             const std::string& key, std::uint64_t uid, const std::string& code) {
  bool is_email = key.rfind("e:", 0) == 0;
  if (!is_email && key.rfind("u:", 0) != 0)
    return make_error(errc::input_request_invalid, "not an index key");
  if (auto err = key_free(self, accounts, key, uid))
    return err;
  if (is_email)
    if (auto err = use_code(self, *ctx, key.substr(2), code_purpose::sign_up, code))
      return err;
  write_batch b;
  account_repo::put_index(b, key, uid);
  self->state.reserved.insert(key);
  auto rp = self->make_response_promise();
  self->state.commits.submit(self, ctx->writer, std::move(b), [=](const caf::error& err) mutable {
    self->state.reserved.erase(key);
    if (err)
      return rp.deliver(err);
    rp.deliver(true);
  });
  return rp;
}

void release_here(self_ptr self, const node_context_ptr& ctx, account_repo& accounts,
                  const std::string& key, std::uint64_t uid) {
  auto owner = index_owner(accounts, key);
  if (!owner || !*owner || **owner != uid)
    return;
  write_batch b;
  account_repo::erase_index(b, key);
  self->state.commits.submit(self, ctx->writer, std::move(b), [](const caf::error&) {});
}

void claim(self_ptr self, node_context_ptr ctx, account_repo& accounts, std::string key,
           std::uint64_t uid, std::string code, std::function<void()> then,
           std::function<void(caf::error)> fail) {
  auto there = auth_elsewhere(*ctx, key_place(key));
  if (!there) {
    // Ours: the caller's own batch writes it; only check it is free.
    if (auto err = key_free(self, accounts, key, uid))
      return fail(err);
    return then();
  }
  if (!*there)
    return fail(there->error());
  self->request(**there, internal_call, claim_atom_v, std::move(key), user_id{uid}, std::move(code))
    .then([=](bool) { then(); }, [=](caf::error& err) { fail(err); });
}

void release_elsewhere(const node_context& ctx, const std::string& key, std::uint64_t uid) {
  auto there = auth_elsewhere(ctx, key_place(key));
  if (there && *there)
    caf::anon_send(**there, release_atom_v, key, user_id{uid});
}

caf::result<std::vector<user_info>> users_everywhere(self_ptr self, const node_context_ptr& ctx,
                                                     account_repo& accounts,
                                                     const std::vector<user_id>& ids) {
  std::vector<user_info> out;
  std::map<cluster::node_number, std::pair<auth_actor, std::vector<user_id>>> remote;
  for (auto id : ids) {
    auto p = place_of(ctx->routes, id.value);
    if (p.where == placement::kind::unavailable) {
      if (p.moving)
        return unavailable_error(p); // there in a moment: not to be taken for unknown
      continue; // left out, like an unknown id (callers that must know ask the routes)
    }
    if (p.where == placement::kind::remote) {
      auto& slot = remote[p.owner];
      slot.first = p.at->auth;
      slot.second.push_back(id);
      continue;
    }
    auto u = accounts.find_user(id.value);
    if (!u)
      return u.error();
    if (*u)
      out.push_back(std::move(**u));
  }
  if (remote.empty())
    return out;
  struct gathering {
    std::vector<user_info> users;
    std::size_t left = 0;
    bool failed = false;
  };
  auto g = std::make_shared<gathering>(gathering{std::move(out), remote.size(), false});
  auto rp = self->make_response_promise<std::vector<user_info>>();
  auto order = std::make_shared<std::unordered_map<std::uint64_t, std::size_t>>();
  for (std::size_t i = 0; i < ids.size(); ++i)
    order->try_emplace(ids[i].value, i);
  for (auto& [node, ask] : remote)
    self->request(ask.first, internal_call, users_atom_v, ask.second)
      .then(
        [=](std::vector<user_info>& got) mutable {
          if (g->failed)
            return;
          g->users.insert(g->users.end(), got.begin(), got.end());
          if (--g->left > 0)
            return;
          std::sort(g->users.begin(), g->users.end(), [&](const user_info& a, const user_info& b) {
            return order->at(a.id) < order->at(b.id);
          });
          rp.deliver(std::move(g->users));
        },
        [=](caf::error& err) mutable {
          if (!std::exchange(g->failed, true))
            rp.deliver(err);
        });
  return rp;
}

caf::result<std::vector<user_info>> search_everywhere(self_ptr self, const node_context_ptr& ctx,
                                                      account_repo& accounts,
                                                      const user_search& req) {
  auto table = ctx->routes ? ctx->routes->snapshot() : nullptr;
  auto mine = search_users(accounts, req);
  if (req.here_only || !table || table->up.size() <= 1)
    return mine;
  // This node's answer checks the query first (the same errors everywhere).
  if (mine.flag != caf::rt_value || !mine.value.match_elements<std::vector<user_info>>())
    return mine;
  struct gathering {
    std::vector<user_info> users;
    std::size_t left = 0;
  };
  auto g = std::make_shared<gathering>(gathering{mine.value.get_as<std::vector<user_info>>(0), 0});
  auto rp = self->make_response_promise<std::vector<user_info>>();
  auto ask = req;
  ask.here_only = true;
  auto limit = req.limit;
  auto finish = [g, rp, limit]() mutable {
    std::sort(g->users.begin(), g->users.end(),
              [](const user_info& a, const user_info& b) { return a.id < b.id; });
    g->users.erase(std::unique(g->users.begin(), g->users.end(),
                               [](const user_info& a, const user_info& b) { return a.id == b.id; }),
                   g->users.end());
    if (g->users.size() > limit)
      g->users.resize(limit);
    rp.deliver(std::move(g->users));
  };
  for (auto& [node, services] : table->up) {
    if (node == table->self)
      continue;
    ++g->left;
    self->request(services.auth, std::chrono::seconds{2}, ask)
      .then(
        [=](std::vector<user_info>& got) mutable {
          g->users.insert(g->users.end(), got.begin(), got.end());
          if (--g->left == 0)
            finish();
        },
        [=](caf::error&) mutable {
          if (--g->left == 0)
            finish();
        });
  }
  return rp;
}

} // namespace ag::auth_detail
