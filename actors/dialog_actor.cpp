#include "actors/dialog_actor.hpp"

#include <unordered_map>

#include "actors/messages.hpp"
#include "core/error.hpp"

namespace ag {

namespace {

constexpr int max_fanout_attempts = 8;

struct dialog_state_t {
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  std::unordered_map<std::uint64_t, caf::actor> users; // resolved user actors
  std::int64_t last_active_ms = 0;
  std::size_t fanouts_in_flight = 0; // inbox writes and scheduled retries
  static inline const char* name = "dialog";
};

using self_ptr = caf::stateful_actor<dialog_state_t>*;

bool receiver_down(const caf::error& err) {
  return err == caf::sec::request_receiver_down;
}

/// Delivers `msg` to `recipient`'s inbox. The recipient's inbox batch also
/// erases the pending record, so there is nothing to clean up here; a failed
/// delivery is retried with backoff, then left to the replay at next start.
void fan_out(self_ptr self, node_context_ptr ctx, message msg, std::uint64_t recipient,
             int attempt) {
  ++self->state.fanouts_in_flight;
  auto retry = [=](const caf::error&) {
    self->state.users.erase(recipient);
    if (attempt + 1 >= max_fanout_attempts) {
      --self->state.fanouts_in_flight;
      return; // stays pending in storage; replayed at the next start
    }
    auto delay = std::chrono::milliseconds(100 << attempt);
    self->delayed_send(self, delay, redeliver{pending_delivery{msg, {recipient}}}, attempt + 1);
  };
  auto deliver = [=](caf::actor user) {
    self->request(user, internal_call, inbox_write{msg})
      .then([=](bool) { --self->state.fanouts_in_flight; }, retry);
  };
  if (auto i = self->state.users.find(recipient); i != self->state.users.end())
    return deliver(i->second);
  // await: the inbox write must leave before any later send of this dialog,
  // so that every member's box gets the dialog's messages in one order.
  self->request(ctx->directory, internal_call, user_atom::value, recipient)
    .await(
      [=](caf::actor user) {
        self->state.users[recipient] = user;
        deliver(user);
      },
      retry);
}

} // namespace

caf::actor spawn_dialog(caf::actor_system& sys, node_context_ptr ctx, std::uint64_t a,
                        std::uint64_t b) {
  return sys.spawn([ctx, a, b](caf::stateful_actor<dialog_state_t>* self) -> caf::behavior {
    self->state.a = a;
    self->state.b = b;
    self->state.last_active_ms = ctx->now_ms();
    ctx->stats.dialog_actors.fetch_add(1);
    self->attach_functor([ctx] { ctx->stats.dialog_actors.fetch_sub(1); });
    // The outbox write of one send; retried once if the user actor had stopped.
    auto write_outbox =
      std::make_shared<std::function<void(outbox_write, caf::response_promise, bool)>>();
    *write_outbox = [self, ctx, write_outbox](outbox_write w, caf::response_promise rp,
                                              bool may_retry) {
      auto sender = w.msg.from_id;
      auto on_error = [=](caf::error& err) mutable {
        self->state.users.erase(sender);
        if (receiver_down(err) && may_retry)
          return (*write_outbox)(w, rp, false);
        rp.deliver(err);
      };
      auto on_result = [=](outbox_result& r) mutable {
        rp.deliver(r);
        if (!r.duplicate)
          for (auto recipient : w.recipients)
            fan_out(self, ctx, r.msg, recipient, 0);
      };
      auto send_to = [=](caf::actor user) mutable {
        self->request(user, internal_call, w).await(on_result, on_error);
      };
      if (auto i = self->state.users.find(sender); i != self->state.users.end())
        return send_to(i->second);
      // await: no later send of this dialog starts before this one is ordered.
      self->request(ctx->directory, internal_call, user_atom::value, sender)
        .await(
          [=](caf::actor user) mutable {
            self->state.users[sender] = user;
            send_to(user);
          },
          [=](caf::error& err) mutable { rp.deliver(err); });
    };
    return {
      [=](send_request& req) -> caf::result<outbox_result> {
        auto& st = self->state;
        if (req.sender != st.a && req.sender != st.b)
          return make_error(errc::peer_id_invalid, "not a member of this dialog");
        st.last_active_ms = ctx->now_ms();
        auto other = req.sender == st.a ? st.b : st.a;
        auto rp = self->make_response_promise();
        self->request(ctx->idgen, internal_call, next_id_atom::value)
          .await(
            [=](std::uint64_t dmid) mutable {
              outbox_write w;
              w.msg.dialog_message_id = dmid;
              w.msg.from_id = req.sender;
              w.msg.to = req.to;
              w.msg.date = ctx->now_s();
              w.msg.text = std::move(req.text);
              w.msg.random_id = req.random_id;
              w.msg.reply_to = req.reply_to;
              if (other != req.sender)
                w.recipients.push_back(other);
              w.origin = req.origin;
              (*write_outbox)(std::move(w), rp, true);
            },
            [=](caf::error& err) mutable { rp.deliver(err); });
        return rp;
      },
      [=](redeliver& r) {
        self->state.last_active_ms = ctx->now_ms();
        for (auto recipient : r.pending.recipients)
          fan_out(self, ctx, r.pending.msg, recipient, 0);
      },
      [=](redeliver& r, int attempt) {
        --self->state.fanouts_in_flight; // the scheduled retry is now running
        for (auto recipient : r.pending.recipients)
          fan_out(self, ctx, r.pending.msg, recipient, attempt);
      },
      [=](tick_atom) {
        // Sent by the directory every idle_stop/2 (no timer per actor).
        auto& st = self->state;
        auto idle_ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(ctx->settings.user_idle_stop)
            .count();
        if (st.fanouts_in_flight == 0 && ctx->now_ms() - st.last_active_ms >= idle_ms) {
          self
            ->request(ctx->directory, internal_call, idle_atom::value, dialog_atom::value, st.a,
                      st.b)
            .await(
              [=](bool ok) {
                if (ok)
                  self->quit();
              },
              [](caf::error&) {});
        }
      },
    };
  });
}

} // namespace ag
