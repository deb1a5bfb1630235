#pragma once
/// Basic group chats: the stored chat and the rules of who may do what.
/// The chat actor applies these; they hold no I/O so tests cover them alone.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/error.hpp"
#include "core/model.hpp"

namespace ag {

/// A chat as stored (its members are stored one record each).
struct chat_info {
  std::uint64_t id = 0;
  std::string title;
  std::uint64_t creator = 0;
  std::int64_t date = 0;
  std::uint32_t version = 0; ///< bumped by every membership or role change
  friend bool operator==(const chat_info&, const chat_info&) = default;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, chat_info& x) {
  return f(caf::meta::type_name("chat_info"), x.id, x.title, x.creator, x.date, x.version);
}

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
