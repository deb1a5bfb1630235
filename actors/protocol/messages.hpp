#pragma once
/// Every message type that crosses an actor boundary, with `inspect`
/// overloads and one CAF type ID block, so that the same messages can cross
/// nodes unchanged (test/actors/protocol/serialization_test.cpp round-trips each).
#include <caf/all.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "actors/media/codec/photo.hpp"
#include "core/model/model.hpp"
#include "storage/box/box_repo.hpp"
#include "storage/files/file_repo.hpp"
#include "storage/records.hpp"

namespace ag {

// -- atoms (at most 10 characters) -------------------------------------------
using next_id_atom = caf::atom_constant<caf::atom("next_id")>;
using sequence_atom = caf::atom_constant<caf::atom("sequence")>;
using commit_atom = caf::atom_constant<caf::atom("commit")>;
using subscribe_atom = caf::atom_constant<caf::atom("subscribe")>;
using unsub_atom = caf::atom_constant<caf::atom("unsub")>;
using state_atom = caf::atom_constant<caf::atom("state")>;
using tick_atom = caf::atom_constant<caf::atom("tick")>;
using idle_atom = caf::atom_constant<caf::atom("idle")>;
using user_atom = caf::atom_constant<caf::atom("user")>;
using dialog_atom = caf::atom_constant<caf::atom("dialog")>;
using replay_atom = caf::atom_constant<caf::atom("replay")>;
using online_atom = caf::atom_constant<caf::atom("online")>;
using offline_atom = caf::atom_constant<caf::atom("offline")>;
using statuses_atom = caf::atom_constant<caf::atom("statuses")>;
using check_atom = caf::atom_constant<caf::atom("check")>;
using revoke_atom = caf::atom_constant<caf::atom("revoke")>;
using users_atom = caf::atom_constant<caf::atom("users")>;
using resolve_atom = caf::atom_constant<caf::atom("resolve")>;
using hash_atom = caf::atom_constant<caf::atom("hash")>;
using verify_atom = caf::atom_constant<caf::atom("verify")>;
using ws_out_atom = caf::atom_constant<caf::atom("ws_out")>;
using ws_close_atom = caf::atom_constant<caf::atom("ws_close")>;
using kick_atom = caf::atom_constant<caf::atom("kick")>;
using bind_atom = caf::atom_constant<caf::atom("bind")>;
using watchdog_atom = caf::atom_constant<caf::atom("watchdog")>;
using ping_atom = caf::atom_constant<caf::atom("ping")>;
using chat_atom = caf::atom_constant<caf::atom("chat")>;
using typing_atom = caf::atom_constant<caf::atom("typing")>;
using view_atom = caf::atom_constant<caf::atom("view")>;
using mail_atom = caf::atom_constant<caf::atom("mail")>;
using sessions_atom = caf::atom_constant<caf::atom("sessions")>;
using reset_atom = caf::atom_constant<caf::atom("reset")>;
using blocked_atom = caf::atom_constant<caf::atom("blocked")>;
using parts_atom = caf::atom_constant<caf::atom("parts")>;
using expire_atom = caf::atom_constant<caf::atom("expire")>;
using purge_atom = caf::atom_constant<caf::atom("purge")>;
using photo_atom = caf::atom_constant<caf::atom("photo")>;

// -- user actor ----------------------------------------------------------------

/// Dialog → sender's user actor: store the sender's copy (outbox side).
/// `msg.id` is assigned by the user actor; `msg.reply_to` is the sender's box
/// id and is resolved to a dialog_message_id there.
struct outbox_write {
  message msg;
  std::vector<std::uint64_t> recipients;
  caf::actor origin; ///< the requesting session (gets no push: "not me")
  write_batch extra; ///< committed atomically with the copy (chat changes)
};

/// The sender's stored copy and the pts of its update. `duplicate`: the
/// random_id was seen within 24 h and this is the first result again.
struct outbox_result {
  message msg;
  std::uint64_t pts = 0;
  bool duplicate = false;
};

/// Dialog → recipient's user actor: apply one pending operation to the
/// recipient's box (store its copy, edit it, or delete copies).
struct inbox_write {
  message msg; ///< the sender's copy; the recipient derives its own
  pending_op op = pending_op::new_message;
  std::uint64_t op_id = 0;            ///< the pending record's key (0: msg's dmid)
  std::vector<std::uint64_t> dmids{}; ///< remove
};

inline inbox_write inbox_write_of(const pending_delivery& p) {
  return inbox_write{p.msg, p.op, p.key_id(), p.dmids};
}

/// Dialog → author's user actor: edit the author's copy (box id `box` of
/// dialog `to`) and owe the edit to `recipients`. Answers outbox_result.
struct edit_write {
  peer to;
  std::uint64_t box = 0;
  std::string text;
  std::vector<std::uint64_t> recipients;
  std::uint64_t op_id = 0;
  caf::actor origin;
};

/// To the requester's user actor: delete copies from its box. With `revoke`
/// every id must be of dialog `to` and the deletion is owed to `recipients`;
/// `others_allowed`: the requester may delete messages it did not write.
struct delete_write {
  std::vector<std::uint64_t> boxes;
  bool revoke = false;
  peer to;
  bool others_allowed = false;
  std::vector<std::uint64_t> recipients;
  std::uint64_t op_id = 0;
  caf::actor origin;
};

/// Telegram's messages.affectedMessages: the pts after a change and how many
/// pts it took (0: nothing changed).
struct affected_messages {
  std::uint64_t pts = 0;
  std::int32_t pts_count = 0;
};

struct delete_result {
  affected_messages affected;
  std::vector<std::uint64_t> dmids; ///< of the copies deleted
};

/// Session → user actor: pin or unpin a dialog.
struct pin_request {
  peer to;
  bool pinned = false;
  caf::actor origin;
};

struct search_request {
  search_query query;
};

/// Session → user actor: the live copies with these box ids (missing and
/// deleted ones are left out).
struct fetch_request {
  std::vector<std::uint64_t> ids;
};

/// User actor → session: updates to show, and the user's pts after them.
struct session_push {
  std::vector<update> updates;
  std::uint64_t pts = 0;
};

struct history_request {
  history_query query;
};

struct dialogs_request {
  std::int64_t offset_date = 0;
  std::int32_t limit = 100;
};

struct dialogs_result {
  std::vector<dialog_state> dialogs;
  std::vector<message> messages; ///< each dialog's top message
};

struct difference_request {
  std::uint64_t pts = 0;
  std::int32_t limit = 100;
};

/// `kind`: 0 empty, 1 difference, 2 slice (more follows).
struct difference_result {
  std::int32_t kind = 0;
  std::vector<message> new_messages;
  std::vector<update> other_updates;
  std::uint64_t pts = 0;
};

/// Session → reader's user actor: messages up to `max_id` (0: all) were read.
struct read_request {
  peer to;
  std::uint64_t max_id = 0;
  caf::actor origin;
};

/// Reader's user actor → sender's user actor: its messages up to the one
/// with `dmid` were read by `reader` (in chat `chat`, or privately when 0).
struct read_notice {
  std::uint64_t reader = 0;
  std::uint64_t dmid = 0;
  std::uint64_t chat = 0;
};

/// Status actor → user actor: tell everyone who shares a dialog.
struct status_broadcast {
  user_status status;
};

// -- dialog actor --------------------------------------------------------------

/// Session → dialog: send a text message.
struct send_request {
  std::uint64_t sender = 0;
  peer to; ///< as the sender names it
  std::string text;
  std::uint64_t random_id = 0;
  std::uint64_t reply_to = 0; ///< sender's box id
  caf::actor origin;
  std::uint64_t fwd_from_id = 0; ///< forwarded: the original author
  std::int64_t fwd_date = 0;     ///< forwarded: the original date
  message_media media{};         ///< sendMedia (text is then the caption)
};

/// The author's message a send asks for (ids, peer and date come later).
inline message draft_of(const send_request& req) {
  message m;
  m.from_id = req.sender;
  m.to = req.to;
  m.text = req.text;
  m.random_id = req.random_id;
  m.reply_to = req.reply_to;
  m.fwd_from_id = req.fwd_from_id;
  m.fwd_date = req.fwd_date;
  m.media = req.media;
  return m;
}

/// Session → dialog (shard or chat): edit the editor's message `box`.
struct edit_request {
  std::uint64_t editor = 0;
  peer to;
  std::uint64_t box = 0;
  std::string text;
  caf::actor origin;
};

/// Session → dialog: delete messages of dialog `to` for everyone.
struct delete_request {
  std::uint64_t requester = 0;
  peer to;
  std::vector<std::uint64_t> boxes;
  caf::actor origin;
};

/// Start-up → dialog: deliver a pending operation again.
struct redeliver {
  pending_delivery pending;
};

// -- chat actor ----------------------------------------------------------------

/// Session → a new chat's actor.
struct create_chat {
  std::uint64_t creator = 0;
  std::string title;
  std::vector<std::uint64_t> members; ///< besides the creator
  caf::actor origin;
};

enum class chat_change_kind : std::uint8_t { add = 1, remove = 2, title = 3, admin = 4 };

/// Session → chat actor: a membership, role or title change by `actor`.
/// Answers outbox_result: the service message (msg.id 0 for role changes,
/// which have none).
struct chat_change {
  chat_change_kind kind = chat_change_kind::add;
  std::uint64_t actor = 0;
  std::uint64_t user = 0;
  std::string title;
  bool flag = false; ///< admin: make admin (true) or member
  caf::actor origin;
};

/// A chat as one user may see it. `standing`: 0 stranger (nothing else is
/// filled), 1 member, 2 former member (info only).
struct chat_view {
  chat_info info;
  std::vector<chat_member> members;
  std::int32_t standing = 0;
};

struct chat_created {
  chat_info info;
  outbox_result service;
};

// -- auth actor ----------------------------------------------------------------

/// Where a sign-in comes from (stored with the authorization).
struct client_info {
  std::string device; ///< the client's `device`, else its User-Agent
  std::string ip;
};

struct sign_up_request {
  std::string username, password, first_name, last_name;
  std::string email, code; ///< both or neither (auth.require_email: both)
  client_info client;
};

struct sign_in_request {
  std::string username, password;
  client_info client;
};

/// auth.sendCode: `purpose` is a code_purpose.
struct code_request {
  std::string email;
  std::uint8_t purpose = 1;
};

/// auth.resetPassword: signs in on a new authorization, revoking every other.
struct password_reset {
  std::string email, code, new_password;
  client_info client;
};

/// account.updateProfile: only the fields with their `set_` flag change.
struct profile_change {
  std::uint64_t user = 0;
  bool set_first = false, set_last = false, set_username = false;
  std::string first_name, last_name, username;
};

/// account.changePassword: revokes every authorization but `keep`.
struct password_change {
  std::uint64_t user = 0, keep = 0;
  std::string password, new_password;
};

/// account.deleteAccount.
struct account_deletion {
  std::uint64_t user = 0;
  std::string password;
};

/// contacts.search.
struct user_search {
  std::string q;
  std::uint32_t limit = 20;
};

/// upload.saveFilePart, to dfs. `total`: the parts the client declared (0: none).
struct save_part {
  std::uint64_t owner = 0;
  std::uint64_t file_id = 0;
  std::uint32_t index = 0;
  std::uint32_t total = 0;
  std::string bytes;
};

/// upload.getUploadedParts: the stored part numbers, ascending.
struct uploaded_parts {
  std::vector<std::uint32_t> parts;
  std::uint32_t part_size = 0; ///< of part 0, when stored
  std::uint64_t bytes = 0;
};

/// Finishes an upload into a stored file (deduplicated by content).
/// `md5`: the client's checksum in hex, or empty.
struct finish_upload {
  std::uint64_t owner = 0;
  std::uint64_t file_id = 0;
  std::uint32_t parts = 0;
  std::string md5;
  std::string mime_type{}; ///< recorded on a new file
  std::string file_name{};
};

/// API → media pool: what `file` is as a photo, document or video, with its
/// renditions stored (PHOTO_INVALID, PHOTO_INVALID_DIMENSIONS, MEDIA_INVALID).
struct describe_media {
  std::uint64_t owner = 0; ///< the sender
  std::uint64_t file = 0;
  media_kind kind = media_kind::document;
  std::string mime_type;
  std::string file_name;
};

/// Digests of an upload's content (raw bytes).
struct file_digest {
  std::string sha256;
  std::string md5;
  std::string mime_type; ///< sniffed from the first bytes ("" : unknown)
};

/// contacts.block / unblock, to the blocker's user actor.
struct block_request {
  std::uint64_t target = 0;
  bool blocked = true;
};

/// A signed-in result: the token and the user.
struct auth_result {
  std::string token;
  user_info user;
  std::uint64_t auth_session = 0;
};

/// Who a valid token belongs to.
struct token_owner {
  std::uint64_t user = 0;
  std::uint64_t auth_session = 0;
};

// -- inspect -------------------------------------------------------------------

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, history_query& x) {
  return f(caf::meta::type_name("history_query"), x.to, x.offset_id, x.add_offset, x.limit,
           x.max_id, x.min_id);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, pending_delivery& x) {
  return f(caf::meta::type_name("pending_delivery"), x.msg, x.recipients, x.op, x.op_id, x.dmids);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, write_batch::op& x) {
  return f(caf::meta::type_name("write_op"), x.family, x.erase, x.key, x.value);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, write_batch& x) {
  return f(caf::meta::type_name("write_batch"), x.ops);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, outbox_write& x) {
  return f(caf::meta::type_name("outbox_write"), x.msg, x.recipients, x.origin, x.extra);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, outbox_result& x) {
  return f(caf::meta::type_name("outbox_result"), x.msg, x.pts, x.duplicate);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, inbox_write& x) {
  return f(caf::meta::type_name("inbox_write"), x.msg, x.op, x.op_id, x.dmids);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, edit_write& x) {
  return f(caf::meta::type_name("edit_write"), x.to, x.box, x.text, x.recipients, x.op_id,
           x.origin);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, delete_write& x) {
  return f(caf::meta::type_name("delete_write"), x.boxes, x.revoke, x.to, x.others_allowed,
           x.recipients, x.op_id, x.origin);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, affected_messages& x) {
  return f(caf::meta::type_name("affected_messages"), x.pts, x.pts_count);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, delete_result& x) {
  return f(caf::meta::type_name("delete_result"), x.affected, x.dmids);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, pin_request& x) {
  return f(caf::meta::type_name("pin_request"), x.to, x.pinned, x.origin);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, search_query& x) {
  return f(caf::meta::type_name("search_query"), x.to, x.text, x.offset_id, x.limit);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, search_page& x) {
  return f(caf::meta::type_name("search_page"), x.messages, x.next_offset_id);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, search_request& x) {
  return f(caf::meta::type_name("search_request"), x.query);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, fetch_request& x) {
  return f(caf::meta::type_name("fetch_request"), x.ids);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, edit_request& x) {
  return f(caf::meta::type_name("edit_request"), x.editor, x.to, x.box, x.text, x.origin);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, delete_request& x) {
  return f(caf::meta::type_name("delete_request"), x.requester, x.to, x.boxes, x.origin);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, create_chat& x) {
  return f(caf::meta::type_name("create_chat"), x.creator, x.title, x.members, x.origin);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, chat_change& x) {
  return f(caf::meta::type_name("chat_change"), x.kind, x.actor, x.user, x.title, x.flag, x.origin);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, chat_view& x) {
  return f(caf::meta::type_name("chat_view"), x.info, x.members, x.standing);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, chat_created& x) {
  return f(caf::meta::type_name("chat_created"), x.info, x.service);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, session_push& x) {
  return f(caf::meta::type_name("session_push"), x.updates, x.pts);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, history_request& x) {
  return f(caf::meta::type_name("history_request"), x.query);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, dialogs_request& x) {
  return f(caf::meta::type_name("dialogs_request"), x.offset_date, x.limit);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, dialogs_result& x) {
  return f(caf::meta::type_name("dialogs_result"), x.dialogs, x.messages);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, difference_request& x) {
  return f(caf::meta::type_name("difference_request"), x.pts, x.limit);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, difference_result& x) {
  return f(caf::meta::type_name("difference_result"), x.kind, x.new_messages, x.other_updates,
           x.pts);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, read_request& x) {
  return f(caf::meta::type_name("read_request"), x.to, x.max_id, x.origin);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, read_notice& x) {
  return f(caf::meta::type_name("read_notice"), x.reader, x.dmid, x.chat);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, status_broadcast& x) {
  return f(caf::meta::type_name("status_broadcast"), x.status);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, send_request& x) {
  return f(caf::meta::type_name("send_request"), x.sender, x.to, x.text, x.random_id, x.reply_to,
           x.origin, x.fwd_from_id, x.fwd_date, x.media);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, redeliver& x) {
  return f(caf::meta::type_name("redeliver"), x.pending);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, client_info& x) {
  return f(caf::meta::type_name("client_info"), x.device, x.ip);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, sign_up_request& x) {
  return f(caf::meta::type_name("sign_up_request"), x.username, x.password, x.first_name,
           x.last_name, x.email, x.code, x.client);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, sign_in_request& x) {
  return f(caf::meta::type_name("sign_in_request"), x.username, x.password, x.client);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, code_request& x) {
  return f(caf::meta::type_name("code_request"), x.email, x.purpose);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, password_reset& x) {
  return f(caf::meta::type_name("password_reset"), x.email, x.code, x.new_password, x.client);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, profile_change& x) {
  return f(caf::meta::type_name("profile_change"), x.user, x.set_first, x.set_last, x.set_username,
           x.first_name, x.last_name, x.username);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, password_change& x) {
  return f(caf::meta::type_name("password_change"), x.user, x.keep, x.password, x.new_password);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, account_deletion& x) {
  return f(caf::meta::type_name("account_deletion"), x.user, x.password);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, user_search& x) {
  return f(caf::meta::type_name("user_search"), x.q, x.limit);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, save_part& x) {
  return f(caf::meta::type_name("save_part"), x.owner, x.file_id, x.index, x.total, x.bytes);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, uploaded_parts& x) {
  return f(caf::meta::type_name("uploaded_parts"), x.parts, x.part_size, x.bytes);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, finish_upload& x) {
  return f(caf::meta::type_name("finish_upload"), x.owner, x.file_id, x.parts, x.md5, x.mime_type,
           x.file_name);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, describe_media& x) {
  return f(caf::meta::type_name("describe_media"), x.owner, x.file, x.kind, x.mime_type,
           x.file_name);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, file_digest& x) {
  return f(caf::meta::type_name("file_digest"), x.sha256, x.md5, x.mime_type);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, block_request& x) {
  return f(caf::meta::type_name("block_request"), x.target, x.blocked);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, auth_result& x) {
  return f(caf::meta::type_name("auth_result"), x.token, x.user, x.auth_session);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, token_owner& x) {
  return f(caf::meta::type_name("token_owner"), x.user, x.auth_session);
}

/// Registers every type above (and the core model) with an actor system config.
void announce_types(caf::actor_system_config& cfg);

} // namespace ag
