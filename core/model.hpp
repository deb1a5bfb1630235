#pragma once
/// The message and update model shared by storage, actors and the gateways.
/// Every type here crosses actor boundaries and has an `inspect` overload.
#include <cstdint>
#include <string>
#include <vector>

#include <caf/meta/type_name.hpp>

#include "core/ids.hpp"

namespace ag {

enum class peer_type : std::uint8_t { user = 1, chat = 2 };

/// The other side of a dialog, seen from one user.
struct peer {
  peer_type type = peer_type::user;
  std::uint64_t id = 0;
  friend bool operator==(const peer&, const peer&) = default;
  friend auto operator<=>(const peer&, const peer&) = default;
};

struct peer_hash {
  std::size_t operator()(const peer& p) const noexcept {
    return std::hash<std::uint64_t>{}(p.id * 2 + (p.type == peer_type::chat ? 1 : 0));
  }
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, peer& x) {
  return f(caf::meta::type_name("peer"), x.type, x.id);
}

/// What a service message records (membership and title changes).
enum class action_kind : std::uint8_t {
  none = 0,
  chat_create = 1,
  chat_add_user = 2,
  chat_delete_user = 3,
  chat_edit_title = 4,
};

struct message_action {
  action_kind kind = action_kind::none;
  std::vector<std::uint64_t> users; ///< added, removed or initial members
  std::string title;                ///< chat_create, chat_edit_title
  friend bool operator==(const message_action&, const message_action&) = default;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, message_action& x) {
  return f(caf::meta::type_name("message_action"), x.kind, x.users, x.title);
}

/// What a media message carries (issue 4).
enum class media_kind : std::uint8_t { none = 0, photo = 1, document = 2, video = 3 };

/// One rendition of a photo (or a document's or video's thumbnail): a JPEG
/// stored as a file of its own, downloadable by whoever may download the
/// original.
struct media_size {
  char type = 0; ///< s, m, x, y, w (photo_sizes.hpp)
  std::int32_t width = 0;
  std::int32_t height = 0;
  std::uint64_t size = 0;
  std::uint64_t file = 0; ///< stored file id
  friend bool operator==(const media_size&, const media_size&) = default;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, media_size& x) {
  return f(caf::meta::type_name("media_size"), x.type, x.width, x.height, x.size, x.file);
}

/// Everything a client needs to render a media message without downloading
/// the original: dimensions, sizes, a stripped thumbnail inline.
struct message_media {
  media_kind kind = media_kind::none;
  std::uint64_t file = 0; ///< the original's stored file id
  std::uint64_t size = 0; ///< bytes of the original
  std::string mime_type;
  std::string file_name;
  std::int32_t width = 0; ///< photo or video; 0 when unknown
  std::int32_t height = 0;
  std::int32_t duration_ms = 0;  ///< video
  std::vector<media_size> sizes; ///< smallest first
  std::string stripped;          ///< a tiny JPEG (photo_sizes.hpp, stripped_side)
  friend bool operator==(const message_media&, const message_media&) = default;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, message_media& x) {
  return f(caf::meta::type_name("message_media"), x.kind, x.file, x.size, x.mime_type, x.file_name,
           x.width, x.height, x.duration_ms, x.sizes, x.stripped);
}

/// One copy of a message in one user's box.
struct message {
  std::uint64_t id = 0;                ///< box id, per owner, strictly increasing
  std::uint64_t dialog_message_id = 0; ///< global Snowflake, same in every copy
  std::uint64_t owner = 0;             ///< the user whose box holds this copy
  peer to;                             ///< the dialog, seen from the owner
  std::uint64_t from_id = 0;
  bool out = false;      ///< the owner sent it
  std::int64_t date = 0; ///< Unix seconds
  std::string text;
  std::uint64_t reply_to = 0;      ///< box id in the owner's box (0: none)
  std::uint64_t reply_to_dmid = 0; ///< dialog_message_id replied to (routing)
  std::int64_t edit_date = 0;
  std::uint64_t random_id = 0;   ///< only on the sender's copy
  message_action action;         ///< service messages: what happened (text empty)
  std::uint64_t fwd_from_id = 0; ///< forwarded: the original author
  std::int64_t fwd_date = 0;     ///< forwarded: the original date
  bool deleted = false;          ///< soft-deleted from this box
  message_media media{};         ///< kind none: a text message (text is the caption)
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, message& x) {
  return f(caf::meta::type_name("message"), x.id, x.dialog_message_id, x.owner, x.to, x.from_id,
           x.out, x.date, x.text, x.reply_to, x.reply_to_dmid, x.edit_date, x.random_id, x.action,
           x.fwd_from_id, x.fwd_date, x.deleted, x.media);
}

/// Public profile of a user.
struct user_info {
  std::uint64_t id = 0;
  std::string username;
  std::string first_name;
  std::string last_name;
  bool is_bot = false;
  bool deleted = false; ///< the account was deleted: no username, no sessions
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, user_info& x) {
  return f(caf::meta::type_name("user_info"), x.id, x.username, x.first_name, x.last_name, x.is_bot,
           x.deleted);
}

/// Presence: online until `expires`, else last seen at `last_seen`.
struct user_status {
  std::uint64_t user = 0;
  bool online = false;
  std::int64_t expires = 0;   ///< Unix seconds, when online
  std::int64_t last_seen = 0; ///< Unix seconds, 0: never
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, user_status& x) {
  return f(caf::meta::type_name("user_status"), x.user, x.online, x.expires, x.last_seen);
}

/// Per-user state of one dialog.
struct dialog_state {
  peer to;
  std::uint64_t top_message = 0; ///< box id of the newest message
  std::int64_t top_date = 0;
  std::int32_t unread_count = 0;
  std::uint64_t read_inbox_max_id = 0;
  std::uint64_t read_outbox_max_id = 0;
  std::uint64_t pinned = 0; ///< pin order (higher first), 0: not pinned
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, dialog_state& x) {
  return f(caf::meta::type_name("dialog_state"), x.to, x.top_message, x.top_date, x.unread_count,
           x.read_inbox_max_id, x.read_outbox_max_id, x.pinned);
}

enum class update_kind : std::uint8_t {
  new_message = 1,
  edit_message = 2,
  delete_messages = 3,
  read_history_inbox = 4,
  read_history_outbox = 5,
  user_status = 6,       ///< ephemeral: no pts
  user_typing = 7,       ///< ephemeral: no pts
  chat_participants = 8, ///< ephemeral: no pts (the service message has one)
  dialog_pinned = 9,
};

enum class chat_role : std::uint8_t { member = 0, admin = 1, creator = 2 };

/// One participant of a chat.
struct chat_member {
  std::uint64_t user = 0;
  chat_role role = chat_role::member;
  std::uint64_t inviter = 0;
  std::int64_t date = 0;
  friend bool operator==(const chat_member&, const chat_member&) = default;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, chat_member& x) {
  return f(caf::meta::type_name("chat_member"), x.user, x.role, x.inviter, x.date);
}

/// One update as pushed to a device. Updates with pts > 0 are in the user's
/// gap-free pts log; ephemeral ones have pts == 0.
struct update {
  update_kind kind = update_kind::new_message;
  std::uint64_t pts = 0;
  std::int32_t pts_count = 0;
  message msg;                      ///< new_message, edit_message
  user_status status;               ///< user_status
  peer to;                          ///< read_history_inbox/outbox: the dialog
  std::uint64_t max_id = 0;         ///< read_history_*: read up to this box id
  std::int32_t still_unread = 0;    ///< read_history_inbox
  std::vector<std::uint64_t> ids;   ///< delete_messages: box ids
  std::uint64_t user_id = 0;        ///< user_typing: who types
  std::string action;               ///< user_typing: what (e.g. "typing")
  std::int64_t expires = 0;         ///< user_typing: Unix seconds
  std::vector<chat_member> members; ///< chat_participants
  std::uint32_t version = 0;        ///< chat_participants
  bool pinned = false;              ///< dialog_pinned
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, update& x) {
  return f(caf::meta::type_name("update"), x.kind, x.pts, x.pts_count, x.msg, x.status, x.to,
           x.max_id, x.still_unread, x.ids, x.user_id, x.action, x.expires, x.members, x.version,
           x.pinned);
}

} // namespace ag
