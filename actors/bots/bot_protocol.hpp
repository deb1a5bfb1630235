#pragma once
/// The messages of a bot's feed (bot_feed.hpp): getUpdates as the Bot API
/// gateway asks it, and the updates it answers.
#include <cstdint>
#include <vector>

#include "core/model/ids.hpp"
#include "core/model/update.hpp"

namespace ag {

/// getUpdates of one bot. `offset` is the Bot API's: update ids below it
/// are confirmed; negative keeps only the newest -offset.
struct bot_poll {
  user_id bot{};
  std::int64_t offset = 0;
  std::int32_t limit = 100;   ///< 1-100
  std::int32_t timeout_s = 0; ///< 0-50: how long to wait for a first update
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, bot_poll& x) {
  return f(caf::meta::type_name("bot_poll"), x.bot, x.offset, x.limit, x.timeout_s);
}

/// What getUpdates hands out: messages and edits, by pts (update_id =
/// bot_updates::update_id(pts)).
struct bot_batch {
  std::vector<update> updates;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, bot_batch& x) {
  return f(caf::meta::type_name("bot_batch"), x.updates);
}

} // namespace ag
