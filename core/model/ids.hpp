#pragma once
/// Strong id types: a user id cannot be passed where a dialog id is expected.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ag {

template <class Tag>
struct strong_id {
  std::uint64_t value = 0;
  constexpr strong_id() = default;
  constexpr explicit strong_id(std::uint64_t v) : value(v) {}
  constexpr bool valid() const { return value != 0; }
  friend constexpr auto operator<=>(const strong_id&, const strong_id&) = default;
  template <class Inspector>
  friend typename Inspector::result_type inspect(Inspector& f, strong_id& x) {
    return f(x.value);
  }
};

struct user_tag {};
struct chat_tag {};
struct message_tag {};
struct session_tag {};
struct upload_tag {};
struct file_tag {};

/// A user's account id (from the durable "user" sequence; fits in 53 bits).
using user_id = strong_id<user_tag>;
/// A group chat's id (private dialogs are named by their users).
using chat_id = strong_id<chat_tag>;
/// A per-user message box id: the `id` a client sees; strictly increasing per user.
using box_id = strong_id<message_tag>;
/// One authorization (a signed-in device); tokens name it so it can be revoked.
using auth_session_id = strong_id<session_tag>;
/// A client's id for one of its uploads (upload.saveFilePart's `file_id`),
/// chosen by the client, unique per owner.
using upload_id = strong_id<upload_tag>;
/// A stored file: the `location` of `GET /file/<location>` and of media.
using file_id = strong_id<file_tag>;

/// Raw ids (from storage or a client) as `Id`s.
template <class Id, class Range>
std::vector<Id> wrap_ids(const Range& raw) {
  std::vector<Id> out;
  out.reserve(raw.size());
  for (auto v : raw)
    out.emplace_back(v);
  return out;
}

/// The raw values of `ids` (for storage and the model's plain fields).
template <class Tag>
std::vector<std::uint64_t> raw_ids(const std::vector<strong_id<Tag>>& ids) {
  std::vector<std::uint64_t> out;
  out.reserve(ids.size());
  for (auto id : ids)
    out.push_back(id.value);
  return out;
}

} // namespace ag

template <class Tag>
struct std::hash<ag::strong_id<Tag>> {
  std::size_t operator()(const ag::strong_id<Tag>& x) const noexcept {
    return std::hash<std::uint64_t>{}(x.value);
  }
};
