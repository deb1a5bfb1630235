// The messages.* and updates.* methods (docs/api.md).
#include <algorithm>

#include "actors/protocol/type_ids.hpp"
#include "actors/services/detail/api_detail.hpp"
#include "core/codec/utf8.hpp"
#include "core/rules/limits.hpp"
#include "core/rules/media_rules.hpp"
#include "core/rules/upload_rules.hpp"
#include "core/shapes.hpp"

namespace ag::api_detail {

namespace {

/// Sends `req` to the actor ordering the dialog `to`; `on_result` gets the
/// answer.
template <class Request, class OnResult>
void ask_dialog(self_ptr self, const node_context_ptr& ctx, call_cache* cache, std::uint64_t who,
                const peer& to, Request req, OnResult on_result, rpc_done done) {
  auto timeout = dialog_timeout(ctx, cache);
  with_dialog(
    self, ctx, who, to,
    [=](caf::actor d) {
      self->request(d, timeout, req).then(on_result, [=](caf::error& err) {
        done(failure_outcome(err));
      });
    },
    done);
}

std::optional<rpc_outcome> check_text(const std::optional<std::string>& text) {
  if (!text)
    return missing("message");
  if (auto e = limits::check_message_text(*text); e != errc::none)
    return refuse(e);
  return std::nullopt;
}

/// Renders messages with the users and chats they name.
void reply_messages(self_ptr self, const node_context_ptr& ctx, const caller& who,
                    std::vector<message> msgs, rpc_done done, std::uint64_t next_offset = 0,
                    bool with_next = false) {
  refs r;
  r.users.insert(who.user);
  for (auto& m : msgs)
    collect(r, m);
  with_refs(
    self, ctx, who.user, r,
    [msgs, next_offset, with_next](json_writer& w) {
      write_messages(w, "messages", msgs);
      if (with_next)
        w.field("next_offset_id", next_offset);
    },
    done);
}

/// Sends `sends[i..]` one after another, then renders every copy made.
void forward_step(self_ptr self, const node_context_ptr& ctx, call_cache* cache, caller who,
                  peer to, std::shared_ptr<const std::vector<send_request>> sends, std::size_t i,
                  std::shared_ptr<std::vector<message>> results, rpc_done done) {
  if (i == sends->size())
    return reply_messages(self, ctx, who, *results, done);
  ask_dialog(
    self, ctx, cache, who.user, to, (*sends)[i],
    [=](const outbox_result& r) {
      results->push_back(r.msg);
      forward_step(self, ctx, cache, who, to, sends, i + 1, results, done);
    },
    done);
}

} // namespace

AG_API_METHOD(send_message) {
  if (!p.to)
    return done(missing("peer"));
  if (auto bad = check_text(p.message))
    return done(std::move(*bad));
  send_request req{
    who.user, *p.to, std::move(*p.message), p.random_id.value_or(0), p.reply_to.value_or(0),
    origin};
  auto to = *p.to;
  check_peer(
    self, ctx, cache, to,
    [=]() {
      ask_dialog(
        self, ctx, cache, who.user, to, req,
        [=](const outbox_result& r) { done(ok(render_sent(r))); }, done);
    },
    done);
}

AG_API_METHOD(send_media) {
  if (!p.to)
    return done(missing("peer"));
  if (!p.media)
    return done(missing("media"));
  auto kind = media_rules::parse_kind(*p.media);
  if (!kind)
    return done(fail(errc::media_invalid, "media is photo, document or video"));
  if (!p.file_id)
    return done(missing("file_id"));
  if (!p.file_total_parts)
    return done(missing("file_total_parts"));
  if (*p.file_total_parts == 0 || *p.file_total_parts > uploads::max_parts)
    return done(fail(errc::file_parts_invalid, "file_total_parts runs from 1 to 4000"));
  auto caption = p.message.value_or("");
  if (auto e = media_rules::check_caption(caption); e != errc::none)
    return done(refuse(e));
  auto name = p.file_name.value_or("");
  if (p.file_name && !media_rules::valid_file_name(name))
    return done(fail(errc::input_request_invalid,
                     "file_name has 1 to 255 bytes, no '/', '\\' or control characters"));
  auto mime = p.mime_type.value_or("");
  if (p.mime_type && !media_rules::valid_mime_type(mime))
    return done(fail(errc::input_request_invalid, "mime_type is type/subtype, like image/png"));
  std::string md5;
  if (p.md5_checksum) {
    auto norm = media_rules::normalize_md5(*p.md5_checksum);
    if (!norm)
      return done(fail(errc::md5_checksum_invalid, "md5_checksum is 32 hex digits"));
    md5 = *norm;
  }
  finish_upload fin{who.user, *p.file_id, static_cast<std::uint32_t>(*p.file_total_parts),
                    md5,      mime,       name};
  auto to = *p.to;
  auto random_id = p.random_id.value_or(0);
  auto reply_to = p.reply_to.value_or(0);
  auto wanted = *kind;
  check_peer(
    self, ctx, cache, to,
    [=]() {
      // The file, then its renditions, then the message: a message never
      // points at a file that is not stored.
      self->request(ctx->dfs, internal_call, fin)
        .then(
          [=](const stored_file& f) {
            self
              ->request(ctx->media, internal_call,
                        describe_media{who.user, f.id, wanted, mime, name})
              .then(
                [=](message_media& m) {
                  send_request req{who.user, to, caption, random_id, reply_to, origin};
                  req.media = std::move(m);
                  ask_dialog(
                    self, ctx, cache, who.user, to, req,
                    [=](const outbox_result& r) { done(ok(render_sent(r))); }, done);
                },
                failed(done));
          },
          failed(done));
    },
    done);
}

AG_API_METHOD(get_history) {
  if (!p.to)
    return done(missing("peer"));
  auto limit = p.limit.value_or(20);
  if (limit < 1 || limit > limits::max_history_limit)
    return done(fail(errc::limit_invalid, "limit must be 1-100"));
  auto add = p.add_offset.value_or(0);
  if (add < -limits::max_history_limit || add > 100000)
    return done(fail(errc::input_request_invalid, "add_offset out of range"));
  history_query q{*p.to, p.offset_id.value_or(0), add, static_cast<std::int32_t>(limit)};
  q.max_id = p.max_id.value_or(0);
  q.min_id = p.min_id.value_or(0);
  check_peer(
    self, ctx, cache, *p.to,
    [=] {
      ask_own_actor(
        self, ctx, cache, who.user, history_request{q},
        [=](const std::vector<message>& msgs) { reply_messages(self, ctx, who, msgs, done); },
        done);
    },
    done, false);
}

AG_API_METHOD(get_dialogs) {
  auto limit = p.limit.value_or(100);
  if (limit < 1 || limit > limits::max_dialogs_limit)
    return done(fail(errc::limit_invalid, "limit must be 1-100"));
  dialogs_request req{p.offset_date.value_or(0), static_cast<std::int32_t>(limit)};
  ask_own_actor(
    self, ctx, cache, who.user, req,
    [=](const dialogs_result& r) {
      refs rs;
      rs.users.insert(who.user);
      for (auto& m : r.messages)
        collect(rs, m);
      with_refs(
        self, ctx, who.user, rs,
        [r](json_writer& w) {
          w.key("dialogs").begin_array();
          for (auto& d : r.dialogs)
            write_dialog(w, d);
          w.end_array();
          write_messages(w, "messages", r.messages);
        },
        done);
    },
    done);
}

AG_API_METHOD(get_difference) {
  if (!p.pts)
    return done(missing("pts"));
  auto limit = p.limit.value_or(100);
  if (limit < 1 || limit > limits::max_difference_limit)
    return done(fail(errc::limit_invalid, "limit must be 1-1000"));
  difference_request req{*p.pts, static_cast<std::int32_t>(limit)};
  ask_own_actor(
    self, ctx, cache, who.user, req,
    [=](const difference_result& r) {
      static constexpr const char* kinds[] = {"differenceEmpty", "difference", "differenceSlice",
                                              "differenceTooLong"};
      refs rs;
      for (auto& m : r.new_messages)
        collect(rs, m);
      for (auto& u : r.other_updates)
        if (u.kind == update_kind::edit_message)
          collect(rs, u.msg);
      auto now = ctx->now_s();
      with_refs(
        self, ctx, who.user, rs,
        [r, now](json_writer& w) {
          w.field("_", kinds[std::clamp(r.kind, 0, 3)]);
          write_messages(w, "new_messages", r.new_messages);
          w.key("other_updates").begin_array();
          for (auto& u : r.other_updates)
            write_update(w, u);
          w.end_array().key("state");
          write_state(w, r.pts, now);
        },
        done);
    },
    done);
}

AG_API_METHOD(get_state) {
  ask_own_actor(
    self, ctx, cache, who.user, state_atom_v,
    [=](std::uint64_t pts) {
      json_writer w;
      write_state(w, pts, ctx->now_s());
      done(ok(w.take()));
    },
    done);
}

AG_API_METHOD(read_history) {
  if (!p.to)
    return done(missing("peer"));
  read_request r{*p.to, p.max_id.value_or(0), origin};
  check_peer(
    self, ctx, cache, *p.to,
    [=] {
      ask_own_actor(
        self, ctx, cache, who.user, r,
        [=](const affected_messages& a) { done(ok(render_affected(a))); }, done);
    },
    done, false);
}

AG_API_METHOD(get_messages) {
  if (auto bad = check_ids(p))
    return done(std::move(*bad));
  ask_own_actor(
    self, ctx, cache, who.user, fetch_request{*p.ids},
    [=](const std::vector<message>& msgs) { reply_messages(self, ctx, who, msgs, done); }, done);
}

AG_API_METHOD(edit_message) {
  if (!p.to)
    return done(missing("peer"));
  if (!p.id)
    return done(missing("id"));
  if (auto bad = check_text(p.message))
    return done(std::move(*bad));
  edit_request req{who.user, *p.to, *p.id, std::move(*p.message), origin};
  auto to = *p.to;
  check_peer(
    self, ctx, cache, to,
    [=] {
      ask_dialog(
        self, ctx, cache, who.user, to, req,
        [=](const outbox_result& r) { done(ok(render_sent(r))); }, done);
    },
    done);
}

AG_API_METHOD(delete_messages) {
  if (auto bad = check_ids(p))
    return done(std::move(*bad));
  if (p.ids->empty())
    return done(fail(errc::message_id_invalid, "no message ids given"));
  auto ids = *p.ids;
  if (!p.revoke.value_or(false)) {
    delete_write w;
    w.boxes = ids;
    w.origin = origin;
    return ask_own_actor(
      self, ctx, cache, who.user, w,
      [=](const delete_result& r) { done(ok(render_affected(r.affected))); }, done);
  }
  // For everyone: the dialog's actor orders the deletion with its messages.
  ask_own_actor(
    self, ctx, cache, who.user, fetch_request{ids},
    [=](const std::vector<message>& msgs) {
      if (msgs.size() != std::set<std::uint64_t>(ids.begin(), ids.end()).size())
        return done(fail(errc::message_id_invalid, "no such message"));
      auto to = msgs.front().to;
      for (auto& m : msgs)
        if (m.to != to)
          return done(
            fail(errc::input_request_invalid, "revoke deletes messages of one dialog at a time"));
      ask_dialog(
        self, ctx, cache, who.user, to, delete_request{who.user, to, ids, origin},
        [=](const affected_messages& a) { done(ok(render_affected(a))); }, done);
    },
    done);
}

AG_API_METHOD(set_typing) {
  if (!p.to)
    return done(missing("peer"));
  auto action = p.action.value_or("typing");
  static const std::set<std::string_view> actions = {
    "typing", "cancel", "recordVoice", "uploadPhoto", "uploadDocument", "chooseSticker"};
  if (actions.count(action) == 0)
    return done(fail(errc::input_request_invalid, "unknown typing action"));
  auto to = *p.to;
  if (to.type == peer_type::chat) {
    return with_dialog(
      self, ctx, who.user, to,
      [=](caf::actor chat) {
        self->request(chat, ctx->settings.call_timeout, typing_atom_v, who.user, action)
          .then([=](bool) { done(ok("true")); },
                [=](caf::error& err) { done(failure_outcome(err)); });
      },
      done);
  }
  check_peer(
    self, ctx, cache, to,
    [=] {
      update u;
      u.kind = update_kind::user_typing;
      u.to = peer{peer_type::user, who.user};
      u.user_id = who.user;
      u.action = action;
      u.expires = ctx->now_s() + 6;
      if (to.id != who.user)
        self->send(ctx->directory, user_atom_v, to.id, session_push{{u}, 0});
      done(ok("true"));
    },
    done);
}

AG_API_METHOD(toggle_dialog_pin) {
  if (!p.to)
    return done(missing("peer"));
  pin_request r{*p.to, p.pinned.value_or(true), origin};
  ask_own_actor(
    self, ctx, cache, who.user, r,
    [=](const affected_messages& a) { done(ok(render_affected(a))); }, done);
}

AG_API_METHOD(search) {
  if (!p.q)
    return done(missing("q"));
  auto limit = p.limit.value_or(20);
  if (limit < 1 || limit > limits::max_history_limit)
    return done(fail(errc::limit_invalid, "limit must be 1-100"));
  auto text = *p.q;
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    return done(fail(errc::search_query_empty, "the query is empty"));
  if (text.size() > 256 || !valid_utf8(text))
    return done(fail(errc::input_request_invalid, "the query must be 1-256 bytes of UTF-8"));
  search_query q{p.to.value_or(peer{}), text, p.offset_id.value_or(0),
                 static_cast<std::int32_t>(limit)};
  ask_own_actor(
    self, ctx, cache, who.user, search_request{q},
    [=](const search_page& page) {
      reply_messages(self, ctx, who, page.messages, done, page.next_offset_id, true);
    },
    done);
}

AG_API_METHOD(forward_messages) {
  if (!p.from_peer)
    return done(missing("from_peer"));
  if (!p.to)
    return done(missing("peer"));
  if (auto bad = check_ids(p))
    return done(std::move(*bad));
  if (p.ids->empty() || p.ids->size() > 100)
    return done(fail(errc::limit_invalid, "forward 1-100 messages at a time"));
  if (p.random_ids && p.random_ids->size() != p.ids->size())
    return done(fail(errc::input_request_invalid, "random_ids must match ids one to one"));
  auto ids = *p.ids;
  auto rids = p.random_ids.value_or(std::vector<std::uint64_t>(ids.size(), 0));
  auto from = *p.from_peer;
  auto to = *p.to;
  check_peer(
    self, ctx, cache, to,
    [=] {
      ask_own_actor(
        self, ctx, cache, who.user, fetch_request{ids},
        [=](const std::vector<message>& found) {
          // In the order given; every id must be a live (text or media) message of from_peer.
          std::vector<send_request> sends;
          for (std::size_t i = 0; i < ids.size(); ++i) {
            auto m = std::find_if(found.begin(), found.end(),
                                  [&](const message& x) { return x.id == ids[i]; });
            if (m == found.end() || m->to != from || m->action.kind != action_kind::none)
              return done(fail(errc::message_id_invalid,
                               "message " + std::to_string(ids[i]) + " is not in from_peer"));
            send_request s{who.user, to, m->text, rids[i], 0, origin};
            s.fwd_from_id = m->fwd_from_id != 0 ? m->fwd_from_id : m->from_id;
            s.fwd_date = m->fwd_from_id != 0 ? m->fwd_date : m->date;
            s.media = m->media;
            sends.push_back(std::move(s));
          }
          // One at a time, so the copies keep the order given.
          forward_step(self, ctx, cache, who, to,
                       std::make_shared<const std::vector<send_request>>(std::move(sends)), 0,
                       std::make_shared<std::vector<message>>(), done);
        },
        done);
    },
    done);
}

} // namespace ag::api_detail
