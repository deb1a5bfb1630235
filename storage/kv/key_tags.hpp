#pragma once
/// The one-byte tags that start every key, declared once per column family
/// (docs/storage.md has the keys): a new kind of key takes a tag here, and
/// the compiler refuses a tag used twice in one family.
#include <array>
#include <cstddef>
#include <cstdint>

namespace ag::key_tags {

template <std::size_t N>
constexpr bool distinct(const std::array<char, N>& tags) {
  for (std::size_t i = 0; i < N; ++i)
    for (std::size_t j = i + 1; j < N; ++j)
      if (tags[i] == tags[j])
        return false;
  return true;
}

namespace users {
constexpr char user = 'u', username = 'n', email = 'e', name_word = 'w', blocked = 'b';
constexpr std::array<char, 5> all = {user, username, email, name_word, blocked};
static_assert(distinct(all), "two kinds of key share a tag in the users family");
} // namespace users

namespace auth {
constexpr char user_email = 'E', password = 'p', authorization = 's', user_authorization = 'x',
               bot = 'B', owned_bot = 'O';
constexpr std::array<char, 6> all = {user_email,         password, authorization,
                                     user_authorization, bot,      owned_bot};
static_assert(distinct(all), "two kinds of key share a tag in the auth family");
} // namespace auth

namespace dialogs {
constexpr char dialog = 'd';
} // namespace dialogs

namespace messages {
constexpr char message = 'm', history = 'h', dedupe = 'g', random = 'r', file_access = 'a',
               bot_cursor = 'c';
constexpr std::array<char, 6> all = {message, history, dedupe, random, file_access, bot_cursor};
static_assert(distinct(all), "two kinds of key share a tag in the messages family");
} // namespace messages

namespace chats {
constexpr char chat = 'c', member = 'm', former = 'f';
constexpr std::array<char, 3> all = {chat, member, former};
static_assert(distinct(all), "two kinds of key share a tag in the chats family");
} // namespace chats

namespace files {
constexpr char upload = 'u', part = 'p', part_size = 'q', stored_file = 'f', file_hash = 'h',
               spent_upload = 'd', file_grant = 'o', file_ref = 'r', file_media = 'M';
constexpr std::array<char, 9> all = {upload,       part,       part_size, stored_file, file_hash,
                                     spent_upload, file_grant, file_ref,  file_media};
static_assert(distinct(all), "two kinds of key share a tag in the files family");
} // namespace files

// updates and outbox keys carry no tag (their families hold one kind each);
// sequences and meta use names as keys.

} // namespace ag::key_tags
