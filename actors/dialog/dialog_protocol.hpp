#pragma once
/// The messages the dialog actors take (dialog_shard.hpp, chat_actor.hpp):
/// sends, edits and deletes to order and fan out, redeliveries after a
/// crash, and the chat's own changes and views.
#include <caf/actor.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "actors/user/user_protocol.hpp"
#include "core/model/model.hpp"
#include "core/model/pending.hpp"

namespace ag {

/// Session → dialog: send a text message.
struct send_request {
  user_id sender{};
  peer to; ///< as the sender names it
  std::string text;
  std::uint64_t random_id = 0;
  box_id reply_to{}; ///< sender's box id (0: none)
  caf::actor origin;
  user_id fwd_from_id{};     ///< forwarded: the original author
  std::int64_t fwd_date = 0; ///< forwarded: the original date
  message_media media{};     ///< sendMedia (text is then the caption)
  std::vector<message_entity> entities{};
  std::string reply_markup{}; ///< a bot's keyboard (validated JSON)
  /// A bot's send: a private dialog must exist already (a bot never
  /// writes first).
  bool existing_dialog_only = false;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, send_request& x) {
  return f(caf::meta::type_name("send_request"), x.sender, x.to, x.text, x.random_id, x.reply_to,
           x.origin, x.fwd_from_id, x.fwd_date, x.media, x.entities, x.reply_markup,
           x.existing_dialog_only);
}

/// The author's message a send asks for (ids, peer and date come later).
inline message draft_of(const send_request& req) {
  message m;
  m.from_id = req.sender.value;
  m.to = req.to;
  m.text = req.text;
  m.random_id = req.random_id;
  m.reply_to = req.reply_to.value;
  m.entities = req.entities;
  m.reply_markup = req.reply_markup;
  m.fwd_from_id = req.fwd_from_id.value;
  m.fwd_date = req.fwd_date;
  m.media = req.media;
  return m;
}

/// Session → dialog (shard or chat): edit the editor's message `box`.
struct edit_request {
  user_id editor{};
  peer to;
  box_id box{};
  std::string text;
  caf::actor origin;
  std::vector<message_entity> entities{}; ///< of the new text
  bool replace_markup = false;            ///< a bot's edit: reply_markup replaces the keyboard
  std::string reply_markup{};
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, edit_request& x) {
  return f(caf::meta::type_name("edit_request"), x.editor, x.to, x.box, x.text, x.origin,
           x.entities, x.replace_markup, x.reply_markup);
}

/// Session → dialog: delete messages of dialog `to` for everyone.
struct delete_request {
  user_id requester{};
  peer to;
  std::vector<box_id> boxes{};
  caf::actor origin;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, delete_request& x) {
  return f(caf::meta::type_name("delete_request"), x.requester, x.to, x.boxes, x.origin);
}

/// Start-up → dialog: deliver a pending operation again.
struct redeliver {
  pending_delivery pending;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, redeliver& x) {
  return f(caf::meta::type_name("redeliver"), x.pending);
}

/// Session → a new chat's actor.
struct create_chat {
  user_id creator{};
  std::string title;
  std::vector<user_id> members{}; ///< besides the creator
  caf::actor origin;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, create_chat& x) {
  return f(caf::meta::type_name("create_chat"), x.creator, x.title, x.members, x.origin);
}

enum class chat_change_kind : std::uint8_t { add = 1, remove = 2, title = 3, admin = 4 };

/// Session → chat actor: a membership, role or title change by `actor`.
/// Answers outbox_result: the service message (msg.id 0 for role changes,
/// which have none).
struct chat_change {
  chat_change_kind kind = chat_change_kind::add;
  user_id actor{};
  user_id user{};
  std::string title;
  bool flag = false; ///< admin: make admin (true) or member
  caf::actor origin;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, chat_change& x) {
  return f(caf::meta::type_name("chat_change"), x.kind, x.actor, x.user, x.title, x.flag, x.origin);
}

/// A chat as one user may see it. `standing`: 0 stranger (nothing else is
/// filled), 1 member, 2 former member (info only).
struct chat_view {
  chat_info info;
  std::vector<chat_member> members;
  std::int32_t standing = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, chat_view& x) {
  return f(caf::meta::type_name("chat_view"), x.info, x.members, x.standing);
}

struct chat_created {
  chat_info info;
  outbox_result service;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, chat_created& x) {
  return f(caf::meta::type_name("chat_created"), x.info, x.service);
}

} // namespace ag
