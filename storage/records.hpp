#pragma once
/// Value encodings, version 1: every record starts with a version byte, then
/// fields in byte_writer format. Decoders return nullopt on any corruption.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/account.hpp"
#include "core/model/chat.hpp"
#include "core/model/model.hpp"
#include "core/model/pending.hpp"

namespace ag {

namespace records {

std::string encode(const message& m);
std::optional<message> decode_message(std::string_view v);

std::string encode(const message_media& m);
std::optional<message_media> decode_media(std::string_view v);

std::string encode(const user_info& u);
std::optional<user_info> decode_user(std::string_view v);

std::string encode(const authorization& a);
std::optional<authorization> decode_authorization(std::string_view v);
std::string encode(const bot_record& b);
std::optional<bot_record> decode_bot(std::string_view v);

std::string encode(const dialog_state& d);
std::optional<dialog_state> decode_dialog(std::string_view v);

std::string encode(const update_record& u);
std::optional<update_record> decode_update(std::string_view v);

std::string encode(const pending_delivery& p);
/// encode() of `p` narrowed to each recipient in turn (what the outbox
/// stores), with the shared part encoded once: a chat message owed to a
/// thousand members is serialized once, not a thousand times.
std::vector<std::string> encode_per_recipient(const pending_delivery& p);
std::optional<pending_delivery> decode_pending(std::string_view v);

std::string encode(const chat_info& c);
std::optional<chat_info> decode_chat(std::string_view v);

std::string encode(const chat_member& m);
std::optional<chat_member> decode_chat_member(std::string_view v);

/// A random_id index entry: the box id it produced and when.
std::string encode_random(std::uint64_t box, std::int64_t date);
std::optional<std::pair<std::uint64_t, std::int64_t>> decode_random(std::string_view v);

std::string encode_u64(std::uint64_t x);
std::optional<std::uint64_t> decode_u64(std::string_view v);

} // namespace records

} // namespace ag
