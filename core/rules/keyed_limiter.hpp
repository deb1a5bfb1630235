#pragma once
/// Token buckets by key (a user, a client address), shared by whoever holds
/// the limiter (thread-safe): one budget however a key spreads its calls
/// over sessions, sockets and gateways.
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/rules/rate_limiter.hpp"

namespace ag {

template <class Key>
class keyed_limiter {
public:
  keyed_limiter(double rate, double burst) : rate_(rate), burst_(burst) {}

  /// Takes one token of `key`'s bucket; returns 0, else seconds to wait.
  std::int32_t take(const Key& key, std::int64_t now_ms) {
    std::lock_guard<std::mutex> guard{mtx_};
    // Bounded memory: forgetting every key only forgives them.
    if (buckets_.size() > max_keys)
      buckets_.clear();
    return buckets_.try_emplace(key, rate_, burst_).first->second.take(now_ms);
  }

private:
  static constexpr std::size_t max_keys = 100000;
  double rate_;
  double burst_;
  std::mutex mtx_;
  std::unordered_map<Key, rate_limiter> buckets_;
};

/// Authentication attempts per client address, over both gateways.
using address_limiter = keyed_limiter<std::string>;

} // namespace ag
