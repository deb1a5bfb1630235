#pragma once
/// Group chats: a chat as stored and its participants.
#include <cstdint>
#include <string>
#include <vector>

#include <caf/meta/type_name.hpp>

namespace ag {

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

} // namespace ag
