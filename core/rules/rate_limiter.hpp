#pragma once
/// Token bucket: `rate` tokens per second up to `burst`. Time is passed in
/// (milliseconds) so tests control it.
#include <algorithm>
#include <cstdint>

namespace ag {

class rate_limiter {
public:
  rate_limiter(double rate, double burst) : rate_(rate), burst_(burst), tokens_(burst) {}

  /// Takes one token; returns 0 on success, else seconds to wait (>= 1).
  std::int32_t take(std::int64_t now_ms) {
    refill(now_ms);
    if (tokens_ >= 1.0) {
      tokens_ -= 1.0;
      return 0;
    }
    auto wait = (1.0 - tokens_) / rate_;
    return std::max<std::int32_t>(1, static_cast<std::int32_t>(wait + 0.999));
  }

private:
  void refill(std::int64_t now_ms) {
    if (last_ms_ != 0 && now_ms > last_ms_)
      tokens_ = std::min(burst_, tokens_ + rate_ * static_cast<double>(now_ms - last_ms_) / 1000.0);
    last_ms_ = std::max(last_ms_, now_ms);
  }
  double rate_;
  double burst_;
  double tokens_;
  std::int64_t last_ms_ = 0;
};

} // namespace ag
