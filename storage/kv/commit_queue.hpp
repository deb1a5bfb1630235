#pragma once
/// Group commit (DESIGN.md §3). Actors hand write batches to one writer
/// thread; it merges every batch pending at that moment into one write
/// (synced per the sync mode) and then runs each batch's completion.
/// Completions run on the writer thread: they must only post messages
/// (e.g. caf::anon_send), never block or touch actor state.
///
/// With `sync_mode::batch` (and `none`), the writer waits up to `delay`
/// after the oldest queued batch arrived before it commits (unless
/// `max_batches` are queued sooner): an fsync costs the node ~45 us of CPU
/// whatever it carries, and at moderate load batches arrive one at a time,
/// so without the wait nearly every batch paid for its own (docs/benchmarks.md,
/// issue 11); without fsync a write and its wake-ups still cost per commit.
/// Under heavy load the previous commit already took longer than `delay`
/// and nothing waits. `always` never waits (each batch is synced alone).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "storage/kv/kv_store.hpp"

namespace ag {

enum class sync_mode {
  batch,  ///< fsync, group committed (default)
  always, ///< fsync every batch on its own
  none,   ///< WAL without fsync: survives a process crash, not a power loss
};

class commit_queue {
public:
  using completion = std::function<void(const caf::error&)>;

  commit_queue(kv_store& store, sync_mode mode,
               std::chrono::microseconds delay = std::chrono::microseconds{0},
               std::size_t max_batches = 256);
  ~commit_queue(); ///< drains what is queued, then stops

  /// Queues a batch; `done` runs after it is committed (or failed). Order is
  /// preserved: batches commit in the order they were submitted.
  void submit(write_batch batch, completion done);

  /// Commits everything queued so far and waits (for shutdown and tests).
  void drain();

  /// A check every batch passes before it is written from now on: a batch it
  /// returns an error for is not written and completes with that error (a
  /// shard being handed off refuses writes, actors/cluster/handoff.hpp). An
  /// empty function lifts it. A batch the writer took already is written:
  /// submit an empty batch after setting a fence, and once it completes no
  /// batch the fence refuses can still land.
  using fence_fn = std::function<caf::error(const write_batch&)>;
  void set_fence(fence_fn fence);

  /// Counters for /metrics.
  std::uint64_t commits() const { return commits_.load(); }
  std::uint64_t batches() const { return batches_.load(); }

private:
  void run();
  kv_store& store_;
  sync_mode mode_;
  std::chrono::microseconds delay_;
  std::size_t max_batches_;
  std::chrono::steady_clock::time_point oldest_; ///< when the first queued batch arrived
  std::mutex mtx_;
  std::condition_variable cv_;
  std::condition_variable idle_cv_;
  std::deque<std::pair<write_batch, completion>> queue_;
  std::shared_ptr<const fence_fn> fence_;
  bool busy_ = false;
  bool stop_ = false;
  std::atomic<std::uint64_t> commits_{0};
  std::atomic<std::uint64_t> batches_{0};
  std::thread thread_;
};

} // namespace ag
