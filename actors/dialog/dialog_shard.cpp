#include "actors/dialog/dialog_shard.hpp"

#include <unordered_map>

#include "actors/cluster/routes.hpp"
#include "actors/dialog/delivery.hpp"
#include "actors/node/node_context.hpp"
#include "actors/protocol/type_ids.hpp"
#include "core/error.hpp"

namespace ag {

namespace {

struct pair_hash {
  std::size_t operator()(const std::pair<std::uint64_t, std::uint64_t>& p) const noexcept {
    return std::hash<std::uint64_t>{}(p.first * 0x9e3779b97f4a7c15ull ^ p.second);
  }
};

using pair_key = std::pair<std::uint64_t, std::uint64_t>;

struct shard_state {
  /// Dialogs with jobs in flight; dropped when their queue empties.
  std::unordered_map<pair_key, delivery::job_queue, pair_hash> active;
  delivery::owed_ops owed; // replayed records for all (a chat's, after a crash)
  std::unordered_map<std::uint64_t, user_actor> users; // resolved user actors
  static inline const char* name = "dialog_shard";
};

/// The contract plus the retries it sends itself.
using shard_impl = dialog_actor::extend<caf::reacts_to<redeliver, int>>;
using self_ptr = shard_impl::stateful_pointer<shard_state>;

pair_key ordered(std::uint64_t a, std::uint64_t b) {
  return a < b ? pair_key{a, b} : pair_key{b, a};
}

void run(self_ptr self, pair_key key, std::function<void()> job) {
  delivery::enqueue(self->state.active[key], std::move(job));
}

void finish(self_ptr self, pair_key key) {
  auto i = self->state.active.find(key);
  if (i != self->state.active.end() && !delivery::next(i->second))
    self->state.active.erase(key);
}

std::vector<std::uint64_t> others(user_id me, const peer& to) {
  return to.id != me.value ? std::vector<std::uint64_t>{to.id} : std::vector<std::uint64_t>{};
}

void send_job(self_ptr self, const node_context_ptr& ctx, pair_key key, send_request req,
              caf::response_promise rp) {
  outbox_write w;
  w.msg = draft_of(req);
  w.recipients = others(req.sender, req.to);
  w.origin = req.origin;
  w.existing_dialog_only = req.existing_dialog_only;
  delivery::post(
    self, ctx, std::move(w), rp, [rp](outbox_result& r) mutable { rp.deliver(r); },
    [=] { finish(self, key); });
}

bool private_dialog(user_id user, const peer& to) {
  return to.type == peer_type::user && user.valid() && to.id != 0;
}

caf::error not_private() {
  return make_error(errc::peer_id_invalid, "not a private dialog");
}

} // namespace

dialog_actor spawn_dialog_shard(caf::actor_system& sys, node_context_ptr ctx) {
  return sys.spawn([ctx](self_ptr self) -> shard_impl::behavior_type {
    return {
      [=](send_request& req) -> caf::result<outbox_result> {
        if (!private_dialog(req.sender, req.to))
          return not_private();
        auto key = ordered(req.sender.value, req.to.id);
        auto rp = self->make_response_promise();
        run(self, key, [=] { send_job(self, ctx, key, req, rp); });
        return rp;
      },
      [=](edit_request& req) -> caf::result<outbox_result> {
        if (!private_dialog(req.editor, req.to))
          return not_private();
        auto key = ordered(req.editor.value, req.to.id);
        auto rp = self->make_response_promise();
        run(self, key, [=] {
          delivery::edit(self, ctx, req, others(req.editor, req.to), rp,
                         [=] { finish(self, key); });
        });
        return rp;
      },
      [=](delete_request& req) -> caf::result<affected_messages> {
        if (!private_dialog(req.requester, req.to))
          return not_private();
        auto key = ordered(req.requester.value, req.to.id);
        auto rp = self->make_response_promise();
        run(self, key, [=] {
          // In a private dialog only the author deletes for both sides.
          delivery::remove(self, ctx, req, others(req.requester, req.to), false, rp,
                           [=] { finish(self, key); });
        });
        return rp;
      },
      [=](redeliver& r) { delivery::fan_out_all(self, ctx, std::move(r.pending), 0, nullptr); },
      [=](redeliver& r, int attempt) {
        delivery::fan_out_all(self, ctx, std::move(r.pending), attempt, nullptr);
      },
    };
  });
}

caf::expected<dialog_actor> dialog_shard_for(const node_context& ctx, std::uint64_t a,
                                             std::uint64_t b) {
  auto key = ordered(a, b);
  auto h = pair_hash{}(key);
  if (!ctx.routes)
    return ctx.dialog_shards[h % ctx.dialog_shards.size()];
  // One orderer per dialog in the whole cluster: on the node owning the
  // lower user id (a chat's id, for a chat's replays).
  auto anchor = key.first != 0 ? key.first : key.second;
  auto p = ctx.routes->place(anchor);
  if (p.where == placement::kind::unavailable)
    return unavailable_error(p);
  const auto& shards = p.where == placement::kind::remote ? p.at->dialog_shards : ctx.dialog_shards;
  if (shards.empty())
    return unavailable_error(p);
  return shards[h % shards.size()];
}

} // namespace ag
