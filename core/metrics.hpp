#pragma once
/// Node-wide counters and latency histograms, rendered as Prometheus text.
/// Lock-free: every counter is an atomic, safe from any thread.
#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace ag {

/// Fixed-bucket latency histogram (seconds).
class latency_histogram {
public:
  static constexpr std::array<double, 12> bounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                    0.05,   0.1,   0.25,   0.5,   1.0,  5.0};
  void observe(double seconds);
  void render(std::string& out, const std::string& name, const std::string& labels) const;

private:
  std::array<std::atomic<std::uint64_t>, bounds.size() + 1> buckets_{};
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> sum_us_{0};
};

struct metrics {
  std::atomic<std::uint64_t> http_requests{0};
  std::atomic<std::uint64_t> http_errors{0};
  std::atomic<std::uint64_t> ws_connections_total{0};
  std::atomic<std::int64_t> ws_connections_open{0};
  std::atomic<std::uint64_t> ws_frames_in{0};
  std::atomic<std::uint64_t> ws_frames_out{0};
  std::atomic<std::uint64_t> rpc_calls{0};
  std::atomic<std::uint64_t> rpc_errors{0};
  std::atomic<std::uint64_t> messages_sent{0};      ///< outbox commits
  std::atomic<std::uint64_t> messages_delivered{0}; ///< inbox commits
  std::atomic<std::uint64_t> pushes{0};
  std::atomic<std::int64_t> user_actors{0};
  std::atomic<std::int64_t> users_online{0};
  std::atomic<std::int64_t> ws_calls_in_flight{0}; ///< admitted, not yet answered (all sockets)
  /// Recent WebSocket call latency, microseconds (moving average over ~16 calls).
  std::atomic<std::int64_t> ws_call_latency_avg_us{0};
  latency_histogram rpc_latency;

  /// Prometheus text exposition of everything above.
  std::string render() const;
};

} // namespace ag
