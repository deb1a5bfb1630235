#pragma once
/// The column families of a node's database (docs/storage.md has the keys).
#include <array>
#include <cstdint>
#include <string_view>

namespace ag {

enum class cf : std::uint8_t {
  users,     ///< profiles and the username index
  auth,      ///< password hashes and authorizations
  dialogs,   ///< per-user dialog state
  messages,  ///< per-user message boxes and their indexes
  updates,   ///< per-user pts log
  outbox,    ///< pending deliveries (cleared when every recipient committed)
  sequences, ///< durable named sequences (reserved upper bounds)
  meta,      ///< schema version, node secrets
  chats,     ///< group chats and their members
  files,     ///< uploads and stored files (bytes in blob files)
  count_
};

constexpr std::array<std::string_view, static_cast<std::size_t>(cf::count_)> cf_names = {
  "users",  "auth",      "dialogs", "messages", "updates",
  "outbox", "sequences", "meta",    "chats",    "files"};

constexpr std::size_t cf_index(cf f) {
  return static_cast<std::size_t>(f);
}

} // namespace ag
