#include "http/rpc/render.hpp"

#include "core/codec/base64.hpp"
#include "core/codec/json_writer.hpp"
#include "core/shapes.hpp"

namespace ag::render {

namespace {

void write_chat_view(json_writer& w, const chat_view& v) {
  write_chat(w, v.info, v.members.size(), v.standing != 1);
}

void write_messages(json_writer& w, std::string_view key, const std::vector<message>& msgs) {
  w.key(key).begin_array();
  for (auto& m : msgs)
    write_message(w, m);
  w.end_array();
}

/// Closes a result object with the `"chats"` and `"users"` it names.
void write_refs(json_writer& w, const named_refs& refs) {
  w.key("chats").begin_array();
  for (auto& v : refs.chats)
    write_chat_view(w, v);
  w.end_array();
  w.key("users").begin_array();
  for (auto& u : refs.users)
    write_user(w, u);
  w.end_array();
}

void write_sent_fields(json_writer& w, const sent_message& r) {
  w.key("message");
  write_message(w, r.msg);
  w.field("pts", r.pts).field("pts_count", 1);
}

} // namespace

std::string ok_true() {
  return "true";
}

std::string done(const bool&) {
  return ok_true();
}

std::string sent(const sent_message& r) {
  json_writer w;
  w.begin_object();
  write_sent_fields(w, r);
  w.end_object();
  return w.take();
}

std::string affected(const affected_messages& a) {
  json_writer w;
  w.begin_object().field("pts", a.pts).field("pts_count", a.pts_count).end_object();
  return w.take();
}

std::string messages(const message_list& r) {
  json_writer w;
  w.begin_object();
  write_messages(w, "messages", r.messages);
  if (r.next_offset_id)
    w.field("next_offset_id", *r.next_offset_id);
  write_refs(w, r.refs);
  w.end_object();
  return w.take();
}

std::string dialogs(const dialog_list& r) {
  json_writer w;
  w.begin_object().key("dialogs").begin_array();
  for (auto& d : r.dialogs)
    write_dialog(w, d);
  w.end_array();
  write_messages(w, "messages", r.messages);
  write_refs(w, r.refs);
  w.end_object();
  return w.take();
}

std::string difference(const updates_difference& r) {
  static constexpr const char* kinds[] = {"differenceEmpty", "difference", "differenceSlice",
                                          "differenceTooLong"};
  json_writer w;
  w.begin_object().field("_", kinds[static_cast<int>(r.kind)]);
  write_messages(w, "new_messages", r.new_messages);
  w.key("other_updates").begin_array();
  for (auto& u : r.other_updates)
    write_update(w, u);
  w.end_array().key("state");
  write_state(w, r.state.pts, r.state.date);
  write_refs(w, r.refs);
  w.end_object();
  return w.take();
}

std::string state(const updates_state& s) {
  json_writer w;
  write_state(w, s.pts, s.date);
  return w.take();
}

std::string chat_change(const chat_changed& r) {
  if (!r.service)
    return ok_true();
  json_writer w;
  w.begin_object();
  write_sent_fields(w, *r.service);
  write_refs(w, r.refs);
  w.end_object();
  return w.take();
}

std::string chat_start(const chat_started& r) {
  json_writer w;
  w.begin_object().key("chat");
  write_chat(w, r.chat, r.members, false);
  write_sent_fields(w, r.service);
  write_refs(w, r.refs);
  w.end_object();
  return w.take();
}

std::string chats(const std::vector<chat_view>& views) {
  json_writer w;
  w.begin_object().key("chats").begin_array();
  for (auto& v : views)
    write_chat_view(w, v);
  w.end_array().end_object();
  return w.take();
}

std::string full(const full_chat& r) {
  json_writer w;
  w.begin_object().key("full_chat").begin_object().key("chat");
  write_chat_view(w, r.chat);
  w.key("participants").begin_array();
  for (auto& m : r.chat.members)
    write_chat_member(w, m);
  w.end_array().end_object();
  write_refs(w, r.refs);
  w.end_object();
  return w.take();
}

namespace {

std::string token_and_user(const std::string& token, const user_info& u) {
  json_writer w;
  w.begin_object().field("token", token).key("user");
  write_user(w, u);
  w.end_object();
  return w.take();
}

} // namespace

std::string signed_in(const auth_result& r) {
  return token_and_user(r.token, r.user);
}

std::string bot(const bot_created& r) {
  return token_and_user(r.token, r.bot);
}

std::string callback(const callback_answer& a) {
  json_writer w;
  w.begin_object()
    .field("alert", a.alert)
    .field("message", a.text)
    .field("url", a.url)
    .field("cache_time", static_cast<std::int64_t>(a.cache_time))
    .end_object();
  return w.take();
}

std::string bound(const bound_token& r) {
  json_writer w;
  w.begin_object().key("user");
  write_user(w, r.user);
  w.end_object();
  return w.take();
}

std::string code(const code_sent& r) {
  json_writer w;
  w.begin_object()
    .field("email", r.email)
    .field("length", r.length)
    .field("timeout", r.timeout_s)
    .end_object();
  return w.take();
}

std::string user(const user_info& u) {
  json_writer w;
  write_user(w, u);
  return w.take();
}

std::string user_array(const std::vector<user_info>& users) {
  json_writer w;
  w.begin_array();
  for (auto& u : users)
    write_user(w, u);
  w.end_array();
  return w.take();
}

std::string users(const std::vector<user_info>& users) {
  json_writer w;
  w.begin_object().key("users").begin_array();
  for (auto& u : users)
    write_user(w, u);
  w.end_array().end_object();
  return w.take();
}

std::string revoked(const std::uint32_t& n) {
  json_writer w;
  w.begin_object().field("revoked", static_cast<std::uint64_t>(n)).end_object();
  return w.take();
}

std::string authorizations(const authorization_list& r) {
  json_writer w;
  w.begin_object().key("authorizations").begin_array();
  for (auto& a : r.all)
    w.begin_object()
      .field("hash", std::to_string(a.id))
      .field("current", a.id == r.current)
      .field("device", a.device)
      .field("ip", a.ip)
      .field("date_created", a.created)
      .field("date_active", a.active)
      .end_object();
  w.end_array().end_object();
  return w.take();
}

std::string resolved(const resolved_peer& r) {
  json_writer w;
  w.begin_object().key("peer");
  write_peer(w, r.to);
  w.key("users").begin_array();
  write_user(w, r.user);
  w.end_array().end_object();
  return w.take();
}

std::string statuses(const std::vector<user_status>& sts) {
  json_writer w;
  w.begin_array();
  for (auto& s : sts) {
    w.begin_object().field("user_id", s.user).key("status");
    write_status(w, s);
    w.end_object();
  }
  w.end_array();
  return w.take();
}

std::string parts(const uploaded_parts& u) {
  json_writer w;
  w.begin_object().key("parts").begin_array();
  for (auto i : u.parts)
    w.value(static_cast<std::uint64_t>(i));
  w.end_array()
    .field("part_size", static_cast<std::uint64_t>(u.part_size))
    .field("bytes", u.bytes)
    .end_object();
  return w.take();
}

std::string chunk(const file_chunk& c) {
  json_writer w;
  w.begin_object()
    .field("mime_type", c.mime_type)
    .field("size", c.size)
    .field("mtime", c.mtime)
    .field("offset", c.offset)
    .field("bytes", base64_encode(c.bytes))
    .end_object();
  return w.take();
}

} // namespace ag::render
