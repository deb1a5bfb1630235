#include "storage/kv/commit_queue.hpp"

#include <algorithm>

namespace ag {

commit_queue::commit_queue(kv_store& store, sync_mode mode, std::chrono::microseconds delay,
                           std::size_t max_batches)
  : store_(store), mode_(mode),
    delay_(mode == sync_mode::always ? std::chrono::microseconds{0} : delay),
    max_batches_(std::max<std::size_t>(1, max_batches)), thread_([this] { run(); }) {}

commit_queue::~commit_queue() {
  {
    std::lock_guard<std::mutex> guard{mtx_};
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void commit_queue::submit(write_batch batch, completion done) {
  bool wake = false;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (queue_.empty())
      oldest_ = std::chrono::steady_clock::now();
    queue_.emplace_back(std::move(batch), std::move(done));
    // The writer waits for the first batch, then (if it delays) for the
    // window to end or the queue to fill: only those wake it.
    wake = queue_.size() == 1 || queue_.size() == max_batches_;
  }
  if (wake)
    cv_.notify_one();
}

void commit_queue::drain() {
  std::unique_lock<std::mutex> guard{mtx_};
  idle_cv_.wait(guard, [this] { return queue_.empty() && !busy_; });
}

void commit_queue::set_fence(fence_fn fence) {
  std::lock_guard<std::mutex> guard{mtx_};
  fence_ = fence ? std::make_shared<const fence_fn>(std::move(fence)) : nullptr;
}

void commit_queue::run() {
  std::deque<std::pair<write_batch, completion>> work;
  std::shared_ptr<const fence_fn> fence;
  for (;;) {
    {
      std::unique_lock<std::mutex> guard{mtx_};
      busy_ = false;
      idle_cv_.notify_all();
      cv_.wait(guard, [this] { return stop_ || !queue_.empty(); });
      if (queue_.empty() && stop_)
        return;
      if (delay_.count() > 0)
        cv_.wait_until(guard, oldest_ + delay_,
                       [this] { return stop_ || queue_.size() >= max_batches_; });
      if (mode_ == sync_mode::always) {
        work.push_back(std::move(queue_.front()));
        queue_.pop_front();
      } else {
        work.swap(queue_);
      }
      busy_ = true;
      fence = fence_;
    }
    if (fence) {
      // Refused batches complete at once and are left out of the write.
      std::erase_if(work, [&](auto& w) {
        auto refused = (*fence)(w.first);
        if (refused && w.second)
          w.second(refused);
        return static_cast<bool>(refused);
      });
      if (work.empty())
        continue;
    }
    caf::error err;
    if (work.size() == 1) {
      err = store_.write(work.front().first, mode_ != sync_mode::none);
    } else {
      write_batch merged;
      for (auto& w : work)
        merged.append(std::move(w.first));
      err = store_.write(merged, mode_ != sync_mode::none);
    }
    commits_.fetch_add(1, std::memory_order_relaxed);
    batches_.fetch_add(work.size(), std::memory_order_relaxed);
    for (auto& w : work)
      if (w.second)
        w.second(err);
    work.clear();
  }
}

} // namespace ag
