#include "actors/dialog_shard.hpp"

#include <deque>
#include <unordered_map>

#include "actors/messages.hpp"
#include "core/error.hpp"

namespace ag {

namespace {

constexpr int max_fanout_attempts = 8;
constexpr std::size_t max_cached_users = 20000;

struct queued_send {
  send_request req;
  caf::response_promise rp;
};

/// A dialog with sends in flight; dropped when its queue is empty.
struct dialog_slot {
  std::deque<queued_send> queue;
  bool busy = false;
};

struct pair_hash {
  std::size_t operator()(const std::pair<std::uint64_t, std::uint64_t>& p) const noexcept {
    return std::hash<std::uint64_t>{}(p.first * 0x9e3779b97f4a7c15ull ^ p.second);
  }
};

struct shard_state {
  std::unordered_map<std::pair<std::uint64_t, std::uint64_t>, dialog_slot, pair_hash> active;
  std::unordered_map<std::uint64_t, caf::actor> users; // resolved user actors
  static inline const char* name = "dialog_shard";
};

using self_ptr = caf::stateful_actor<shard_state>*;
using pair_key = std::pair<std::uint64_t, std::uint64_t>;

pair_key ordered(std::uint64_t a, std::uint64_t b) {
  return a < b ? pair_key{a, b} : pair_key{b, a};
}

/// Runs `then` with the user actor of `uid` (cached, else from the directory).
void with_user(self_ptr self, const node_context_ptr& ctx, std::uint64_t uid,
               std::function<void(caf::actor)> then, std::function<void(caf::error)> fail) {
  auto& users = self->state.users;
  if (auto i = users.find(uid); i != users.end())
    return then(i->second);
  self->request(ctx->directory, internal_call, user_atom::value, uid)
    .then(
      [=](caf::actor user) {
        auto& us = self->state.users;
        if (us.size() >= max_cached_users)
          us.clear();
        us[uid] = user;
        then(user);
      },
      [=](caf::error& err) { fail(err); });
}

/// Writes `msg` into `recipient`'s inbox; retried with backoff on failure.
/// `sent` runs as soon as the request is on its way (ordering point).
void fan_out(self_ptr self, const node_context_ptr& ctx, message msg, std::uint64_t recipient,
             int attempt, std::function<void()> sent) {
  auto retry = [=](const caf::error&) {
    self->state.users.erase(recipient);
    if (attempt + 1 >= max_fanout_attempts)
      return; // stays pending in storage; replayed at the next start
    auto delay = std::chrono::milliseconds(100 << attempt);
    self->delayed_send(self, delay, redeliver{pending_delivery{msg, {recipient}}}, attempt + 1);
  };
  with_user(
    self, ctx, recipient,
    [=](caf::actor user) {
      self->request(user, internal_call, inbox_write{msg}).then([](bool) {}, retry);
      if (sent)
        sent();
    },
    [=](caf::error err) {
      retry(err);
      if (sent)
        sent();
    });
}

void run_next(self_ptr self, const node_context_ptr& ctx, pair_key key);

/// The outbox write of the send at the head of `key`'s queue; retried once
/// if the sender's user actor had stopped.
void write_outbox(self_ptr self, const node_context_ptr& ctx, pair_key key, outbox_write w,
                  caf::response_promise rp, bool may_retry) {
  auto sender = w.msg.from_id;
  auto finish = [=] {
    run_next(self, ctx, key);
  };
  with_user(
    self, ctx, sender,
    [=](caf::actor user) mutable {
      self->request(user, internal_call, w)
        .then(
          [=](outbox_result& r) mutable {
            rp.deliver(r);
            if (r.duplicate || w.recipients.empty())
              return finish();
            // The next send of this dialog starts only once this fan-out has
            // left: both go to the same user actors, whose mailboxes are FIFO.
            fan_out(self, ctx, r.msg, w.recipients.front(), 0, finish);
          },
          [=](caf::error& err) mutable {
            self->state.users.erase(sender);
            if (err == caf::sec::request_receiver_down && may_retry)
              return write_outbox(self, ctx, key, w, rp, false);
            rp.deliver(err);
            finish();
          });
    },
    [=](caf::error err) mutable {
      rp.deliver(err);
      finish();
    });
}

void start(self_ptr self, const node_context_ptr& ctx, pair_key key) {
  auto& slot = self->state.active[key];
  slot.busy = true;
  auto& head = slot.queue.front();
  auto req = head.req;
  auto rp = head.rp;
  auto with_id = [=](std::uint64_t dmid) mutable {
    outbox_write w;
    w.msg.dialog_message_id = dmid;
    w.msg.from_id = req.sender;
    w.msg.to = req.to;
    w.msg.date = ctx->now_s();
    w.msg.text = std::move(req.text);
    w.msg.random_id = req.random_id;
    w.msg.reply_to = req.reply_to;
    if (req.to.id != req.sender)
      w.recipients.push_back(req.to.id);
    w.origin = req.origin;
    write_outbox(self, ctx, key, std::move(w), rp, true);
  };
  if (auto dmid = ctx->ids->next(); dmid != 0)
    return with_id(dmid);
  // Past the durable bound: idgen stores a new one first.
  self->request(ctx->idgen, internal_call, next_id_atom::value)
    .then(with_id, [=](caf::error& err) mutable {
      rp.deliver(err);
      run_next(self, ctx, key);
    });
}

void run_next(self_ptr self, const node_context_ptr& ctx, pair_key key) {
  auto i = self->state.active.find(key);
  if (i == self->state.active.end())
    return;
  i->second.queue.pop_front();
  if (i->second.queue.empty()) {
    self->state.active.erase(i);
    return;
  }
  start(self, ctx, key);
}

} // namespace

caf::actor spawn_dialog_shard(caf::actor_system& sys, node_context_ptr ctx) {
  return sys.spawn([ctx](caf::stateful_actor<shard_state>* self) -> caf::behavior {
    return {
      [=](send_request& req) -> caf::result<outbox_result> {
        if (req.to.type != peer_type::user || req.sender == 0 || req.to.id == 0)
          return make_error(errc::peer_id_invalid, "not a private dialog");
        auto key = ordered(req.sender, req.to.id);
        auto rp = self->make_response_promise();
        auto& slot = self->state.active[key];
        slot.queue.push_back(queued_send{std::move(req), rp});
        if (!slot.busy)
          start(self, ctx, key);
        return rp;
      },
      [=](redeliver& r) {
        for (auto recipient : r.pending.recipients)
          fan_out(self, ctx, r.pending.msg, recipient, 0, nullptr);
      },
      [=](redeliver& r, int attempt) {
        for (auto recipient : r.pending.recipients)
          fan_out(self, ctx, r.pending.msg, recipient, attempt, nullptr);
      },
    };
  });
}

const caf::actor& dialog_shard_for(const node_context& ctx, std::uint64_t a, std::uint64_t b) {
  auto key = ordered(a, b);
  auto h = pair_hash{}(key);
  return ctx.dialog_shards[h % ctx.dialog_shards.size()];
}

} // namespace ag
