#pragma once
/// Per-user token buckets for the methods that write or push besides sends
/// (edits, deletes, reads, pins, profile and chat changes, blocks) and for
/// typing notices, shared by every session of the node: a limit sized for
/// humans, so one user cannot make the node fan out hundreds of updates a
/// second. Thread-safe (sessions run on any scheduler thread); time is passed
/// in so tests control it.
#include <array>
#include <cstdint>
#include <mutex>
#include <unordered_map>

#include "core/rules/rate_limiter.hpp"

namespace ag {

enum class limited : std::uint8_t { writes = 0, typing = 1 };

struct user_limit_settings {
  double writes_per_second = 20; ///< edits, deletes, reads, pins, profile, chats, blocks
  double writes_burst = 100;
  double typing_per_second = 2;
  double typing_burst = 20;
};

class user_limits {
public:
  explicit user_limits(user_limit_settings s = {}) : s_(s) {}

  /// Takes one token of `user`'s `kind`; 0 on success, else seconds to wait.
  std::int32_t take(std::uint64_t user, limited kind, std::int64_t now_ms) {
    auto& stripe = stripes_[user % stripes_.size()];
    std::lock_guard<std::mutex> guard{stripe.mtx};
    if (stripe.buckets.size() > max_users_per_stripe)
      stripe.buckets.clear(); // forgets idle users' buckets: they start full again
    auto key = user * 2 + static_cast<std::uint64_t>(kind);
    auto i = stripe.buckets.find(key);
    if (i == stripe.buckets.end()) {
      auto [rate, burst] = kind == limited::typing
                             ? std::pair{s_.typing_per_second, s_.typing_burst}
                             : std::pair{s_.writes_per_second, s_.writes_burst};
      i = stripe.buckets.emplace(key, rate_limiter{rate, burst}).first;
    }
    return i->second.take(now_ms);
  }

private:
  static constexpr std::size_t max_users_per_stripe = 20000;
  struct stripe {
    std::mutex mtx;
    std::unordered_map<std::uint64_t, rate_limiter> buckets;
  };
  user_limit_settings s_;
  std::array<stripe, 16> stripes_;
};

} // namespace ag
