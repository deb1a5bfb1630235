#pragma once
/// One copy of a message in one user's box, with its media and service action.
#include <cstdint>
#include <string>
#include <vector>

#include <caf/meta/type_name.hpp>

#include "core/model/entity.hpp"
#include "core/model/peer.hpp"

namespace ag {

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

/// What a media message carries.
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
  /// The sender's formatting of `text` (those found in any text are not
  /// stored: core/rules/text_entities.hpp).
  std::vector<message_entity> entities{};
  std::string reply_markup{}; ///< a bot's keyboard: JSON (core/rules/reply_markup.hpp), or empty
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, message& x) {
  return f(caf::meta::type_name("message"), x.id, x.dialog_message_id, x.owner, x.to, x.from_id,
           x.out, x.date, x.text, x.reply_to, x.reply_to_dmid, x.edit_date, x.random_id, x.action,
           x.fwd_from_id, x.fwd_date, x.deleted, x.media, x.entities, x.reply_markup);
}

} // namespace ag
