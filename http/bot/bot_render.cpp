#include "http/bot/bot_render.hpp"

#include "core/rules/bot_updates.hpp"
#include "core/shapes.hpp"
#include "http/server/deferred_reply.hpp"

namespace ag::bot_render {

namespace {

/// The reason as the official server words it.
std::string_view reason(int status) {
  if (status == 413)
    return "Request Entity Too Large";
  if (status == 420) // FLOOD_WAIT is the Bot API's 429
    status = 429;
  std::string_view r = reason_phrase(status);
  return r == "Unknown" ? "Internal Server Error" : r;
}

} // namespace

std::string ok(const std::string& result_json) {
  std::string out = "{\"ok\":true,\"result\":";
  out += result_json;
  out += '}';
  return out;
}

bot_error error(int status, const std::string& description, int retry_after) {
  json_writer w;
  w.begin_object().field("ok", false).field("error_code", static_cast<std::int64_t>(status));
  w.field("description", description);
  if (retry_after > 0)
    w.key("parameters")
      .begin_object()
      .field("retry_after", static_cast<std::int64_t>(retry_after))
      .end_object();
  w.end_object();
  return bot_error{status, w.take(), retry_after};
}

bot_error error(const rpc_failure& f) {
  auto status = info(f.code).http_status;
  if (status == 420)
    status = 429;
  auto word = std::string(reason(status));
  if (status == 429)
    return error(status, word + ": retry after " + std::to_string(f.retry_after), f.retry_after);
  if (status == 401)
    return error(status, word);
  auto text = f.description.empty() ? std::string(info(f.code).description) : f.description;
  return error(status, word + ": " + text, f.retry_after);
}

std::string me(const user_info& bot) {
  json_writer w;
  w.begin_object()
    .field("id", bot.id)
    .field("is_bot", true)
    .field("first_name", bot.first_name)
    .field("username", bot.username)
    .field("can_join_groups", true)
    .field("can_read_all_group_messages", false)
    .field("supports_inline_queries", false)
    .end_object();
  return w.take();
}

void user(json_writer& w, const user_info& u) {
  w.begin_object().field("id", u.id).field("is_bot", u.is_bot);
  w.field("first_name", u.first_name.empty() ? std::string("Deleted Account") : u.first_name);
  if (!u.last_name.empty())
    w.field("last_name", u.last_name);
  if (!u.username.empty())
    w.field("username", u.username);
  w.end_object();
}

namespace {

const user_info* find_user(const named_refs& refs, std::uint64_t id) {
  for (auto& u : refs.users)
    if (u.id == id)
      return &u;
  return nullptr;
}

void user_by_id(json_writer& w, const named_refs& refs, std::uint64_t id) {
  if (auto* u = find_user(refs, id))
    return user(w, *u);
  user(w, user_info{id, {}, {}, {}, false, true});
}

/// Telegram's group ids are negative; ours are positive chat ids.
std::int64_t group_id(std::uint64_t cid) {
  return -static_cast<std::int64_t>(cid);
}

void service_fields(json_writer& w, const ag::message& m, const named_refs& refs) {
  auto users = [&](std::string_view key) {
    w.key(key).begin_array();
    for (auto id : m.action.users)
      user_by_id(w, refs, id);
    w.end_array();
  };
  switch (m.action.kind) {
  case action_kind::chat_create:
    w.field("group_chat_created", true);
    break;
  case action_kind::chat_add_user:
    users("new_chat_members");
    break;
  case action_kind::chat_delete_user:
    if (!m.action.users.empty()) {
      w.key("left_chat_member");
      user_by_id(w, refs, m.action.users.front());
    }
    break;
  case action_kind::chat_edit_title:
    w.field("new_chat_title", m.action.title);
    break;
  case action_kind::none:
    break;
  }
}

} // namespace

void chat(json_writer& w, const peer& to, const named_refs& refs) {
  w.begin_object();
  if (to.type == peer_type::chat) {
    w.field("id", group_id(to.id)).field("type", "group");
    std::string title;
    for (auto& c : refs.chats)
      if (c.info.id == to.id)
        title = c.info.title;
    w.field("title", title);
  } else {
    w.field("id", to.id).field("type", "private");
    if (auto* u = find_user(refs, to.id)) {
      w.field("first_name", u->first_name.empty() ? std::string("Deleted Account") : u->first_name);
      if (!u->last_name.empty())
        w.field("last_name", u->last_name);
      if (!u->username.empty())
        w.field("username", u->username);
    }
  }
  w.end_object();
}

void message(json_writer& w, const ag::message& m, const named_refs& refs) {
  w.begin_object().field("message_id", m.id);
  w.key("from");
  user_by_id(w, refs, m.from_id);
  w.key("chat");
  chat(w, m.to, refs);
  w.field("date", m.date);
  if (m.edit_date > 0)
    w.field("edit_date", m.edit_date);
  if (m.fwd_from_id != 0) {
    w.key("forward_origin").begin_object().field("type", "user").field("date", m.fwd_date);
    w.key("sender_user");
    user_by_id(w, refs, m.fwd_from_id);
    w.end_object();
  }
  if (m.action.kind != action_kind::none)
    service_fields(w, m, refs);
  else if (m.media.kind != media_kind::none) {
    if (!m.text.empty()) {
      w.field("caption", m.text);
      write_entities(w, "caption_entities", m.text, m.entities);
    }
  } else {
    w.field("text", m.text);
    write_entities(w, "entities", m.text, m.entities);
  }
  // As Telegram: only inline keyboards show on a Message.
  if (m.reply_markup.starts_with("{\"inline_keyboard\""))
    w.key("reply_markup").raw(m.reply_markup);
  w.end_object();
}

std::string message(const ag::message& m, const named_refs& refs) {
  json_writer w;
  message(w, m, refs);
  return w.take();
}

std::string updates(const std::vector<update>& ups, const named_refs& refs) {
  json_writer w;
  w.begin_array();
  for (auto& u : ups) {
    w.begin_object().field("update_id", bot_updates::update_id(u.pts));
    if (u.kind == update_kind::callback_query) {
      w.key("callback_query").begin_object().field("id", std::to_string(u.pts));
      w.key("from");
      user_by_id(w, refs, u.user_id);
      w.key("message");
      message(w, u.msg, refs);
      // Opaque and stable per chat of the bot, as Telegram's.
      auto chat_id = u.to.type == peer_type::chat ? -static_cast<std::int64_t>(u.to.id)
                                                  : static_cast<std::int64_t>(u.to.id);
      w.field("chat_instance", std::to_string(u.msg.owner) + "_" + std::to_string(chat_id));
      w.field("data", u.data).end_object();
    } else {
      w.key(u.kind == update_kind::edit_message ? "edited_message" : "message");
      message(w, u.msg, refs);
    }
    w.end_object();
  }
  w.end_array();
  return w.take();
}

} // namespace ag::bot_render
