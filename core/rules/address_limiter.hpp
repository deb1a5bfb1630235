#pragma once
/// Token buckets per client address, shared by both gateways (thread-safe):
/// an address has one budget of authentication attempts however it spreads
/// them over HTTP requests and WebSocket connections.
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/rules/rate_limiter.hpp"

namespace ag {

class address_limiter {
public:
  address_limiter(double rate, double burst) : rate_(rate), burst_(burst) {}

  /// Takes one token of `addr`'s bucket; returns 0, else seconds to wait.
  std::int32_t take(const std::string& addr, std::int64_t now_ms) {
    std::lock_guard<std::mutex> guard{mtx_};
    // Bounded memory: forgetting every address only forgives them.
    if (by_addr_.size() > max_addresses)
      by_addr_.clear();
    return by_addr_.try_emplace(addr, rate_, burst_).first->second.take(now_ms);
  }

private:
  static constexpr std::size_t max_addresses = 100000;
  double rate_;
  double burst_;
  std::mutex mtx_;
  std::unordered_map<std::string, rate_limiter> by_addr_;
};

} // namespace ag
