// Who may do what in a group chat (core/rules/chat_rules.hpp).
#include <doctest/doctest.h>

#include "core/rules/chat_rules.hpp"

using namespace ag;
using namespace ag::chat_rules;

namespace {

members_map sample() {
  members_map m;
  m[1] = chat_member{1, chat_role::creator, 1, 0};
  m[2] = chat_member{2, chat_role::admin, 1, 0};
  m[3] = chat_member{3, chat_role::member, 1, 0};
  m[4] = chat_member{4, chat_role::member, 2, 0};
  return m;
}

} // namespace

TEST_CASE("chat titles: 1-128 characters of printable UTF-8") {
  CHECK(check_title("Team") == errc::none);
  CHECK(check_title(std::string(128, 'x')) == errc::none);
  CHECK(check_title(std::string(129, 'x')) == errc::chat_title_invalid);
  CHECK(check_title("") == errc::chat_title_invalid);
  CHECK(check_title("   ") == errc::chat_title_invalid);
  CHECK(check_title("a\nb") == errc::chat_title_invalid);
  CHECK(check_title("\xff\xfe") == errc::chat_title_invalid);
}

TEST_CASE("chat rights: creator, admins, members and strangers") {
  auto m = sample();
  // Adding: admins and the creator, not members; never twice; never past the limit.
  CHECK(can_add(m, 1, 9, 1000) == errc::none);
  CHECK(can_add(m, 2, 9, 1000) == errc::none);
  CHECK(can_add(m, 3, 9, 1000) == errc::chat_admin_required);
  CHECK(can_add(m, 9, 10, 1000) == errc::chat_id_invalid);
  CHECK(can_add(m, 1, 3, 1000) == errc::user_already_participant);
  CHECK(can_add(m, 1, 9, 4) == errc::users_too_much);
  // Removing: anyone may leave; admins remove members; only the creator removes admins.
  CHECK(can_remove(m, 3, 3) == errc::none);
  CHECK(can_remove(m, 1, 1) == errc::none);
  CHECK(can_remove(m, 3, 4) == errc::chat_admin_required);
  CHECK(can_remove(m, 2, 4) == errc::none);
  CHECK(can_remove(m, 2, 1) == errc::chat_admin_required);
  CHECK(can_remove(m, 1, 2) == errc::none);
  CHECK(can_remove(m, 2, 9) == errc::user_not_participant);
  CHECK(can_remove(m, 9, 3) == errc::chat_id_invalid);
  // Titles and roles.
  CHECK(can_edit_title(m, 2) == errc::none);
  CHECK(can_edit_title(m, 3) == errc::chat_admin_required);
  CHECK(can_edit_title(m, 9) == errc::chat_id_invalid);
  CHECK(can_set_admin(m, 1, 3) == errc::none);
  CHECK(can_set_admin(m, 2, 3) == errc::chat_admin_required);
  CHECK(can_set_admin(m, 1, 1) == errc::chat_not_modified);
  CHECK(can_set_admin(m, 1, 9) == errc::user_not_participant);
  CHECK(is_admin(m, 1));
  CHECK(is_admin(m, 2));
  CHECK_FALSE(is_admin(m, 3));
  CHECK_FALSE(is_admin(m, 9));
}
