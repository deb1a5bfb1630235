#pragma once
/// A thread-safe Snowflake source shared by the actors that need ids on the
/// hot path, so they need not ask the idgen actor for each one. Ids are only
/// handed out below a durable time bound: past it, next() returns 0 and the
/// caller asks the idgen actor, which stores a new bound first (idgen also
/// moves the bound ahead every second, so the fast path rarely misses).
/// A refused id is simply skipped: ids must be unique and increasing, not dense.
#include <atomic>
#include <mutex>

#include "core/codec/snowflake.hpp"

namespace ag {

class id_source {
public:
  id_source(std::uint64_t node, snowflake::clock_fn clock) : gen_(node, std::move(clock)) {}

  /// The next id, or 0 if it would pass the durable bound.
  std::uint64_t next() {
    std::lock_guard<std::mutex> guard{mtx_};
    auto id = gen_.next();
    last_ms_ = snowflake::unix_ms_of(id);
    return last_ms_ < bound_ms_.load(std::memory_order_acquire) ? id : 0;
  }

  /// For the idgen actor only, after it stored a bound beyond this id.
  std::uint64_t next_unbounded() {
    std::lock_guard<std::mutex> guard{mtx_};
    auto id = gen_.next();
    last_ms_ = snowflake::unix_ms_of(id);
    return id;
  }

  /// Unix ms of the newest id generated.
  std::int64_t last_ms() {
    std::lock_guard<std::mutex> guard{mtx_};
    return last_ms_;
  }

  std::int64_t bound() const { return bound_ms_.load(std::memory_order_acquire); }
  /// Ids below this Unix ms are covered by the durable floor.
  void set_bound(std::int64_t ms) { bound_ms_.store(ms, std::memory_order_release); }

private:
  std::mutex mtx_;
  snowflake gen_;
  std::int64_t last_ms_ = 0;
  std::atomic<std::int64_t> bound_ms_{0};
};

} // namespace ag
