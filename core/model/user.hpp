#pragma once
/// A user's public profile and presence.
#include <cstdint>
#include <string>
#include <vector>

#include <caf/meta/type_name.hpp>

namespace ag {

/// Public profile of a user.
struct user_info {
  std::uint64_t id = 0;
  std::string username;
  std::string first_name;
  std::string last_name;
  bool is_bot = false;
  bool deleted = false; ///< the account was deleted: no username, no sessions
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, user_info& x) {
  return f(caf::meta::type_name("user_info"), x.id, x.username, x.first_name, x.last_name, x.is_bot,
           x.deleted);
}

/// Presence: online until `expires`, else last seen at `last_seen`.
struct user_status {
  std::uint64_t user = 0;
  bool online = false;
  std::int64_t expires = 0;   ///< Unix seconds, when online
  std::int64_t last_seen = 0; ///< Unix seconds, 0: never
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, user_status& x) {
  return f(caf::meta::type_name("user_status"), x.user, x.online, x.expires, x.last_seen);
}

} // namespace ag
