#pragma once
/// Assembles an updates.getDifference answer from the pts log, without I/O:
/// the caller hands in the log's records after the client's pts and a way to
/// look up the messages they name.
#include <cstdint>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "core/model/update.hpp"

namespace ag::difference_builder {

/// A client further behind than this reloads instead of replaying.
constexpr std::uint64_t max_gap = 100000;

enum class kind : std::int32_t { empty = 0, full = 1, slice = 2, too_long = 3 };

struct result {
  kind k = kind::empty;
  std::vector<message> new_messages;
  std::vector<update> other_updates;
  std::uint64_t pts = 0; ///< the state after this answer
};

/// What a client at `from` needs, given the committed pts `top`. Answers
/// empty at or past `top`, too_long beyond `max_gap` (no records needed).
[[nodiscard]] inline std::optional<result> without_log(std::uint64_t from, std::uint64_t top) {
  if (from >= top)
    return result{kind::empty, {}, {}, top};
  if (top - from > max_gap)
    return result{kind::too_long, {}, {}, top};
  return std::nullopt;
}

/// Looks up a live copy by box id (nullopt: gone or deleted); false on a
/// storage error, which ends the assembly.
using message_lookup = std::function<bool(std::uint64_t box, std::optional<message>& out)>;

/// Builds the answer from `log` (records with pts after `from`, ascending,
/// at most the client's limit). Records past `top` are not committed and
/// are left for later; messages deleted since are left out (their
/// updateDeleteMessages follows). Returns nullopt when `lookup` failed.
[[nodiscard]] std::optional<result>
build(std::uint64_t from, std::uint64_t top,
      const std::vector<std::pair<std::uint64_t, update_record>>& log,
      const message_lookup& lookup);

} // namespace ag::difference_builder
