#pragma once
/// Per-user token buckets for the methods that write or push besides sends
/// (edits, deletes, reads, pins, profile and chat changes, blocks) and for
/// typing notices, shared by every session of the node: a limit sized for
/// humans, so one user cannot make the node fan out hundreds of updates a
/// second. Time is passed in so tests control it.
#include <cstdint>

#include "core/rules/keyed_limiter.hpp"
#include "core/settings.hpp"

namespace ag {

enum class limited : std::uint8_t { writes = 0, typing = 1 };

class user_limits {
public:
  /// The rates and bursts of limits.writes_* and limits.typing_*.
  explicit user_limits(const limits_settings& s = {})
    : writes_(s.writes_per_second, s.writes_burst), typing_(s.typing_per_second, s.typing_burst) {}

  /// Takes one token of `user`'s `kind`; 0 on success, else seconds to wait.
  std::int32_t take(std::uint64_t user, limited kind, std::int64_t now_ms) {
    return (kind == limited::typing ? typing_ : writes_).take(user, now_ms);
  }

private:
  keyed_limiter<std::uint64_t> writes_;
  keyed_limiter<std::uint64_t> typing_;
};

} // namespace ag
