#pragma once
/// Basic group chats: the rules of who may do what.
/// The chat actor applies these; they hold no I/O so tests cover them alone.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/error.hpp"
#include "core/model/chat.hpp"

namespace ag {

namespace chat_rules {

constexpr std::size_t max_title_length = 128; ///< code points

/// Title: 1–128 code points of valid UTF-8, not only spaces.
errc check_title(std::string_view title);

using members_map = std::unordered_map<std::uint64_t, chat_member>;

/// `actor` adds `user` to a chat of `members` limited to `limit` members.
errc can_add(const members_map& members, std::uint64_t actor, std::uint64_t user,
             std::size_t limit);
/// `actor` removes `user` (itself: leaving).
errc can_remove(const members_map& members, std::uint64_t actor, std::uint64_t user);
/// `actor` renames the chat.
errc can_edit_title(const members_map& members, std::uint64_t actor);
/// `actor` makes `user` an admin or a plain member again.
errc can_set_admin(const members_map& members, std::uint64_t actor, std::uint64_t user);
/// The creator and admins may delete anyone's messages for everyone.
bool is_admin(const members_map& members, std::uint64_t user);

} // namespace chat_rules

} // namespace ag
