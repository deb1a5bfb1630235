#pragma once
/// A bot account's own record (its profile is an ordinary user_info with
/// is_bot): who owns it, the hash of its token's secret, privacy mode.
#include <cstdint>
#include <string>

#include <caf/meta/type_name.hpp>

namespace ag {

struct bot_record {
  std::uint64_t id = 0;    ///< the bot's user id
  std::uint64_t owner = 0; ///< the user who created it
  std::string secret_hash; ///< SHA-256 of the token's secret, hex
  bool privacy = true;     ///< in groups: commands, replies and mentions only
  std::int64_t created = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, bot_record& x) {
  return f(caf::meta::type_name("bot_record"), x.id, x.owner, x.secret_hash, x.privacy, x.created);
}

} // namespace ag
