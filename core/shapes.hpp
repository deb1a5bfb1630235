#pragma once
/// JSON shapes of the wire contract (DESIGN.md §4, docs/api.md).
#include <string>
#include <vector>

#include "core/codec/json_writer.hpp"
#include "core/model/chat.hpp"
#include "core/model/model.hpp"

namespace ag {

void write_peer(json_writer& w, const peer& p);
void write_message(json_writer& w, const message& m);
/// `key` (entities, caption_entities): the sender's entities of `text` and
/// those found in it, by offset; nothing when there are none.
void write_entities(json_writer& w, std::string_view key, std::string_view text,
                    const std::vector<message_entity>& stored);
void write_user(json_writer& w, const user_info& u);
/// Writes `{"_":"userStatusOnline","expires":T}` or `...Offline","was_online":T`.
void write_status(json_writer& w, const user_status& s);
void write_update(json_writer& w, const update& u);
void write_dialog(json_writer& w, const dialog_state& d);
void write_state(json_writer& w, std::uint64_t pts, std::int64_t date);
/// `{"_":"chat",...}` for members, `{"_":"chatForbidden","id","title"}` for
/// former members.
void write_chat(json_writer& w, const chat_info& c, std::size_t members, bool forbidden);
void write_chat_member(json_writer& w, const chat_member& m);

} // namespace ag
