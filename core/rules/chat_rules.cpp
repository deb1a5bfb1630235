#include "core/rules/chat_rules.hpp"

#include "core/codec/utf8.hpp"

namespace ag::chat_rules {

namespace {

const chat_member* find(const members_map& members, std::uint64_t user) {
  auto i = members.find(user);
  return i == members.end() ? nullptr : &i->second;
}

bool is_admin_member(const chat_member* m) {
  return m != nullptr && m->role != chat_role::member;
}

} // namespace

errc check_title(std::string_view title) {
  if (!valid_utf8(title))
    return errc::chat_title_invalid;
  auto n = utf8_length(title);
  if (n == 0 || n > max_title_length)
    return errc::chat_title_invalid;
  if (title.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return errc::chat_title_invalid;
  for (char c : title)
    if (static_cast<unsigned char>(c) < 0x20)
      return errc::chat_title_invalid;
  return errc::none;
}

errc can_add(const members_map& members, std::uint64_t actor, std::uint64_t user,
             std::size_t limit) {
  auto a = find(members, actor);
  if (a == nullptr)
    return errc::chat_id_invalid;
  if (!is_admin_member(a))
    return errc::chat_admin_required;
  if (find(members, user) != nullptr)
    return errc::user_already_participant;
  if (members.size() >= limit)
    return errc::users_too_much;
  return errc::none;
}

errc can_remove(const members_map& members, std::uint64_t actor, std::uint64_t user) {
  auto a = find(members, actor);
  if (a == nullptr)
    return errc::chat_id_invalid;
  auto u = find(members, user);
  if (u == nullptr)
    return errc::user_not_participant;
  if (actor == user)
    return errc::none; // anyone may leave
  if (!is_admin_member(a))
    return errc::chat_admin_required;
  // Admins may remove members; only the creator may remove admins.
  if (u->role == chat_role::creator
      || (u->role == chat_role::admin && a->role != chat_role::creator))
    return errc::chat_admin_required;
  return errc::none;
}

errc can_edit_title(const members_map& members, std::uint64_t actor) {
  auto a = find(members, actor);
  if (a == nullptr)
    return errc::chat_id_invalid;
  return is_admin_member(a) ? errc::none : errc::chat_admin_required;
}

errc can_set_admin(const members_map& members, std::uint64_t actor, std::uint64_t user) {
  auto a = find(members, actor);
  if (a == nullptr)
    return errc::chat_id_invalid;
  if (a->role != chat_role::creator)
    return errc::chat_admin_required;
  auto u = find(members, user);
  if (u == nullptr)
    return errc::user_not_participant;
  if (u->role == chat_role::creator)
    return errc::chat_not_modified;
  return errc::none;
}

bool is_admin(const members_map& members, std::uint64_t user) {
  return is_admin_member(find(members, user));
}

} // namespace ag::chat_rules
