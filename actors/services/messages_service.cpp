#include "actors/services/messages_service.hpp"

#include <algorithm>
#include <set>

#include "actors/cluster/routes.hpp"
#include "actors/files/dfs_protocol.hpp"
#include "actors/media/media_protocol.hpp"
#include "actors/protocol/type_ids.hpp"
#include "actors/services/detail/lookups.hpp"
#include "actors/services/files_service.hpp"
#include "actors/services/refs.hpp"
#include "actors/user/user_protocol.hpp"
#include "core/codec/utf8.hpp"
#include "core/rules/limits.hpp"
#include "core/rules/media_rules.hpp"
#include "core/rules/text_entities.hpp"
#include "core/rules/upload_rules.hpp"

namespace ag::messages_service {

using namespace services_detail;

namespace {

/// Answers `msgs` with the users and chats they name.
void with_refs(const call_env& env, std::vector<message> msgs, reply<message_list> done,
               std::optional<std::uint64_t> next_offset = std::nullopt) {
  ref_ids ids;
  ids.users.insert(env.who.user.value);
  for (auto& m : msgs)
    ids.add(m);
  load_refs(env, ids, [=](caf::expected<named_refs> refs) mutable {
    if (!refs)
      return done(refs.error());
    done(message_list{std::move(msgs), std::move(*refs), next_offset});
  });
}

sent_message sent(const outbox_result& r) {
  return sent_message{r.msg, r.pts};
}

/// Checks the peer, then has the dialog's actor order `req` (a send or an
/// edit) and answers the caller's copy.
template <class Request>
void post_to_dialog(const call_env& env, const peer& to, Request req, reply<sent_message> done) {
  check_peer(
    env, to,
    [=] {
      ask_dialog(
        env, to, req, [=](const outbox_result& r) { done(sent(r)); }, failure_to(done));
    },
    failure_to(done));
}

/// Sends `sends[i..]` one after another (so the copies keep the order
/// given), then answers every copy made.
void forward_step(call_env env, peer to, std::shared_ptr<const std::vector<send_request>> sends,
                  std::size_t i, std::shared_ptr<std::vector<message>> results,
                  reply<message_list> done) {
  if (i == sends->size())
    return with_refs(env, *results, done);
  ask_dialog(
    env, to, (*sends)[i],
    [=](const outbox_result& r) {
      results->push_back(r.msg);
      forward_step(env, to, sends, i + 1, results, done);
    },
    failure_to(done));
}

} // namespace

void send_message(const call_env& env, send_args a, reply<sent_message> done) {
  if (auto e = limits::check_message_text(a.text); e != errc::none)
    return done(refusal(e));
  if (auto e = text_entities::check(a.text, a.entities); e != errc::none)
    return done(refusal(e));
  send_request req{env.who.user, a.to, std::move(a.text), a.random_id, a.reply_to, env.origin};
  req.entities = std::move(a.entities);
  req.reply_markup = std::move(a.reply_markup);
  req.existing_dialog_only = a.existing_dialog_only;
  post_to_dialog(env, a.to, std::move(req), std::move(done));
}

void send_media(const call_env& env, send_media_args a, reply<sent_message> done) {
  auto kind = media_rules::parse_kind(a.media);
  if (!kind)
    return done(make_error(errc::media_invalid, "media is photo, document or video"));
  if (!a.file_id)
    return done(make_error(errc::input_request_invalid, "missing parameter: file_id"));
  if (!a.file_total_parts)
    return done(make_error(errc::input_request_invalid, "missing parameter: file_total_parts"));
  if (*a.file_total_parts == 0 || *a.file_total_parts > uploads::max_parts)
    return done(make_error(errc::file_parts_invalid, "file_total_parts runs from 1 to 4000"));
  if (auto e = media_rules::check_caption(a.caption); e != errc::none)
    return done(refusal(e));
  auto name = a.file_name.value_or("");
  if (a.file_name && !media_rules::valid_file_name(name))
    return done(make_error(errc::input_request_invalid,
                           "file_name has 1 to 255 bytes, no '/', '\\' or control characters"));
  auto mime = a.mime_type.value_or("");
  if (a.mime_type && !media_rules::valid_mime_type(mime))
    return done(
      make_error(errc::input_request_invalid, "mime_type is type/subtype, like image/png"));
  std::string md5;
  if (a.md5_checksum) {
    auto norm = media_rules::normalize_md5(*a.md5_checksum);
    if (!norm)
      return done(make_error(errc::md5_checksum_invalid, "md5_checksum is 32 hex digits"));
    md5 = *norm;
  }
  finish_upload fin{env.who.user, *a.file_id, static_cast<std::uint32_t>(*a.file_total_parts),
                    md5,          mime,       name};
  auto wanted = *kind;
  auto self = env.self;
  // Stored, and described, on the sender's home node (files_service.hpp).
  auto at = files_service::uploads_of(env);
  if (!at)
    return done(at.error());
  auto timeout = call_timeout_to(env.ctx->routes, self, at->dfs);
  check_peer(
    env, a.to,
    [=] {
      // The file, then its renditions, then the message: a message never
      // points at a file that is not stored.
      self->request(at->dfs, timeout, fin)
        .then(
          [=](const stored_file& f) {
            self
              ->request(at->media, timeout,
                        describe_media{env.who.user, file_id{f.id}, wanted, mime, name})
              .then(
                [=](message_media& m) {
                  send_request req{env.who.user, a.to,       a.caption,
                                   a.random_id,  a.reply_to, env.origin};
                  req.media = std::move(m);
                  ask_dialog(
                    env, a.to, req, [=](const outbox_result& r) { done(sent(r)); },
                    failure_to(done));
                },
                [=](caf::error& err) { done(std::move(err)); });
          },
          [=](caf::error& err) { done(std::move(err)); });
    },
    failure_to(done));
}

void get_history(const call_env& env, history_args a, reply<message_list> done) {
  if (a.limit < 1 || a.limit > limits::max_history_limit)
    return done(make_error(errc::limit_invalid, "limit must be 1-100"));
  if (a.add_offset < -limits::max_history_limit || a.add_offset > 100000)
    return done(make_error(errc::input_request_invalid, "add_offset out of range"));
  history_query q{a.to, a.offset_id, a.add_offset, static_cast<std::int32_t>(a.limit)};
  q.max_id = a.max_id;
  q.min_id = a.min_id;
  check_peer(
    env, a.to,
    [=] {
      ask_own_actor(
        env, history_request{q},
        [=](const std::vector<message>& msgs) { with_refs(env, msgs, done); }, failure_to(done));
    },
    failure_to(done), false);
}

void get_dialogs(const call_env& env, dialogs_args a, reply<dialog_list> done) {
  if (a.limit < 1 || a.limit > limits::max_dialogs_limit)
    return done(make_error(errc::limit_invalid, "limit must be 1-100"));
  dialogs_request req{a.offset_date, static_cast<std::int32_t>(a.limit)};
  ask_own_actor(
    env, req,
    [=](const dialogs_result& r) {
      ref_ids ids;
      ids.users.insert(env.who.user.value);
      for (auto& m : r.messages)
        ids.add(m);
      load_refs(env, ids, [=](caf::expected<named_refs> refs) {
        if (!refs)
          return done(refs.error());
        done(dialog_list{r.dialogs, r.messages, std::move(*refs)});
      });
    },
    failure_to(done));
}

void get_difference(const call_env& env, difference_args a, reply<updates_difference> done) {
  if (a.limit < 1 || a.limit > limits::max_difference_limit)
    return done(make_error(errc::limit_invalid, "limit must be 1-1000"));
  difference_request req{a.pts, static_cast<std::int32_t>(a.limit)};
  ask_own_actor(
    env, req,
    [=](const difference_result& r) {
      ref_ids ids;
      for (auto& m : r.new_messages)
        ids.add(m);
      for (auto& u : r.other_updates)
        if (u.kind == update_kind::edit_message)
          ids.add(u.msg);
      auto now = env.ctx->now_s();
      load_refs(env, ids, [=](caf::expected<named_refs> refs) {
        if (!refs)
          return done(refs.error());
        auto kind = static_cast<difference_kind>(std::clamp(r.kind, 0, 3));
        done(updates_difference{kind, r.new_messages, r.other_updates, updates_state{r.pts, now},
                                std::move(*refs)});
      });
    },
    failure_to(done));
}

void get_state(const call_env& env, reply<updates_state> done) {
  auto ctx = env.ctx;
  ask_own_actor(
    env, state_atom_v,
    [=](std::uint64_t pts) {
      done(updates_state{pts, ctx->now_s()});
    },
    failure_to(done));
}

void read_history(const call_env& env, read_args a, reply<affected_messages> done) {
  if (auto err = over_limit(env))
    return done(std::move(err));
  read_request r{a.to, a.max_id, env.origin};
  // The user actor refuses a chat the caller never belonged to.
  check_peer(
    env, a.to,
    [=] {
      ask_own_actor(
        env, r, [=](const affected_messages& x) { done(x); }, failure_to(done));
    },
    failure_to(done), false);
}

void get_messages(const call_env& env, std::vector<box_id> ids, reply<message_list> done) {
  if (auto err = check_ids(ids))
    return done(std::move(err));
  ask_own_actor(
    env, fetch_request{std::move(ids)},
    [=](const std::vector<message>& msgs) { with_refs(env, msgs, done); }, failure_to(done));
}

void edit_message(const call_env& env, edit_args a, reply<sent_message> done) {
  if (auto e = limits::check_message_text(a.text); e != errc::none)
    return done(refusal(e));
  if (auto err = over_limit(env))
    return done(std::move(err));
  if (auto e = text_entities::check(a.text, a.entities); e != errc::none)
    return done(refusal(e));
  edit_request req{env.who.user,
                   a.to,
                   a.id,
                   std::move(a.text),
                   env.origin,
                   std::move(a.entities),
                   a.replace_markup,
                   std::move(a.reply_markup)};
  post_to_dialog(env, a.to, std::move(req), std::move(done));
}

void delete_messages(const call_env& env, delete_args a, reply<affected_messages> done) {
  if (auto err = check_ids(a.ids, false))
    return done(std::move(err));
  if (auto err = over_limit(env))
    return done(std::move(err));
  auto ids = a.ids;
  if (!a.revoke) {
    delete_write w;
    w.boxes = ids;
    w.origin = env.origin;
    return ask_own_actor(
      env, w, [=](const delete_result& r) { done(r.affected); }, failure_to(done));
  }
  // For everyone: the dialog's actor orders the deletion with its messages.
  ask_own_actor(
    env, fetch_request{ids},
    [=](const std::vector<message>& msgs) {
      if (msgs.size() != std::set<box_id>(ids.begin(), ids.end()).size())
        return done(make_error(errc::message_id_invalid, "no such message"));
      auto to = msgs.front().to;
      for (auto& m : msgs)
        if (m.to != to)
          return done(make_error(errc::input_request_invalid,
                                 "revoke deletes messages of one dialog at a time"));
      ask_dialog(
        env, to, delete_request{env.who.user, to, ids, env.origin},
        [=](const affected_messages& x) { done(x); }, failure_to(done));
    },
    failure_to(done));
}

void set_typing(const call_env& env, typing_args a, reply<bool> done) {
  static const std::set<std::string_view> actions = {
    "typing", "cancel", "recordVoice", "uploadPhoto", "uploadDocument", "chooseSticker"};
  if (actions.count(a.action) == 0)
    return done(make_error(errc::input_request_invalid, "unknown typing action"));
  if (auto err = over_limit(env, limited::typing))
    return done(std::move(err));
  auto self = env.self;
  auto ctx = env.ctx;
  auto who = env.who.user;
  auto to = a.to;
  auto action = a.action;
  if (to.type == peer_type::chat) {
    return with_chat(
      env, chat_id{to.id},
      [=](chat_actor chat) {
        self->request(chat, ctx->settings.actors.call_timeout(), typing_atom_v, who, action)
          .then([=](bool) { done(true); }, [=](caf::error& err) { done(std::move(err)); });
      },
      failure_to(done));
  }
  check_peer(
    env, to,
    [=] {
      update u;
      u.kind = update_kind::user_typing;
      u.to = peer{peer_type::user, who.value};
      u.user_id = who.value;
      u.action = action;
      u.expires = ctx->now_s() + limits::typing_ttl_s;
      if (to.id != who.value)
        self->send(ctx->directory, user_atom_v, user_id{to.id}, session_push{{u}, 0});
      done(true);
    },
    failure_to(done));
}

void toggle_dialog_pin(const call_env& env, pin_args a, reply<affected_messages> done) {
  if (auto err = over_limit(env))
    return done(std::move(err));
  ask_own_actor(
    env, pin_request{a.to, a.pinned, env.origin}, [=](const affected_messages& x) { done(x); },
    failure_to(done));
}

void search(const call_env& env, search_args a, reply<message_list> done) {
  if (a.limit < 1 || a.limit > limits::max_history_limit)
    return done(make_error(errc::limit_invalid, "limit must be 1-100"));
  if (a.q.find_first_not_of(" \t\r\n") == std::string::npos)
    return done(make_error(errc::search_query_empty, "the query is empty"));
  if (a.q.size() > 256 || !valid_utf8(a.q))
    return done(make_error(errc::input_request_invalid, "the query must be 1-256 bytes of UTF-8"));
  search_query q{a.to.value_or(peer{}), a.q, a.offset_id, static_cast<std::int32_t>(a.limit)};
  ask_own_actor(
    env, search_request{q},
    [=](const search_page& page) { with_refs(env, page.messages, done, page.next_offset_id); },
    failure_to(done));
}

void forward_messages(const call_env& env, forward_args a, reply<message_list> done) {
  if (auto err = check_ids(a.ids))
    return done(std::move(err));
  if (a.ids.empty() || a.ids.size() > 100)
    return done(make_error(errc::limit_invalid, "forward 1-100 messages at a time"));
  if (a.random_ids && a.random_ids->size() != a.ids.size())
    return done(make_error(errc::input_request_invalid, "random_ids must match ids one to one"));
  auto ids = a.ids;
  auto rids = a.random_ids.value_or(std::vector<std::uint64_t>(ids.size(), 0));
  auto from = a.from;
  auto to = a.to;
  check_peer(
    env, to,
    [=] {
      ask_own_actor(
        env, fetch_request{ids},
        [=](const std::vector<message>& found) {
          // In the order given; every id must be a live (text or media) message of from_peer.
          std::vector<send_request> sends;
          for (std::size_t i = 0; i < ids.size(); ++i) {
            auto m = std::find_if(found.begin(), found.end(),
                                  [&](const message& x) { return x.id == ids[i].value; });
            if (m == found.end() || m->to != from || m->action.kind != action_kind::none)
              return done(
                make_error(errc::message_id_invalid,
                           "message " + std::to_string(ids[i].value) + " is not in from_peer"));
            send_request s{env.who.user, to, m->text, rids[i], box_id{}, env.origin};
            s.fwd_from_id = user_id{m->fwd_from_id != 0 ? m->fwd_from_id : m->from_id};
            s.fwd_date = m->fwd_from_id != 0 ? m->fwd_date : m->date;
            s.media = m->media;
            sends.push_back(std::move(s));
          }
          forward_step(env, to, std::make_shared<const std::vector<send_request>>(std::move(sends)),
                       0, std::make_shared<std::vector<message>>(), done);
        },
        failure_to(done));
    },
    failure_to(done));
}

} // namespace ag::messages_service
