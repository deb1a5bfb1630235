#pragma once
/// Which of a bot's updates the Bot API hands out, and their update ids
/// (docs/bots.md, "Updates"). A bot's updates are its account's pts log:
/// what others send it and edit, in the order its box committed them, kept
/// as long as the log; getUpdates hands out those not older than 24 h.
#include <cstdint>

#include "core/model/update.hpp"

namespace ag::bot_updates {

/// update_id = pts + base. Libraries confirm with `offset` = last id + 1
/// and some send offset 1 before they have seen anything; ids far above 1
/// keep that from ever confirming a real update.
constexpr std::uint64_t update_id_base = 1'000'000;
/// Updates older than this are not handed out (the official server's TTL).
constexpr std::int64_t ttl_s = 86'400;
/// getUpdates' bounds.
constexpr std::int64_t max_limit = 100;
constexpr std::int64_t max_timeout_s = 50;

constexpr std::uint64_t update_id(std::uint64_t pts) {
  return pts + update_id_base;
}

/// The pts below which everything is confirmed by a getUpdates `offset`
/// (ids below it are confirmed: pts up to the result). 0: confirms nothing.
constexpr std::uint64_t confirmed_by(std::int64_t offset) {
  auto o = static_cast<std::uint64_t>(offset);
  return offset <= 0 || o <= update_id_base + 1 ? 0 : o - update_id_base - 1;
}

/// Whether an update of the bot's log is one to hand out: a message from
/// someone else (new or edited), live, or a press of one of the bot's
/// buttons; not older than `since` (Unix s).
inline bool handed_out(const update& u, std::int64_t since) {
  if (u.kind == update_kind::callback_query)
    return !u.msg.deleted && u.date >= since;
  if (u.kind != update_kind::new_message && u.kind != update_kind::edit_message)
    return false;
  if (u.msg.out || u.msg.deleted)
    return false;
  auto when =
    u.kind == update_kind::edit_message && u.msg.edit_date > 0 ? u.msg.edit_date : u.msg.date;
  return when >= since;
}

} // namespace ag::bot_updates
