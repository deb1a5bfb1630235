#include "core/metrics.hpp"

#include <cstdio>

namespace ag {

void latency_histogram::observe(double seconds) {
  std::size_t i = 0;
  while (i < bounds.size() && seconds > bounds[i])
    ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_us_.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

void latency_histogram::render(std::string& out, const std::string& name,
                               const std::string& labels) const {
  char buf[128];
  std::uint64_t cumulative = 0;
  auto sep = labels.empty() ? "" : ",";
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    std::snprintf(buf, sizeof(buf), "%s_bucket{%s%sle=\"%g\"} %llu\n", name.c_str(), labels.c_str(),
                  sep, bounds[i], static_cast<unsigned long long>(cumulative));
    out += buf;
  }
  cumulative += buckets_[bounds.size()].load(std::memory_order_relaxed);
  std::snprintf(buf, sizeof(buf), "%s_bucket{%s%sle=\"+Inf\"} %llu\n", name.c_str(), labels.c_str(),
                sep, static_cast<unsigned long long>(cumulative));
  out += buf;
  std::snprintf(buf, sizeof(buf), "%s_sum %g\n%s_count %llu\n", name.c_str(),
                static_cast<double>(sum_us_.load()) / 1e6, name.c_str(),
                static_cast<unsigned long long>(count_.load()));
  out += buf;
}

std::string metrics::render() const {
  std::string out;
  auto counter = [&](const char* name, const char* help, auto value, const char* type) {
    out += "# HELP ";
    out += name;
    out += " ";
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += " ";
    out += type;
    out += "\n";
    out += name;
    out += " ";
    out += std::to_string(value);
    out += "\n";
  };
  counter("actorgram_http_requests_total", "HTTP requests served", http_requests.load(), "counter");
  counter("actorgram_http_errors_total", "HTTP requests answered with an error", http_errors.load(),
          "counter");
  counter("actorgram_ws_connections_total", "WebSocket connections accepted",
          ws_connections_total.load(), "counter");
  counter("actorgram_ws_connections_open", "WebSocket connections open", ws_connections_open.load(),
          "gauge");
  counter("actorgram_ws_frames_in_total", "WebSocket messages received", ws_frames_in.load(),
          "counter");
  counter("actorgram_ws_frames_out_total", "WebSocket messages sent", ws_frames_out.load(),
          "counter");
  counter("actorgram_rpc_calls_total", "RPC calls over both transports", rpc_calls.load(),
          "counter");
  counter("actorgram_rpc_errors_total", "RPC calls that failed", rpc_errors.load(), "counter");
  counter("actorgram_messages_sent_total", "messages committed to a sender's outbox",
          messages_sent.load(), "counter");
  counter("actorgram_messages_delivered_total", "messages committed to a recipient's inbox",
          messages_delivered.load(), "counter");
  counter("actorgram_pushes_total", "updates pushed to sessions", pushes.load(), "counter");
  counter("actorgram_user_actors", "user actors alive", user_actors.load(), "gauge");
  counter("actorgram_users_online", "users with an online session", users_online.load(), "gauge");
  counter("actorgram_ws_calls_in_flight", "WebSocket calls admitted and not yet answered",
          ws_calls_in_flight.load(), "gauge");
  counter("actorgram_ws_call_latency_avg_us", "moving average of recent WebSocket call latency",
          ws_call_latency_avg_us.load(), "gauge");
  out += "# HELP actorgram_rpc_latency_seconds RPC latency\n"
         "# TYPE actorgram_rpc_latency_seconds histogram\n";
  rpc_latency.render(out, "actorgram_rpc_latency_seconds", "");
  return out;
}

} // namespace ag
