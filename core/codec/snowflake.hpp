#pragma once
/// Snowflake ids: 41-bit milliseconds since the actorgram epoch, 10-bit node id,
/// 12-bit step. Ids from one generator are strictly increasing, even when the
/// wall clock goes backwards (the generator keeps using its last timestamp and
/// borrows from the future until the clock catches up).
#include <cstdint>
#include <functional>

namespace ag {

class snowflake {
public:
  /// 2024-01-01T00:00:00Z in Unix milliseconds.
  static constexpr std::int64_t epoch_ms = 1704067200000;
  static constexpr int node_bits = 10;
  static constexpr int step_bits = 12;
  static constexpr std::uint64_t max_node = (1u << node_bits) - 1;

  using clock_fn = std::function<std::int64_t()>; ///< Unix milliseconds

  /// `node` must be <= max_node (validated by config).
  snowflake(std::uint64_t node, clock_fn clock);

  /// Returns the next id; never returns the same id twice.
  std::uint64_t next();

  static std::int64_t unix_ms_of(std::uint64_t id) {
    return static_cast<std::int64_t>(id >> (node_bits + step_bits)) + epoch_ms;
  }
  static std::uint64_t node_of(std::uint64_t id) { return (id >> step_bits) & max_node; }

private:
  std::uint64_t node_;
  clock_fn clock_;
  std::int64_t last_ms_ = 0;
  std::uint64_t step_ = 0;
};

} // namespace ag
