#include "http/bot/bot_methods.hpp"

#include <charconv>
#include <limits>
#include <simdjson.h>
#include <unordered_map>

#include "actors/services/account_service.hpp"
#include "actors/services/bot_api_service.hpp"
#include "actors/services/bots_service.hpp"
#include "actors/services/messages_service.hpp"
#include "core/codec/ascii.hpp"
#include "core/codec/json_writer.hpp"
#include "core/rules/text_entities.hpp"
#include "http/bot/bot_render.hpp"
#include "http/bot/parse_mode.hpp"
#include "http/bot/reply_markup.hpp"
#include "http/rpc/entity_json.hpp"

namespace ag {

namespace {

// --- answers -----------------------------------------------------------

rpc_outcome result(std::string json) {
  rpc_outcome o;
  o.ok = true;
  o.result = std::move(json);
  return o;
}

rpc_outcome refused(errc code, std::string description) {
  rpc_outcome o;
  o.failure = rpc_failure{code, std::move(description), 0};
  return o;
}

/// A service's failure in the official server's words.
rpc_outcome failed(const caf::error& err) {
  auto f = to_failure(err);
  switch (f.code) {
  case errc::peer_id_invalid:
  case errc::user_id_invalid:
  case errc::input_user_deactivated:
  case errc::username_not_occupied:
    return refused(errc::peer_id_invalid, "chat not found");
  case errc::chat_id_invalid:
    // 403, as the official server: the bot is not in the group.
    return refused(errc::user_blocked, "bot is not a member of the group chat");
  case errc::user_blocked:
    return refused(errc::user_blocked, "bot was blocked by the user");
  case errc::bot_dialog_forbidden:
    return refused(f.code, "bot can't initiate conversation with a user");
  case errc::message_empty:
    return refused(f.code, "message text is empty");
  case errc::message_too_long:
    return refused(f.code, "message is too long");
  case errc::reply_message_invalid:
    return refused(f.code, "message to be replied not found");
  case errc::message_id_invalid:
    return refused(f.code, "message to edit not found");
  case errc::message_author_required:
    return refused(errc::input_request_invalid, "message can't be edited");
  case errc::message_delete_forbidden:
    return refused(errc::input_request_invalid, "message can't be deleted");
  case errc::message_not_modified:
    return refused(f.code, "message is not modified: specified new message content and reply "
                           "markup are exactly the same as a current content and reply markup "
                           "of the message");
  case errc::entity_bounds_invalid:
    return refused(f.code, "can't parse entities: an entity is outside the text");
  default: {
    rpc_outcome o;
    o.failure = std::move(f);
    return o;
  }
  }
}

template <class T, class Render>
reply<T> answer_with(rpc_done done, Render render) {
  return [done, render](caf::expected<T> r) {
    if (!r)
      return done(failed(r.error()));
    done(result(render(*r)));
  };
}

// --- arguments ---------------------------------------------------------

/// An integer argument: a JSON number or its text. nullopt: absent or
/// not an integer (`bad` set then).
std::optional<std::int64_t> int_arg(const bot_args& a, std::string_view name, bool& bad) {
  auto v = a.get(name);
  if (!v || v->empty())
    return std::nullopt;
  std::int64_t x = 0;
  auto r = std::from_chars(v->data(), v->data() + v->size(), x);
  if (r.ec != std::errc{} || r.ptr != v->data() + v->size()) {
    bad = true;
    return std::nullopt;
  }
  return x;
}

bool bool_arg(const bot_args& a, std::string_view name) {
  auto v = a.get(name);
  return v && (ascii::iequals(*v, "true") || *v == "1");
}

/// The error for an argument that is there but not a number.
rpc_run refuse_run(std::string description) {
  return [description](const call_env&, rpc_done done) {
    done(refused(errc::input_request_invalid, description));
  };
}

/// chat_id: a user's id, a group's negated id, or @username; resolved,
/// then `then` runs with the peer.
void with_chat(const call_env& env, const bot_args& a, rpc_done done,
               std::function<void(peer)> then) {
  auto v = a.get("chat_id");
  if (!v || v->empty())
    return done(refused(errc::input_request_invalid, "chat_id is empty"));
  if ((*v)[0] == '@')
    return bot_api_service::resolve_chat(env, std::string(v->substr(1)),
                                         [=](caf::expected<peer> p) {
                                           if (!p)
                                             return done(failed(p.error()));
                                           then(*p);
                                         });
  bool bad = false;
  auto id = int_arg(a, "chat_id", bad);
  if (bad || !id || *id == 0 || *id == std::numeric_limits<std::int64_t>::min())
    return done(refused(errc::peer_id_invalid, "chat not found"));
  if (*id < 0)
    return then(peer{peer_type::chat, static_cast<std::uint64_t>(-*id)});
  then(peer{peer_type::user, static_cast<std::uint64_t>(*id)});
}

/// The message replied to: reply_parameters.message_id, else
/// reply_to_message_id; 0: none.
std::optional<std::uint64_t> reply_to(const bot_args& a, bool& bad) {
  if (auto rp = a.get("reply_parameters")) {
    simdjson::dom::parser parser;
    simdjson::padded_string text{*rp};
    simdjson::dom::element doc;
    std::int64_t id = 0;
    if (parser.parse(text).get(doc) != simdjson::SUCCESS
        || doc["message_id"].get_int64().get(id) != simdjson::SUCCESS || id <= 0) {
      bad = true;
      return std::nullopt;
    }
    return static_cast<std::uint64_t>(id);
  }
  auto id = int_arg(a, "reply_to_message_id", bad);
  if (id && *id < 0)
    bad = true;
  return id ? std::optional<std::uint64_t>(static_cast<std::uint64_t>(*id)) : std::nullopt;
}

/// A text with parse_mode or with `entities_arg` (JSON): the plain text and
/// its entities; the refusal otherwise.
std::optional<std::string> formatted(const bot_args& a, std::string_view text,
                                     std::string_view entities_arg, std::string& out_text,
                                     std::vector<message_entity>& out_entities) {
  if (auto mode = a.get("parse_mode"); mode && !mode->empty()) {
    auto f = parse_formatted(text, *mode);
    if (!f.error.empty())
      return f.error;
    out_text = std::move(f.text);
    out_entities = std::move(f.entities);
    return std::nullopt;
  }
  out_text = std::string(text);
  if (auto e = a.get(entities_arg); e && !e->empty()) {
    auto decoded = decode_entities(*e);
    if (auto* err = std::get_if<std::string>(&decoded))
      return "can't parse entities: " + *err;
    out_entities = std::get<std::vector<message_entity>>(std::move(decoded));
  }
  return std::nullopt;
}

// --- methods -----------------------------------------------------------

rpc_run get_me(const bot_args&) {
  return [](const call_env& env, rpc_done done) {
    account_service::get_users(
      env, {env.who.user}, [done](caf::expected<std::vector<user_info>> users) {
        if (!users)
          return done(failed(users.error()));
        if (users->empty())
          return done(refused(errc::auth_key_unregistered, "the bot is gone"));
        done(result(bot_render::me(users->front())));
      });
  };
}

/// logOut and close: a node has no cloud server to leave; true, as there.
rpc_run say_true(const bot_args&) {
  return [](const call_env&, rpc_done done) {
    done(result("true"));
  };
}

rpc_run get_webhook_info(const bot_args&) {
  return [](const call_env&, rpc_done done) {
    done(result(R"({"url":"","has_custom_certificate":false,"pending_update_count":0})"));
  };
}

rpc_run delete_webhook(const bot_args& a) {
  bot_api_service::updates_args drop;
  drop.offset = bool_arg(a, "drop_pending_updates") ? -1 : 0;
  return [drop](const call_env& env, rpc_done done) {
    if (drop.offset == 0)
      return done(result("true"));
    bot_api_service::drop_pending(env, answer_with<bool>(done, [](bool) { return "true"; }));
  };
}

rpc_run get_updates(const bot_args& a) {
  bool bad = false;
  bot_api_service::updates_args u;
  u.offset = int_arg(a, "offset", bad).value_or(0);
  u.limit = int_arg(a, "limit", bad).value_or(100);
  u.timeout = int_arg(a, "timeout", bad).value_or(0);
  // Not integers: read as the official server reads them, as absent.
  return [u](const call_env& env, rpc_done done) {
    bot_api_service::get_updates(env, u,
                                 answer_with<bot_api_service::update_list>(done, [](const auto& l) {
                                   return bot_render::updates(l.updates, l.refs);
                                 }));
  };
}

std::chrono::seconds poll_time(const bot_args& a) {
  bool bad = false;
  auto t = int_arg(a, "timeout", bad).value_or(0);
  return std::chrono::seconds(std::clamp<std::int64_t>(t, 0, 50));
}

rpc_run send_message(const bot_args& a) {
  bool bad = false;
  auto reply = reply_to(a, bad);
  if (bad)
    return refuse_run("reply_parameters or reply_to_message_id is not a message id");
  auto text = a.get("text");
  if (!text || text->empty())
    return refuse_run("message text is empty");
  messages_service::send_args s;
  if (auto e = formatted(a, *text, "entities", s.text, s.entities))
    return refuse_run(*e);
  if (s.text.empty())
    return refuse_run("message text is empty");
  if (auto m = a.get("reply_markup"); m && !m->empty()) {
    auto read = read_reply_markup(*m);
    if (!read.refused.empty())
      return refuse_run(read.refused);
    s.reply_markup = std::move(read.stored);
  }
  auto args = std::make_shared<bot_args>(a);
  s.reply_to = box_id{reply.value_or(0)};
  return [args, s](const call_env& env, rpc_done done) mutable {
    with_chat(env, *args, done, [=](peer to) mutable {
      s.to = to;
      bot_api_service::send_message(
        env, s, answer_with<bot_api_service::sent_with_refs>(done, [](const auto& m) {
          return bot_render::message(m.msg, m.refs);
        }));
    });
  };
}

/// The Bot API's chat actions as messages.setTyping names them.
std::optional<std::string> typing_of(std::string_view action) {
  static const std::pair<std::string_view, std::string_view> names[] = {
    {"typing", "typing"},
    {"upload_photo", "uploadPhoto"},
    {"record_video", "typing"},
    {"upload_video", "uploadDocument"},
    {"record_voice", "recordVoice"},
    {"upload_voice", "recordVoice"},
    {"upload_document", "uploadDocument"},
    {"choose_sticker", "chooseSticker"},
    {"find_location", "typing"},
    {"record_video_note", "typing"},
    {"upload_video_note", "uploadDocument"},
  };
  for (auto& [bot, ours] : names)
    if (bot == action)
      return std::string(ours);
  return std::nullopt;
}

/// The message a call names: message_id, a positive integer.
std::optional<box_id> message_arg(const bot_args& a) {
  bool bad = false;
  auto id = int_arg(a, "message_id", bad);
  if (bad || !id || *id <= 0)
    return std::nullopt;
  return box_id{static_cast<std::uint64_t>(*id)};
}

/// reply_markup of an edit: the new keyboard; none removes it, as there.
std::optional<std::string> markup_arg(const bot_args& a, std::string& stored) {
  auto m = a.get("reply_markup");
  if (!m || m->empty())
    return std::nullopt;
  auto read = read_reply_markup(*m);
  if (!read.refused.empty())
    return read.refused;
  stored = std::move(read.stored);
  return std::nullopt;
}

void edit_and_answer(const call_env& env, messages_service::edit_args e, rpc_done done) {
  messages_service::edit_message(env, std::move(e), [=](caf::expected<sent_message> sent) {
    if (!sent)
      return done(failed(sent.error()));
    bot_api_service::with_refs(
      env, std::move(sent->msg),
      answer_with<bot_api_service::sent_with_refs>(
        done, [](const auto& m) { return bot_render::message(m.msg, m.refs); }));
  });
}

rpc_run edit_message_text(const bot_args& a) {
  auto id = message_arg(a);
  if (!id)
    return refuse_run("message identifier is not specified");
  auto text = a.get("text");
  if (!text || text->empty())
    return refuse_run("message text is empty");
  messages_service::edit_args e;
  e.id = *id;
  if (auto err = formatted(a, *text, "entities", e.text, e.entities))
    return refuse_run(*err);
  if (e.text.empty())
    return refuse_run("message text is empty");
  e.replace_markup = true;
  if (auto err = markup_arg(a, e.reply_markup))
    return refuse_run(*err);
  auto args = std::make_shared<bot_args>(a);
  return [args, e](const call_env& env, rpc_done done) mutable {
    with_chat(env, *args, done, [=](peer to) mutable {
      e.to = to;
      edit_and_answer(env, e, done);
    });
  };
}

/// editMessageReplyMarkup: the same text with a new keyboard (or none).
rpc_run edit_message_reply_markup(const bot_args& a) {
  auto id = message_arg(a);
  if (!id)
    return refuse_run("message identifier is not specified");
  std::string markup;
  if (auto err = markup_arg(a, markup))
    return refuse_run(*err);
  auto args = std::make_shared<bot_args>(a);
  auto box = *id;
  return [args, box, markup](const call_env& env, rpc_done done) {
    with_chat(env, *args, done, [=](peer to) {
      messages_service::get_messages(env, {box}, [=](caf::expected<message_list> found) {
        if (!found)
          return done(failed(found.error()));
        if (found->messages.empty() || found->messages.front().to != to)
          return done(refused(errc::message_id_invalid, "message to edit not found"));
        auto& m = found->messages.front();
        messages_service::edit_args e{to, box, m.text, m.entities, true, markup};
        edit_and_answer(env, std::move(e), done);
      });
    });
  };
}

/// deleteMessage and deleteMessages: for everyone, as bots delete.
rpc_run delete_messages(const bot_args& a) {
  std::vector<box_id> ids;
  if (auto one = a.get("message_id")) {
    auto id = message_arg(a);
    if (!id)
      return refuse_run("message identifier is not specified");
    ids.push_back(*id);
  } else if (auto many = a.get("message_ids")) {
    simdjson::dom::parser parser;
    simdjson::padded_string text{*many};
    simdjson::dom::array arr;
    if (parser.parse(text).get_array().get(arr) != simdjson::SUCCESS || arr.size() == 0
        || arr.size() > 100)
      return refuse_run("message_ids must be a list of 1-100 message identifiers");
    for (auto x : arr) {
      std::int64_t id = 0;
      if (x.get_int64().get(id) != simdjson::SUCCESS || id <= 0)
        return refuse_run("message_ids must be a list of 1-100 message identifiers");
      ids.push_back(box_id{static_cast<std::uint64_t>(id)});
    }
  } else {
    return refuse_run("message identifier is not specified");
  }
  auto args = std::make_shared<bot_args>(a);
  return [args, ids](const call_env& env, rpc_done done) {
    with_chat(env, *args, done, [=](peer to) {
      // Only messages of that chat: the service checks they share one dialog.
      messages_service::get_messages(env, ids, [=](caf::expected<message_list> found) {
        if (!found)
          return done(failed(found.error()));
        if (found->messages.size() != ids.size())
          return done(refused(errc::message_id_invalid, "message to delete not found"));
        for (auto& m : found->messages)
          if (m.to != to)
            return done(refused(errc::message_id_invalid, "message to delete not found"));
        messages_service::delete_messages(
          env, {ids, true},
          answer_with<affected_messages>(done, [](const affected_messages&) { return "true"; }));
      });
    });
  };
}

rpc_run send_chat_action(const bot_args& a) {
  auto given = a.get("action").value_or("");
  if (given.empty())
    return refuse_run("action is empty");
  auto typing = typing_of(given);
  if (!typing)
    return refuse_run("wrong parameter action in request");
  auto action = *typing;
  auto args = std::make_shared<bot_args>(a);
  return [args, action](const call_env& env, rpc_done done) {
    with_chat(env, *args, done, [=](peer to) {
      messages_service::set_typing(env, {to, action},
                                   answer_with<bool>(done, [](bool) { return "true"; }));
    });
  };
}

/// answerCallbackQuery: the waiting user gets text/show_alert/url.
rpc_run answer_callback_query(const bot_args& a) {
  auto id = a.get("callback_query_id").value_or("");
  std::uint64_t pts = 0;
  auto r = std::from_chars(id.data(), id.data() + id.size(), pts);
  if (id.empty() || r.ec != std::errc{} || r.ptr != id.data() + id.size() || pts == 0)
    return refuse_run("query is too old and response timeout expired or query ID is invalid");
  callback_reply reply{pts, {}};
  reply.answer.text = std::string(a.get("text").value_or(""));
  if (text_entities::utf16_length(reply.answer.text) > 200)
    return refuse_run("MESSAGE_TOO_LONG");
  reply.answer.alert = bool_arg(a, "show_alert");
  reply.answer.url = std::string(a.get("url").value_or(""));
  if (reply.answer.url.size() > 2048)
    return refuse_run("URL_INVALID");
  bool bad = false;
  reply.answer.cache_time = static_cast<std::int32_t>(
    std::clamp<std::int64_t>(int_arg(a, "cache_time", bad).value_or(0), 0, 3600));
  return [reply](const call_env& env, rpc_done done) {
    // QUERY_ID_INVALID says it in the official server's words.
    bots_service::answer_callback(env, reply, answer_with<bool>(done, [](bool) { return "true"; }));
  };
}

/// By lower-case name: the official server's names are case-insensitive.
const std::unordered_map<std::string, bot_method>& methods() {
  static const std::unordered_map<std::string, bot_method> t = {
    {"getme", {get_me}},
    {"logout", {say_true}},
    {"close", {say_true}},
    {"getwebhookinfo", {get_webhook_info}},
    {"deletewebhook", {delete_webhook}},
    {"getupdates", {get_updates, poll_time}},
    {"sendmessage", {send_message}},
    {"sendchataction", {send_chat_action}},
    {"editmessagetext", {edit_message_text}},
    {"editmessagereplymarkup", {edit_message_reply_markup}},
    {"deletemessage", {delete_messages}},
    {"deletemessages", {delete_messages}},
    {"answercallbackquery", {answer_callback_query}},
  };
  return t;
}

} // namespace

std::optional<bot_method> find_bot_method(std::string_view name) {
  auto it = methods().find(ascii::lower(name));
  if (it == methods().end())
    return std::nullopt;
  return it->second;
}

} // namespace ag
