#include "core/shapes.hpp"

#include "core/codec/base64.hpp"
#include "core/rules/text_entities.hpp"

namespace ag {

void write_peer(json_writer& w, const peer& p) {
  w.begin_object()
    .field("type", p.type == peer_type::chat ? "chat" : "user")
    .field("id", p.id)
    .end_object();
}

namespace {

void write_action(json_writer& w, const message_action& a) {
  static constexpr const char* names[] = {"messageActionEmpty", "messageActionChatCreate",
                                          "messageActionChatAddUser", "messageActionChatDeleteUser",
                                          "messageActionChatEditTitle"};
  auto k = static_cast<std::size_t>(a.kind);
  w.begin_object().field("_", names[k < 5 ? k : 0]);
  if (a.kind == action_kind::chat_create || a.kind == action_kind::chat_edit_title)
    w.field("title", a.title);
  if (a.kind == action_kind::chat_create || a.kind == action_kind::chat_add_user) {
    w.key("users").begin_array();
    for (auto u : a.users)
      w.value(u);
    w.end_array();
  }
  if (a.kind == action_kind::chat_delete_user && !a.users.empty())
    w.field("user_id", a.users.front());
  w.end_object();
}

} // namespace

namespace {

const char* media_name(media_kind k) {
  switch (k) {
  case media_kind::photo:
    return "messageMediaPhoto";
  case media_kind::video:
    return "messageMediaVideo";
  default:
    return "messageMediaDocument";
  }
}

void write_media(json_writer& w, const message_media& m) {
  // File ids are Snowflakes (above 2^53): locations are strings.
  w.begin_object()
    .field("_", media_name(m.kind))
    .field("location", std::to_string(m.file))
    .field("size", m.size);
  if (!m.mime_type.empty())
    w.field("mime_type", m.mime_type);
  if (!m.file_name.empty())
    w.field("file_name", m.file_name);
  if (m.width != 0)
    w.field("w", m.width).field("h", m.height);
  if (m.kind == media_kind::video)
    w.field("duration_ms", m.duration_ms);
  w.key("sizes").begin_array();
  for (auto& s : m.sizes)
    w.begin_object()
      .field("type", std::string(1, s.type))
      .field("w", s.width)
      .field("h", s.height)
      .field("size", s.size)
      .field("location", std::to_string(s.file))
      .end_object();
  w.end_array();
  if (!m.stripped.empty())
    w.field("stripped_thumb", base64_encode(m.stripped));
  w.end_object();
}

} // namespace

void write_entities(json_writer& w, std::string_view key, std::string_view text,
                    const std::vector<message_entity>& stored) {
  auto all = text_entities::merged(text, stored);
  if (all.empty())
    return;
  w.key(key).begin_array();
  for (auto& e : all) {
    w.begin_object()
      .field("type", entity_name(e.kind))
      .field("offset", static_cast<std::int64_t>(e.offset))
      .field("length", static_cast<std::int64_t>(e.length));
    if (!e.url.empty())
      w.field("url", e.url);
    if (e.user_id != 0)
      w.key("user").begin_object().field("id", e.user_id).end_object();
    if (!e.language.empty())
      w.field("language", e.language);
    w.end_object();
  }
  w.end_array();
}

void write_message(json_writer& w, const message& m) {
  w.begin_object()
    .field("_", m.action.kind == action_kind::none ? "message" : "messageService")
    .field("id", m.id)
    // A Snowflake (above 2^53): a string so JavaScript keeps it exact.
    .field("dialog_message_id", std::to_string(m.dialog_message_id));
  w.key("peer");
  write_peer(w, m.to);
  w.field("from_id", m.from_id).field("out", m.out).field("date", m.date);
  if (m.action.kind != action_kind::none) {
    w.key("action");
    write_action(w, m.action);
  } else {
    w.field("text", m.text);
    if (m.media.kind != media_kind::none) {
      w.key("media");
      write_media(w, m.media);
    }
    write_entities(w, "entities", m.text, m.entities);
    if (!m.reply_markup.empty())
      w.key("reply_markup").raw(m.reply_markup);
  }
  if (m.fwd_from_id != 0) {
    w.key("fwd_from").begin_object();
    w.field("from_id", m.fwd_from_id).field("date", m.fwd_date).end_object();
  }
  if (m.reply_to != 0)
    w.field("reply_to", m.reply_to);
  if (m.edit_date != 0)
    w.field("edit_date", m.edit_date);
  if (m.random_id != 0) {
    // random_id is a full 64-bit value: a string so JavaScript keeps it exact.
    w.field("random_id", std::to_string(m.random_id));
  }
  w.end_object();
}

void write_user(json_writer& w, const user_info& u) {
  w.begin_object()
    .field("id", u.id)
    .field("username", u.username)
    .field("first_name", u.first_name);
  if (!u.last_name.empty())
    w.field("last_name", u.last_name);
  w.field("is_bot", u.is_bot);
  if (u.deleted)
    w.field("deleted", true);
  w.end_object();
}

void write_status(json_writer& w, const user_status& s) {
  w.begin_object();
  if (s.online)
    w.field("_", "userStatusOnline").field("expires", s.expires);
  else if (s.last_seen != 0)
    w.field("_", "userStatusOffline").field("was_online", s.last_seen);
  else
    w.field("_", "userStatusEmpty");
  w.end_object();
}

void write_update(json_writer& w, const update& u) {
  w.begin_object();
  switch (u.kind) {
  case update_kind::new_message:
    w.field("_", "updateNewMessage").key("message");
    write_message(w, u.msg);
    break;
  case update_kind::edit_message:
    w.field("_", "updateEditMessage").key("message");
    write_message(w, u.msg);
    break;
  case update_kind::read_history_inbox:
    w.field("_", "updateReadHistoryInbox").key("peer");
    write_peer(w, u.to);
    w.field("max_id", u.max_id)
      .field("still_unread_count", static_cast<std::int64_t>(u.still_unread));
    break;
  case update_kind::read_history_outbox:
    w.field("_", "updateReadHistoryOutbox").key("peer");
    write_peer(w, u.to);
    w.field("max_id", u.max_id);
    break;
  case update_kind::user_status:
    w.field("_", "updateUserStatus").field("user_id", u.status.user).key("status");
    write_status(w, u.status);
    break;
  case update_kind::delete_messages:
    w.field("_", "updateDeleteMessages").key("messages").begin_array();
    for (auto id : u.ids)
      w.value(id);
    w.end_array();
    break;
  case update_kind::user_typing:
    w.field("_", "updateUserTyping").key("peer");
    write_peer(w, u.to);
    w.field("user_id", u.user_id).field("action", u.action).field("expires", u.expires);
    break;
  case update_kind::chat_participants:
    w.field("_", "updateChatParticipants")
      .field("chat_id", u.to.id)
      .field("version", static_cast<std::uint64_t>(u.version));
    w.key("participants").begin_array();
    for (auto& m : u.members)
      write_chat_member(w, m);
    w.end_array();
    break;
  case update_kind::dialog_pinned:
    w.field("_", "updateDialogPinned").key("peer");
    write_peer(w, u.to);
    w.field("pinned", u.pinned);
    break;
  default:
    w.field("_", "updateUnknown");
  }
  if (u.pts != 0)
    w.field("pts", u.pts).field("pts_count", u.pts_count);
  w.end_object();
}

void write_dialog(json_writer& w, const dialog_state& d) {
  w.begin_object().key("peer");
  write_peer(w, d.to);
  w.field("top_message", d.top_message)
    .field("unread_count", static_cast<std::int64_t>(d.unread_count))
    .field("read_inbox_max_id", d.read_inbox_max_id)
    .field("read_outbox_max_id", d.read_outbox_max_id)
    .field("pinned", d.pinned != 0)
    .end_object();
}

void write_chat(json_writer& w, const chat_info& c, std::size_t members, bool forbidden) {
  w.begin_object();
  if (forbidden) {
    w.field("_", "chatForbidden").field("id", c.id).field("title", c.title).end_object();
    return;
  }
  w.field("_", "chat")
    .field("id", c.id)
    .field("title", c.title)
    .field("creator_id", c.creator)
    .field("date", c.date)
    .field("participants_count", static_cast<std::uint64_t>(members))
    .field("version", static_cast<std::uint64_t>(c.version))
    .end_object();
}

void write_chat_member(json_writer& w, const chat_member& m) {
  static constexpr const char* roles[] = {"chatParticipant", "chatParticipantAdmin",
                                          "chatParticipantCreator"};
  w.begin_object()
    .field("_", roles[static_cast<std::size_t>(m.role) % 3])
    .field("user_id", m.user)
    .field("inviter_id", m.inviter)
    .field("date", m.date)
    .end_object();
}

void write_state(json_writer& w, std::uint64_t pts, std::int64_t date) {
  w.begin_object().field("pts", pts).field("date", date).end_object();
}

} // namespace ag
