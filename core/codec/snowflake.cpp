#include "core/codec/snowflake.hpp"

namespace ag {

snowflake::snowflake(std::uint64_t node, clock_fn clock)
  : node_(node & max_node), clock_(std::move(clock)) {}

std::uint64_t snowflake::next() {
  auto now = clock_() - epoch_ms;
  if (now > last_ms_) {
    last_ms_ = now;
    step_ = 0;
  } else if (++step_ > (1u << step_bits) - 1) {
    // Step exhausted within one millisecond (or the clock went back):
    // move on to the next millisecond instead of waiting or repeating.
    ++last_ms_;
    step_ = 0;
  }
  return (static_cast<std::uint64_t>(last_ms_) << (node_bits + step_bits)) | (node_ << step_bits)
         | step_;
}

} // namespace ag
