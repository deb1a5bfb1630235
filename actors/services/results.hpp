#pragma once
/// The typed results of the services (no JSON: each transport renders them).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actors/dialog/dialog_protocol.hpp"
#include "actors/services/call.hpp"
#include "core/model/model.hpp"

namespace ag {

/// The users and chats a result names, as the caller may see them (chats
/// the caller never belonged to are left out).
struct named_refs {
  std::vector<chat_view> chats;
  std::vector<user_info> users;
};

/// A message just stored in the caller's box and the pts of its update
/// (pts_count is 1).
struct sent_message {
  message msg;
  std::uint64_t pts = 0;
};

/// Messages of the caller's box with what they name. `next_offset_id`: where
/// a search goes on (0: done; only set by search).
struct message_list {
  std::vector<message> messages;
  named_refs refs;
  std::optional<std::uint64_t> next_offset_id;
};

struct dialog_list {
  std::vector<dialog_state> dialogs;
  std::vector<message> messages; ///< each dialog's top message
  named_refs refs;
};

struct updates_state {
  std::uint64_t pts = 0;
  std::int64_t date = 0;
};

enum class difference_kind : std::uint8_t { empty = 0, full = 1, slice = 2, too_long = 3 };

struct updates_difference {
  difference_kind kind = difference_kind::empty;
  std::vector<message> new_messages;
  std::vector<update> other_updates;
  updates_state state;
  named_refs refs;
};

/// A chat membership or title change: its service message (none for role
/// changes) with what it names.
struct chat_changed {
  std::optional<sent_message> service;
  named_refs refs;
};

struct chat_started {
  chat_info chat;
  std::size_t members = 0;
  sent_message service;
  named_refs refs;
};

struct full_chat {
  chat_view chat;
  named_refs refs;
};

/// A token bound to a socket: whose it is.
struct bound_token {
  user_info user;
  caller who;
};

/// An emailed code was sent.
struct code_sent {
  std::string email;
  std::int32_t length = 6;
  std::int32_t timeout_s = 600;
};

/// The caller's authorizations, the current one first, then by activity.
struct authorization_list {
  std::vector<authorization> all;
  std::uint64_t current = 0;
};

struct resolved_peer {
  peer to;
  user_info user;
};

/// Bytes of a stored file (upload.getFile).
struct file_chunk {
  std::string mime_type;
  std::uint64_t size = 0;
  std::int64_t mtime = 0;
  std::uint64_t offset = 0;
  std::string bytes;
};

} // namespace ag
