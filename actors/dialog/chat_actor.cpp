#include "actors/dialog/chat_actor.hpp"

#include <algorithm>
#include <unordered_set>

#include "actors/dialog/delivery.hpp"
#include "actors/node/commit.hpp"
#include "actors/node/idle_stop.hpp"
#include "actors/node/node_context.hpp"
#include "actors/protocol/type_ids.hpp"
#include "core/error.hpp"
#include "core/rules/chat_rules.hpp"
#include "core/rules/limits.hpp"
#include "storage/box/outbox_repo.hpp"
#include "storage/chat/chat_repo.hpp"

namespace ag {

namespace {

struct chat_state {
  std::uint64_t cid = 0;
  bool exists = false;
  chat_info info;
  chat_rules::members_map members;
  std::unordered_set<std::uint64_t> former;
  delivery::job_queue queue;
  delivery::owed_ops owed;
  std::unordered_map<std::uint64_t, user_actor> users; // resolved user actors
  commit_tracker commits;
  std::int64_t last_active_ms = 0;
  bool stopping = false;
  static inline const char* name = "chat";
};

/// The contract plus what the actor sends itself: commit answers, fan-out
/// retries and the directory's idle tick.
using chat_impl = chat_actor::extend<caf::reacts_to<commit_atom, std::uint64_t, caf::error>,
                                     caf::reacts_to<redeliver, int>, caf::reacts_to<tick_atom>>;
using self_ptr = chat_impl::stateful_pointer<chat_state>;

caf::error not_found() {
  return make_error(errc::chat_id_invalid, "no such chat");
}

caf::error refusal(errc code) {
  return make_error(code); // the error table's description
}

caf::error load(self_ptr self, node_context& ctx) {
  chat_repo repo{ctx.db};
  auto& st = self->state;
  auto info = repo.get(st.cid);
  if (!info)
    return info.error();
  if (!*info)
    return {};
  auto members = repo.members(st.cid);
  if (!members)
    return members.error();
  auto former = repo.former(st.cid);
  if (!former)
    return former.error();
  st.exists = true;
  st.info = std::move(**info);
  for (auto& m : *members)
    st.members.emplace(m.user, m);
  st.former = std::move(*former);
  return {};
}

std::vector<std::uint64_t> members_except(const chat_state& st, user_id user) {
  std::vector<std::uint64_t> out;
  out.reserve(st.members.size());
  for (auto& [uid, m] : st.members)
    if (uid != user.value)
      out.push_back(uid);
  return out;
}

std::vector<chat_member> member_list(const chat_state& st) {
  std::vector<chat_member> out;
  out.reserve(st.members.size());
  for (auto& [uid, m] : st.members)
    out.push_back(m);
  std::sort(out.begin(), out.end(),
            [](const chat_member& a, const chat_member& b) { return a.user < b.user; });
  return out;
}

/// updateChatParticipants to every member online (ephemeral).
void announce_members(self_ptr self, const node_context_ptr& ctx) {
  auto& st = self->state;
  update u;
  u.kind = update_kind::chat_participants;
  u.to = peer{peer_type::chat, st.cid};
  u.members = member_list(st);
  u.version = st.info.version;
  session_push p{{u}, 0};
  for (auto& [uid, m] : st.members)
    self->send(ctx->directory, user_atom_v, user_id{uid}, p);
}

void run(self_ptr self, std::function<void()> job) {
  delivery::enqueue(self->state.queue, std::move(job));
}

void finish(self_ptr self) {
  delivery::next(self->state.queue);
}

/// Posts a membership or title change with its service message `draft`
/// (from draft.from_id): the chat commits `rows` (its own records) together
/// with the pending record owing the message to every member and the
/// author, so the change and its message exist together or not at all after
/// any crash (replays deliver what a crash interrupted). `applied` runs
/// after that commit; the author's copy is written next (`ok` gets it; a
/// stopped author actor is asked once more), then `after` runs and the
/// others' copies are fanned out. If the author's write still fails, the
/// call fails but the change stands (docs/api.md says so): the author's copy
/// is fanned out like the others' (with retries).
void post_change(self_ptr self, const node_context_ptr& ctx, message draft,
                 std::vector<std::uint64_t> others, write_batch rows, caf::actor origin,
                 caf::response_promise rp, std::function<void()> applied,
                 std::function<void(outbox_result&)> ok, std::function<void()> after = {}) {
  auto fail = [=](caf::error err) mutable {
    rp.deliver(err);
    finish(self);
  };
  delivery::with_new_id(
    self, ctx,
    [=](std::uint64_t dmid) mutable {
      draft.dialog_message_id = dmid;
      draft.date = ctx->now_s();
      draft.to = peer{peer_type::chat, self->state.cid};
      auto author = draft.from_id;
      auto everyone = others;
      everyone.push_back(author);
      auto owed = delivery::owed_to(draft, everyone);
      outbox_repo::put(rows, owed);
      self->state.commits.submit(
        self, ctx->writer, std::move(rows), [=](const caf::error& err) mutable {
          if (err)
            return fail(err);
          applied();
          auto everyone_owed = [=](caf::error err) mutable {
            rp.deliver(err);
            if (after)
              after();
            delivery::fan_out_all(self, ctx, owed, 0, [self] { finish(self); });
          };
          auto author_ok = [=](outbox_result& r) mutable {
            ok(r);
            if (after)
              after();
            auto rest = delivery::owed_to(r.msg, others);
            rest.for_all = owed.for_all;
            if (owed.for_all)
              delivery::owe(self, owed, 1); // the author's copy is in
            delivery::fan_out_all(self, ctx, std::move(rest), 0, [self] { finish(self); });
          };
          outbox_write w{draft, others, origin, dmid};
          // A stopped (idle) author actor is asked once more: the write is
          // idempotent, `owed` names the message.
          delivery::ask_user_or_fail<outbox_write, outbox_result>(self, ctx, author, std::move(w),
                                                                  author_ok, everyone_owed);
        });
    },
    fail);
}

message service_message(std::uint64_t actor, action_kind kind, std::vector<std::uint64_t> users,
                        std::string title) {
  message m;
  m.from_id = actor;
  m.action = message_action{kind, std::move(users), std::move(title)};
  return m;
}

void create_job(self_ptr self, const node_context_ptr& ctx, create_chat req,
                caf::response_promise rp) {
  auto& st = self->state;
  if (st.exists) {
    rp.deliver(not_found());
    return finish(self);
  }
  auto creator = req.creator.value;
  auto now = ctx->now_s();
  chat_info info{st.cid, req.title, creator, now, 1};
  chat_rules::members_map members;
  members.emplace(creator, chat_member{creator, chat_role::creator, creator, now});
  for (auto u : req.members)
    members.emplace(u.value, chat_member{u.value, chat_role::member, creator, now});
  write_batch rows;
  chat_repo::put(rows, info);
  std::vector<std::uint64_t> all;
  for (auto& [uid, m] : members) {
    chat_repo::put_member(rows, st.cid, m);
    all.push_back(uid);
  }
  std::sort(all.begin(), all.end());
  std::vector<std::uint64_t> recipients;
  for (auto u : all)
    if (u != creator)
      recipients.push_back(u);
  auto msg = service_message(creator, action_kind::chat_create, all, req.title);
  post_change(
    self, ctx, std::move(msg), recipients, std::move(rows), req.origin, rp,
    [=] {
      auto& st = self->state;
      st.exists = true;
      st.info = info;
      st.members = members;
    },
    [=](outbox_result& r) mutable {
      rp.deliver(chat_created{info, r});
    });
}

/// Applies an add/remove/title change after its service message committed.
void apply_change(chat_state& st, const chat_change& c, const chat_member& added) {
  st.info.version += c.kind == chat_change_kind::title ? 0 : 1;
  switch (c.kind) {
  case chat_change_kind::add:
    st.members[c.user.value] = added;
    st.former.erase(c.user.value);
    break;
  case chat_change_kind::remove:
    st.members.erase(c.user.value);
    st.former.insert(c.user.value);
    break;
  case chat_change_kind::title:
    st.info.title = c.title;
    break;
  case chat_change_kind::admin:
    break;
  }
}

void admin_job(self_ptr self, const node_context_ptr& ctx, chat_change c,
               caf::response_promise rp) {
  auto& st = self->state;
  if (auto e = chat_rules::can_set_admin(st.members, c.actor.value, c.user.value);
      e != errc::none) {
    rp.deliver(refusal(e));
    return finish(self);
  }
  auto m = st.members[c.user.value];
  auto role = c.flag ? chat_role::admin : chat_role::member;
  if (m.role == role) {
    rp.deliver(refusal(errc::chat_not_modified));
    return finish(self);
  }
  m.role = role;
  auto info = st.info;
  info.version += 1;
  write_batch b;
  chat_repo::put(b, info);
  chat_repo::put_member(b, st.cid, m);
  st.commits.submit(self, ctx->writer, std::move(b), [=](const caf::error& err) mutable {
    if (err) {
      rp.deliver(err);
      return finish(self);
    }
    self->state.members[c.user.value] = m;
    self->state.info = info;
    rp.deliver(outbox_result{});
    announce_members(self, ctx);
    finish(self);
  });
}

void change_job(self_ptr self, const node_context_ptr& ctx, chat_change c,
                caf::response_promise rp) {
  auto& st = self->state;
  if (c.kind == chat_change_kind::admin)
    return admin_job(self, ctx, std::move(c), rp);
  errc e = errc::none;
  if (c.kind == chat_change_kind::add)
    e = chat_rules::can_add(st.members, c.actor.value, c.user.value,
                            ctx->settings.limits.chat_members);
  else if (c.kind == chat_change_kind::remove)
    e = chat_rules::can_remove(st.members, c.actor.value, c.user.value);
  else {
    e = chat_rules::can_edit_title(st.members, c.actor.value);
    if (e == errc::none && c.title == st.info.title)
      e = errc::chat_not_modified;
  }
  if (e != errc::none) {
    rp.deliver(refusal(e));
    return finish(self);
  }
  auto now = ctx->now_s();
  auto info = st.info;
  chat_member added{c.user.value, chat_role::member, c.actor.value, now};
  write_batch rows;
  action_kind kind = action_kind::chat_edit_title;
  // Everyone who is a member before or after the change hears of it.
  auto recipients = members_except(st, c.actor);
  if (c.kind == chat_change_kind::add) {
    kind = action_kind::chat_add_user;
    chat_repo::put_member(rows, st.cid, added);
    recipients.push_back(c.user.value);
    info.version += 1;
  } else if (c.kind == chat_change_kind::remove) {
    kind = action_kind::chat_delete_user;
    chat_repo::remove_member(rows, st.cid, c.user.value);
    info.version += 1;
  } else {
    info.title = c.title;
  }
  chat_repo::put(rows, info);
  auto users = c.kind == chat_change_kind::title ? std::vector<std::uint64_t>{}
                                                 : std::vector<std::uint64_t>{c.user.value};
  auto msg = service_message(c.actor.value, kind, users, c.title);
  post_change(
    self, ctx, std::move(msg), recipients, std::move(rows), c.origin, rp,
    [=] { apply_change(self->state, c, added); }, [=](outbox_result& r) mutable { rp.deliver(r); },
    [=] {
      // After the service message reached the author (its devices see the
      // message first, then the new member list).
      if (c.kind != chat_change_kind::title)
        announce_members(self, ctx);
    });
}

template <class Job>
caf::response_promise queue_for_member(self_ptr self, user_id user, Job job) {
  auto rp = self->make_response_promise();
  run(self, [=]() mutable {
    if (self->state.members.count(user.value) == 0) {
      rp.deliver(not_found());
      return finish(self);
    }
    job(rp);
  });
  return rp;
}

} // namespace

chat_actor spawn_chat(caf::actor_system& sys, node_context_ptr ctx, std::uint64_t cid) {
  return sys.spawn([ctx, cid](self_ptr self) -> chat_impl::behavior_type {
    auto& st = self->state;
    st.cid = cid;
    st.last_active_ms = ctx->now_ms();
    // A typed actor has no empty behavior: on a load failure it quits, and
    // the behavior below never runs.
    if (auto err = load(self, *ctx))
      self->quit(err);
    auto touch = [self, ctx] {
      self->state.last_active_ms = ctx->now_ms();
    };
    return {
      [=](commit_atom, std::uint64_t token, const caf::error& err) {
        self->state.commits.done(token, err);
      },
      [=](create_chat& req) -> caf::result<chat_created> {
        touch();
        auto rp = self->make_response_promise();
        run(self, [=] { create_job(self, ctx, req, rp); });
        return rp;
      },
      [=](send_request& req) -> caf::result<outbox_result> {
        touch();
        return queue_for_member(self, req.sender, [=](caf::response_promise rp) {
          outbox_write w;
          w.msg = draft_of(req);
          w.msg.to = peer{peer_type::chat, self->state.cid};
          w.recipients = members_except(self->state, req.sender);
          w.origin = req.origin;
          delivery::post(
            self, ctx, std::move(w), rp, [rp](outbox_result& r) mutable { rp.deliver(r); },
            [self] { finish(self); });
        });
      },
      [=](edit_request& req) -> caf::result<outbox_result> {
        touch();
        return queue_for_member(self, req.editor, [=](caf::response_promise rp) {
          delivery::edit(self, ctx, req, members_except(self->state, req.editor), rp,
                         [self] { finish(self); });
        });
      },
      [=](delete_request& req) -> caf::result<affected_messages> {
        touch();
        return queue_for_member(self, req.requester, [=](caf::response_promise rp) {
          auto& st = self->state;
          // The creator and admins may delete anyone's messages.
          delivery::remove(self, ctx, req, members_except(st, req.requester),
                           chat_rules::is_admin(st.members, req.requester.value), rp,
                           [self] { finish(self); });
        });
      },
      [=](chat_change& c) -> caf::result<outbox_result> {
        touch();
        auto rp = self->make_response_promise();
        run(self, [=] { change_job(self, ctx, c, rp); });
        return rp;
      },
      [=](view_atom, user_id viewer) {
        auto user = viewer.value;
        touch();
        auto& st = self->state;
        chat_view v;
        if (st.members.count(user) > 0) {
          v.standing = 1;
          v.info = st.info;
          v.members = member_list(st);
        } else if (st.former.count(user) > 0) {
          v.standing = 2;
          v.info = st.info;
        }
        return v;
      },
      [=](typing_atom, user_id typist, const std::string& action) -> caf::result<bool> {
        auto user = typist.value;
        auto& st = self->state;
        if (st.members.count(user) == 0)
          return not_found();
        update u;
        u.kind = update_kind::user_typing;
        u.to = peer{peer_type::chat, st.cid};
        u.user_id = user;
        u.action = action;
        u.expires = ctx->now_s() + limits::typing_ttl_s;
        session_push p{{u}, 0};
        for (auto& [uid, m] : st.members)
          if (uid != user)
            self->send(ctx->directory, user_atom_v, user_id{uid}, p);
        return true;
      },
      [=](redeliver& r) { delivery::fan_out_all(self, ctx, std::move(r.pending), 0, nullptr); },
      [=](redeliver& r, int attempt) {
        delivery::fan_out_all(self, ctx, std::move(r.pending), attempt, nullptr);
      },
      [=](tick_atom) {
        auto& st = self->state;
        auto quiet = [self] {
          auto& st = self->state;
          return !st.queue.busy && st.commits.idle() && st.owed.empty();
        };
        // A chat that does not exist (a stranger's probe) stops at once.
        if (quiet() && (!st.exists || idle_long_enough(*ctx, st.last_active_ms)))
          request_idle_stop(self, ctx, chat_atom_v, chat_id{st.cid}, st.stopping);
      },
    };
  });
}

} // namespace ag
