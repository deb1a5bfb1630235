#pragma once
/// What the actors that order dialogs (dialog shards for private dialogs,
/// chat actors for groups) share: a per-dialog job queue, user actor
/// lookups, fresh operation ids, and fan-out of pending operations to
/// recipients' inboxes with retries (and, for records owed to many, their
/// settling once all have committed).
///
/// Ordering rests on one fact: messages from one actor to another arrive in
/// the order they were sent. A dialog's next job starts only once every
/// inbox request of the previous one has been sent.
#include <caf/stateful_actor.hpp>
#include <deque>
#include <functional>
#include <memory>
#include <unordered_map>

#include "actors/cluster/routes.hpp"
#include "actors/dialog/dialog_protocol.hpp"
#include "actors/node/node_context.hpp"
#include "actors/protocol/atoms.hpp"
#include "actors/protocol/type_ids.hpp"
#include "actors/user/user_actor.hpp"
#include "storage/box/outbox_repo.hpp"

namespace ag::delivery {

constexpr int max_attempts = 8;
constexpr std::size_t max_cached_users = 20000;

/// Jobs of one dialog run one at a time; each calls `next` when done.
struct job_queue {
  std::deque<std::function<void()>> jobs;
  bool busy = false;
};

/// Runs `job` after the jobs already queued.
inline void enqueue(job_queue& q, std::function<void()> job) {
  q.jobs.push_back(std::move(job));
  if (!q.busy) {
    q.busy = true;
    auto job = q.jobs.front(); // a copy: the job may end (and pop) at once
    job();
  }
}

/// Ends the running job and starts the next; false when the queue is empty
/// (the caller may then drop the queue; `q` is not touched after a job runs).
inline bool next(job_queue& q) {
  q.jobs.pop_front();
  if (q.jobs.empty()) {
    q.busy = false;
    return false;
  }
  auto job = q.jobs.front();
  job();
  return true;
}

/// Runs `then` with the user actor of `uid` (cached in State::users, else
/// from the directory).
template <class Self>
void with_user(Self* self, const node_context_ptr& ctx, std::uint64_t uid,
               std::function<void(user_actor)> then, std::function<void(caf::error)> fail) {
  auto& users = self->state.users;
  if (auto i = users.find(uid); i != users.end()) {
    if (still_placed(ctx->routes, self, uid, i->second))
      return then(i->second);
    users.erase(i); // of a node that went away or restarted, or of a shard that moved
  }
  self->request(ctx->directory, internal_call, user_atom_v, user_id{uid})
    .then(
      [=](user_actor user) {
        auto& us = self->state.users;
        if (us.size() >= max_cached_users)
          us.clear();
        us[uid] = user;
        then(user);
      },
      [=](caf::error& err) { fail(err); });
}

/// Sends `req` (answered with `Result`) to `uid`'s user actor; asked once
/// more if that actor had stopped (a cached handle of an idle actor). `ok`
/// gets the result, `fail` any error.
template <class Request, class Result, class Self>
void ask_user_or_fail(Self* self, const node_context_ptr& ctx, std::uint64_t uid, Request req,
                      std::function<void(Result&)> ok, std::function<void(caf::error)> fail,
                      bool may_retry = true) {
  with_user(
    self, ctx, uid,
    [=](user_actor user) mutable {
      self->request(user, call_timeout_to(ctx->routes, self, user), req)
        .then([=](Result& r) mutable { ok(r); },
              [=](caf::error& err) mutable {
                self->state.users.erase(uid);
                if (err == caf::sec::request_receiver_down && may_retry)
                  return ask_user_or_fail<Request, Result>(self, ctx, uid, req, ok, fail, false);
                fail(err);
              });
    },
    fail);
}

/// ask_user_or_fail with its errors going to `rp`, then `end`.
template <class Request, class Result, class Self>
void ask_user(Self* self, const node_context_ptr& ctx, std::uint64_t uid, Request req,
              caf::response_promise rp, std::function<void(Result&)> ok,
              std::function<void()> end) {
  ask_user_or_fail<Request, Result>(self, ctx, uid, std::move(req), std::move(ok),
                                    [rp, end](caf::error err) mutable {
                                      rp.deliver(err);
                                      end();
                                    });
}

/// Runs `then` with a fresh Snowflake id.
template <class Self>
void with_new_id(Self* self, const node_context_ptr& ctx, std::function<void(std::uint64_t)> then,
                 std::function<void(caf::error)> fail) {
  if (auto id = ctx->ids->next(); id != 0)
    return then(id);
  // Past the durable bound: idgen stores a new one first.
  self->request(ctx->idgen, internal_call, next_id_atom_v)
    .then([=](std::uint64_t id) { then(id); }, [=](caf::error& err) { fail(err); });
}

/// Operations stored as one record for all their recipients, still being
/// fanned out by this actor: the record as stored, how many recipients have
/// not settled yet, and those given up on (retries spent).
struct owed_op {
  pending_delivery record;
  std::size_t unsettled = 0;
  std::vector<std::uint64_t> given_up;
};
using owed_ops = std::unordered_map<std::uint64_t, owed_op>;

/// Starts settling `record` (one for all its recipients), of whose
/// recipients `settled` have committed already. No-op if already tracked.
template <class Self>
void owe(Self* self, const pending_delivery& record, std::size_t settled = 0) {
  self->state.owed.try_emplace(record.key_id(),
                               owed_op{record, record.recipients.size() - settled, {}});
}

/// Whether `a` and `b` live on the same node (always, on a single node).
inline bool colocated(const node_context& ctx, std::uint64_t a, std::uint64_t b) {
  return !ctx.routes || ctx.routes->colocated(a, b);
}

/// Ends `record`'s fan-out where it is stored, with its author: here, or
/// through the author's node's directory (if that node is down the message
/// is lost and the record stays: it is replayed when the node returns).
inline void settle_at_author(const node_context_ptr& ctx, const pending_delivery& record,
                             std::vector<std::uint64_t> still_owed) {
  auto at = place_of(ctx->routes, record.msg.from_id);
  if (at.where == placement::kind::remote)
    return caf::anon_send(at.at->directory, settle_atom_v, record, std::move(still_owed));
  if (at.where != placement::kind::local)
    return;
  write_batch b;
  outbox_repo::settle(b, record, still_owed);
  // Nothing waits on it: if it fails, the record stays and is replayed.
  ctx->writer.submit(std::move(b), [](const caf::error&) {});
}

/// One recipient of the record for all `p` stands for has committed
/// (`committed`) or was given up on; with the last one, the record goes (or
/// is rewritten for those given up on: the next start replays it). Not
/// tracked (this actor restarted since): the record stays for the replay.
template <class Self>
void settle(Self* self, const node_context_ptr& ctx, const pending_delivery& p,
            std::uint64_t recipient, bool committed) {
  if (!p.for_all) {
    // The recipient's own commit erased its record, if they share a node.
    if (committed && !colocated(*ctx, p.msg.from_id, recipient)) {
      auto one = p;
      one.recipients = {recipient};
      settle_at_author(ctx, one, {});
    }
    return;
  }
  auto& owed = self->state.owed;
  auto i = owed.find(p.key_id());
  if (i == owed.end())
    return;
  if (!committed)
    i->second.given_up.push_back(recipient);
  if (--i->second.unsettled > 0)
    return;
  auto done = std::move(i->second);
  owed.erase(i);
  settle_at_author(ctx, done.record, std::move(done.given_up));
}

/// Applies `p` (one operation) to `recipient`'s box; retried with backoff
/// (the actor must handle `redeliver, int attempt`: its impl interface). `sent` runs as soon as
/// the request is on its way (the ordering point).
template <class Self>
void fan_out(Self* self, const node_context_ptr& ctx,
             const std::shared_ptr<const pending_delivery>& p, std::uint64_t recipient, int attempt,
             std::function<void()> sent) {
  auto retry = [=](const caf::error&) {
    self->state.users.erase(recipient);
    if (attempt + 1 >= max_attempts)
      return settle(self, ctx, *p, recipient,
                    false); // replayed at the next start, or when a node returns
    auto delay = std::chrono::milliseconds(100 << attempt);
    auto again = *p;
    again.recipients = {recipient};
    self->delayed_send(self, delay, redeliver{std::move(again)}, attempt + 1);
  };
  with_user(
    self, ctx, recipient,
    [=](user_actor user) {
      auto w = inbox_write_of(*p);
      // A recipient on another node cannot erase the author's record.
      w.settles = w.settles && colocated(*ctx, p->msg.from_id, recipient);
      self->request(user, call_timeout_to(ctx->routes, self, user), std::move(w))
        .then([=](bool) { settle(self, ctx, *p, recipient, true); }, retry);
      if (sent)
        sent();
    },
    [=](caf::error err) {
      retry(err);
      if (sent)
        sent();
    });
}

/// Fans `p` out to every one of its recipients; `sent` runs once all
/// requests are on their way (at once when there are none). A first attempt
/// of a record for all starts settling it.
template <class Self>
void fan_out_all(Self* self, const node_context_ptr& ctx, pending_delivery p, int attempt,
                 std::function<void()> sent) {
  if (p.recipients.empty()) {
    if (sent)
      sent();
    return;
  }
  if (p.for_all && attempt == 0)
    owe(self, p);
  auto shared = std::make_shared<const pending_delivery>(std::move(p));
  auto left = std::make_shared<std::size_t>(shared->recipients.size());
  for (auto r : shared->recipients)
    fan_out(self, ctx, shared, r, attempt, [left, sent] {
      if (--*left == 0 && sent)
        sent();
    });
}

/// The operation owed to `recipients` as the record its author's write
/// stored.
inline pending_delivery owed_to(message msg, std::vector<std::uint64_t> recipients,
                                pending_op op = pending_op::new_message, std::uint64_t op_id = 0,
                                std::vector<std::uint64_t> dmids = {}) {
  auto for_all = one_record_for_all(recipients.size());
  return pending_delivery{std::move(msg), std::move(recipients), op,
                          op_id,          std::move(dmids),      for_all};
}

/// Posts a new message: a fresh dialog_message_id and date, the author's
/// copy committed (with the pending record for `w.recipients`), `ok` with the result, then the
/// fan-out to `w.recipients` (none for a random_id replay). `end` runs once all of it is on its
/// way, or on failure (which goes to `rp`).
template <class Self>
void post(Self* self, const node_context_ptr& ctx, outbox_write w, caf::response_promise rp,
          std::function<void(outbox_result&)> ok, std::function<void()> end) {
  with_new_id(
    self, ctx,
    [=](std::uint64_t dmid) mutable {
      w.msg.dialog_message_id = dmid;
      w.msg.date = ctx->now_s();
      auto author = w.msg.from_id;
      auto recipients = w.recipients;
      ask_user<outbox_write, outbox_result>(
        self, ctx, author, std::move(w), rp,
        [=](outbox_result& r) mutable {
          ok(r);
          if (r.duplicate)
            return end();
          fan_out_all(self, ctx, owed_to(r.msg, recipients), 0, end);
        },
        end);
    },
    [=](caf::error err) mutable {
      rp.deliver(err);
      end();
    });
}

/// Edits the editor's copy, then owes and fans the edit out to `recipients`.
template <class Self>
void edit(Self* self, const node_context_ptr& ctx, edit_request req,
          std::vector<std::uint64_t> recipients, caf::response_promise rp,
          std::function<void()> end) {
  with_new_id(
    self, ctx,
    [=](std::uint64_t op_id) mutable {
      edit_write w{req.to,     req.box,      req.text,           recipients,      op_id,
                   req.origin, req.entities, req.replace_markup, req.reply_markup};
      ask_user<edit_write, outbox_result>(
        self, ctx, req.editor.value, std::move(w), rp,
        [=](outbox_result& r) mutable {
          rp.deliver(r);
          fan_out_all(self, ctx, owed_to(r.msg, recipients, pending_op::edit, op_id), 0, end);
        },
        end);
    },
    [=](caf::error err) mutable {
      rp.deliver(err);
      end();
    });
}

/// Deletes for everyone: the requester's copies first (it checks the ids and
/// authorship, unless `others_allowed`), then the deletion fanned out.
template <class Self>
void remove(Self* self, const node_context_ptr& ctx, delete_request req,
            std::vector<std::uint64_t> recipients, bool others_allowed, caf::response_promise rp,
            std::function<void()> end) {
  with_new_id(
    self, ctx,
    [=](std::uint64_t op_id) mutable {
      delete_write w{req.boxes, true, req.to, others_allowed, recipients, op_id, req.origin};
      ask_user<delete_write, delete_result>(
        self, ctx, req.requester.value, std::move(w), rp,
        [=](delete_result& r) mutable {
          rp.deliver(r.affected);
          // As the stored record names it (a rewrite after retries is
          // replayed through the dialog's shard: it needs the dialog).
          message named;
          named.from_id = req.requester.value;
          named.to = req.to;
          fan_out_all(self, ctx, owed_to(named, recipients, pending_op::remove, op_id, r.dmids), 0,
                      end);
        },
        end);
    },
    [=](caf::error err) mutable {
      rp.deliver(err);
      end();
    });
}

} // namespace ag::delivery
