#pragma once
/// Key encoding, version 1 (docs/storage.md is the reference). Integers are
/// big-endian so bytewise order is numeric order; each key starts with a
/// one-byte tag naming its kind within the family.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/codec/bytes.hpp"
#include "core/model/model.hpp"
#include "storage/kv/key_tags.hpp"

namespace ag::keys {

constexpr std::uint32_t schema_version = 1;

// users
inline std::string user(std::uint64_t uid) {
  return byte_writer{}.u8(key_tags::users::user).u64(uid).take();
}
inline std::string username(std::string_view lower) {
  return byte_writer{}.u8(key_tags::users::username).raw(lower).take();
}
inline std::string email(std::string_view lower) {
  return byte_writer{}.u8(key_tags::users::email).raw(lower).take();
}
/// Name search index: one key per lowercase word of a user's names.
inline std::string name_word(std::string_view word, std::uint64_t uid) {
  return byte_writer{}.u8(key_tags::users::name_word).raw(word).u8(0).u64(uid).take();
}
inline std::string name_word_prefix(std::string_view word) {
  return byte_writer{}.u8(key_tags::users::name_word).raw(word).take();
}
inline std::string blocked(std::uint64_t uid, std::uint64_t target) {
  return byte_writer{}.u8(key_tags::users::blocked).u64(uid).u64(target).take();
}
inline std::string blocked_prefix(std::uint64_t uid) {
  return byte_writer{}.u8(key_tags::users::blocked).u64(uid).take();
}
// auth
inline std::string user_email(std::uint64_t uid) {
  return byte_writer{}.u8(key_tags::auth::user_email).u64(uid).take();
}
inline std::string password(std::uint64_t uid) {
  return byte_writer{}.u8(key_tags::auth::password).u64(uid).take();
}
inline std::string authorization(std::uint64_t sid) {
  return byte_writer{}.u8(key_tags::auth::authorization).u64(sid).take();
}
inline std::string user_authorization(std::uint64_t uid, std::uint64_t sid) {
  return byte_writer{}.u8(key_tags::auth::user_authorization).u64(uid).u64(sid).take();
}
inline std::string user_authorization_prefix(std::uint64_t uid) {
  return byte_writer{}.u8(key_tags::auth::user_authorization).u64(uid).take();
}
inline std::string bot(std::uint64_t bot_id) {
  return byte_writer{}.u8(key_tags::auth::bot).u64(bot_id).take();
}
inline std::string owned_bot(std::uint64_t owner, std::uint64_t bot_id) {
  return byte_writer{}.u8(key_tags::auth::owned_bot).u64(owner).u64(bot_id).take();
}
inline std::string owned_bot_prefix(std::uint64_t owner) {
  return byte_writer{}.u8(key_tags::auth::owned_bot).u64(owner).take();
}
// dialogs
inline std::string dialog(std::uint64_t uid, const peer& p) {
  return byte_writer{}
    .u8(key_tags::dialogs::dialog)
    .u64(uid)
    .u8(static_cast<std::uint8_t>(p.type))
    .u64(p.id)
    .take();
}
inline std::string dialog_prefix(std::uint64_t uid) {
  return byte_writer{}.u8(key_tags::dialogs::dialog).u64(uid).take();
}
// messages
inline std::string message(std::uint64_t uid, std::uint64_t box) {
  return byte_writer{}.u8(key_tags::messages::message).u64(uid).u64(box).take();
}
inline std::string message_prefix(std::uint64_t uid) {
  return byte_writer{}.u8(key_tags::messages::message).u64(uid).take();
}
inline std::string history_prefix(std::uint64_t uid, const peer& p) {
  return byte_writer{}
    .u8(key_tags::messages::history)
    .u64(uid)
    .u8(static_cast<std::uint8_t>(p.type))
    .u64(p.id)
    .take();
}
inline std::string history(std::uint64_t uid, const peer& p, std::uint64_t box) {
  return byte_writer{}
    .u8(key_tags::messages::history)
    .u64(uid)
    .u8(static_cast<std::uint8_t>(p.type))
    .u64(p.id)
    .u64(box)
    .take();
}
inline std::string dedupe(std::uint64_t uid, std::uint64_t dmid) {
  return byte_writer{}.u8(key_tags::messages::dedupe).u64(uid).u64(dmid).take();
}
/// A bot's confirmed updates: every pts up to the value was handed out and confirmed.
inline std::string bot_cursor(std::uint64_t uid) {
  return byte_writer{}.u8(key_tags::messages::bot_cursor).u64(uid).take();
}
inline std::string random(std::uint64_t uid, std::uint64_t random_id) {
  return byte_writer{}.u8(key_tags::messages::random).u64(uid).u64(random_id).take();
}
/// A live copy `box` in uid's box carries file `fid`: uid may download it.
inline std::string file_access(std::uint64_t uid, std::uint64_t fid, std::uint64_t box) {
  return byte_writer{}.u8(key_tags::messages::file_access).u64(uid).u64(fid).u64(box).take();
}
inline std::string file_access_prefix(std::uint64_t uid, std::uint64_t fid) {
  return byte_writer{}.u8(key_tags::messages::file_access).u64(uid).u64(fid).take();
}
// updates
inline std::string update(std::uint64_t uid, std::uint64_t pts) {
  return byte_writer{}.u64(uid).u64(pts).take();
}
inline std::string update_prefix(std::uint64_t uid) {
  return byte_writer{}.u64(uid).take();
}
// outbox: one record per (operation, recipient still owed it), or one per
// operation for all its recipients (recipient `for_all`)
constexpr std::uint64_t for_all = 0;
inline std::string pending(std::uint64_t op_id, std::uint64_t recipient) {
  return byte_writer{}.u64(op_id).u64(recipient).take();
}
inline bool pending_for_all(std::string_view key) {
  return key.size() == 16 && key.substr(8).find_first_not_of('\0') == std::string_view::npos;
}
// chats
inline std::string chat(std::uint64_t cid) {
  return byte_writer{}.u8(key_tags::chats::chat).u64(cid).take();
}
inline std::string chat_member(std::uint64_t cid, std::uint64_t uid) {
  return byte_writer{}.u8(key_tags::chats::member).u64(cid).u64(uid).take();
}
inline std::string chat_member_prefix(std::uint64_t cid) {
  return byte_writer{}.u8(key_tags::chats::member).u64(cid).take();
}
inline std::string chat_former_prefix(std::uint64_t cid) {
  return byte_writer{}.u8(key_tags::chats::former).u64(cid).take();
}
inline std::string chat_former(std::uint64_t cid, std::uint64_t uid) {
  return byte_writer{}.u8(key_tags::chats::former).u64(cid).u64(uid).take();
}
// files: uploads by (uploader, client file_id), stored files by id
inline std::string upload(std::uint64_t uid, std::uint64_t file_id) {
  return byte_writer{}.u8(key_tags::files::upload).u64(uid).u64(file_id).take();
}
inline std::string part(std::uint64_t uid, std::uint64_t file_id, std::uint32_t index) {
  return byte_writer{}.u8(key_tags::files::part).u64(uid).u64(file_id).u32(index).take();
}
inline std::string part_size(std::uint64_t uid, std::uint64_t file_id, std::uint32_t index) {
  return byte_writer{}.u8(key_tags::files::part_size).u64(uid).u64(file_id).u32(index).take();
}
inline std::string part_size_prefix(std::uint64_t uid, std::uint64_t file_id) {
  return byte_writer{}.u8(key_tags::files::part_size).u64(uid).u64(file_id).take();
}
inline std::string stored_file(std::uint64_t fid) {
  return byte_writer{}.u8(key_tags::files::stored_file).u64(fid).take();
}
inline std::string file_hash(std::string_view sha256) {
  return byte_writer{}.u8(key_tags::files::file_hash).raw(sha256).take();
}
/// An upload id that became a stored file (never reused for another upload).
inline std::string spent_upload(std::uint64_t uid, std::uint64_t file_id) {
  return byte_writer{}.u8(key_tags::files::spent_upload).u64(uid).u64(file_id).take();
}
/// uid uploaded file `fid` (or content equal to it): uid may download it.
inline std::string file_grant(std::uint64_t uid, std::uint64_t fid) {
  return byte_writer{}.u8(key_tags::files::file_grant).u64(uid).u64(fid).take();
}
/// A live copy `box` of uid carries file `fid` (the reverse of file_access:
/// a file nobody's copy names may be purged).
inline std::string file_ref(std::uint64_t fid, std::uint64_t uid, std::uint64_t box) {
  return byte_writer{}.u8(key_tags::files::file_ref).u64(fid).u64(uid).u64(box).take();
}
inline std::string file_ref_prefix(std::uint64_t fid) {
  return byte_writer{}.u8(key_tags::files::file_ref).u64(fid).take();
}
/// What media processing made of file `fid` as a photo, document or video.
inline std::string file_media(std::uint64_t fid, std::uint8_t kind) {
  return byte_writer{}.u8(key_tags::files::file_media).u64(fid).u8(kind).take();
}
// sequences and meta use their names as keys.

/// The smallest key greater than every key starting with `prefix`.
std::string prefix_end(std::string prefix);

/// Reads the trailing big-endian u64 of a key.
std::uint64_t trailing_u64(std::string_view key);

} // namespace ag::keys
