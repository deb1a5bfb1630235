#include "http/server/http_server.hpp"

#include <charconv>

#include <httplib.h>

#include "core/envelope.hpp"
#include "http/bot/multipart_shield.hpp"
#include "http/files/file_download.hpp"
#include "http/rpc/json_decode.hpp"
#include "http/rpc/methods.hpp"

namespace ag {

namespace {

void send_failure(httplib::Response& res, const rpc_failure& f) {
  res.status = info(f.code).http_status;
  if (f.retry_after > 0)
    res.set_header("Retry-After", std::to_string(f.retry_after));
  res.set_content(envelope::http_error(f), "application/json");
}

void send_deferred_failure(deferred_reply& later, const rpc_failure& f) {
  std::string extra;
  if (f.retry_after > 0)
    extra = "Retry-After: " + std::to_string(f.retry_after) + "\r\n";
  later.send(info(f.code).http_status, "application/json", envelope::http_error(f), extra);
}

/// A whole decimal number (the route patterns and ?total_parts=).
bool decimal(const std::string& text, std::uint64_t& out) {
  auto r = std::from_chars(text.data(), text.data() + text.size(), out);
  return r.ec == std::errc{} && r.ptr == text.data() + text.size();
}

std::string bearer(const httplib::Request& req) {
  auto h = req.get_header_value("Authorization");
  constexpr std::string_view prefix = "Bearer ";
  if (h.size() > prefix.size() && h.compare(0, prefix.size(), prefix) == 0)
    return h.substr(prefix.size());
  return {};
}

/// cpp-httplib cuts whatever body a response carries to the request's Range
/// header (Server::apply_ranges), error envelopes included. Only downloads
/// honour Range, and they plan the ranges from the header themselves
/// (serve_file), so the ranges cpp-httplib parsed are dropped for every
/// request: error bodies always go out whole.
void ignore_parsed_ranges(const httplib::Request& req) {
  // The request object is the server's own, not const (Server::process_request).
  const_cast<httplib::Request&>(req).ranges.clear();
}

} // namespace

http_server::http_server(caf::actor_system& sys, node_context_ptr ctx, http_settings settings,
                         std::atomic<bool>& ready, std::shared_ptr<address_limiter> auth_attempts)
  : sys_(sys), ctx_(ctx), settings_(std::move(settings)), ready_(ready),
    auth_attempts_(std::move(auth_attempts)),
    bridge_(sys, ctx, ctx->settings.actors.call_timeout() * 3),
    bots_(sys, ctx, ctx->settings.actors.call_timeout() * 3),
    // A response this size fits the reactor's buffers; a larger one (a
    // download) is written by its worker.
    svr_(std::make_unique<request_runner>(256 << 10, static_cast<int>(settings_.timeout_s * 1000))),
    reactor_(std::make_unique<reactor>(reactor_settings::from(settings_),
                                       [this](request_job job) { dispatch(std::move(job)); })) {
  // Only the Keep-Alive header of answers reads these two now; the reactor
  // enforces them.
  svr_->set_keep_alive_max_count(settings_.keep_alive_max);
  svr_->set_keep_alive_timeout(settings_.keep_alive_timeout_s);
  svr_->set_payload_max_length(settings_.max_body_bytes);
  late_ =
    std::make_shared<late_sink>([r = reactor_.get()](request_done d) { r->finish(std::move(d)); });
  svr_->set_late_sink(late_);
  routes();
}

http_server::~http_server() {
  stop();
}

void http_server::routes() {
  auto& s = *svr_;
  s.set_pre_routing_handler([](const httplib::Request& req, httplib::Response&) {
    ignore_parsed_ranges(req);
    return httplib::Server::HandlerResponse::Unhandled;
  });
  s.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(envelope::http_ok("\"ok\""), "application/json");
  });
  s.Get("/readyz", [this](const httplib::Request&, httplib::Response& res) {
    if (ready_.load()) {
      res.set_content(envelope::http_ok("\"ready\""), "application/json");
    } else {
      send_failure(res, rpc_failure{errc::unavailable, "the node is starting", 0});
    }
  });
  s.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    auto text = ctx_->stats.render();
    char buf[160];
    std::snprintf(buf, sizeof(buf),
                  "# TYPE actorgram_commits_total counter\nactorgram_commits_total %llu\n"
                  "# TYPE actorgram_committed_batches_total counter\n"
                  "actorgram_committed_batches_total %llu\n",
                  static_cast<unsigned long long>(ctx_->writer.commits()),
                  static_cast<unsigned long long>(ctx_->writer.batches()));
    text += buf;
    text += "# TYPE actorgram_http_connections_open gauge\nactorgram_http_connections_open ";
    text += std::to_string(reactor_->connections()) + "\n";
    for (auto& [name, value] : ctx_->db.stats()) {
      text += "# TYPE " + name + " gauge\n" + name + " ";
      text += std::to_string(static_cast<long long>(value));
      text += "\n";
    }
    res.set_content(text, "text/plain; version=0.0.4");
  });
  s.Post(R"(/api/([A-Za-z0-9_.]{1,64}))", [this](const httplib::Request& req,
                                                 httplib::Response& res) {
    auto started = std::chrono::steady_clock::now();
    ctx_->stats.http_requests.fetch_add(1, std::memory_order_relaxed);
    if (!ready_.load())
      return send_failure(res, rpc_failure{errc::unavailable, "the node is starting", 1});
    auto decoded = decode_call(req.matches[1].str(), req.body);
    if (auto* f = std::get_if<rpc_failure>(&decoded)) {
      ctx_->stats.http_errors.fetch_add(1, std::memory_order_relaxed);
      return send_failure(res, *f);
    }
    auto call = std::move(std::get<rpc_request>(decoded));
    call.client = req.remote_addr;
    call.agent = req.get_header_value("User-Agent").substr(0, 128);
    if (call.auth_attempt) {
      if (auto wait = auth_attempts_->take(req.remote_addr, ctx_->now_ms()); wait > 0) {
        ctx_->stats.http_errors.fetch_add(1, std::memory_order_relaxed);
        return send_failure(res, rpc_failure{errc::flood_wait, "too many sign-in attempts", wait});
      }
    }
    // Answered from the call's actor: no worker waits for it.
    auto later = svr_->defer(req);
    auto ctx = ctx_;
    bridge_.call_async(bearer(req), std::move(call), [later, ctx, started](rpc_outcome outcome) {
      ctx->stats.rpc_latency.observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
      if (!outcome.ok) {
        ctx->stats.http_errors.fetch_add(1, std::memory_order_relaxed);
        ctx->stats.rpc_errors.fetch_add(1, std::memory_order_relaxed);
        send_deferred_failure(*later, outcome.failure);
        return;
      }
      later->send(200, "application/json", envelope::http_ok(outcome.result));
    });
  });
  // The Bot API (docs/bots.md): any verb, arguments in the query or body.
  auto bot_call = [this](const httplib::Request& req, httplib::Response& res) {
    ctx_->stats.http_requests.fetch_add(1, std::memory_order_relaxed);
    if (!ready_.load())
      return send_failure(res, rpc_failure{errc::unavailable, "the node is starting", 1});
    auto q = req.target.find('?');
    auto query = q == std::string::npos ? std::string{} : req.target.substr(q + 1);
    auto type = req.has_header(bot_content_type_header)
                  ? req.get_header_value(bot_content_type_header)
                  : req.get_header_value("Content-Type");
    // Answered from the call's actor: the worker is free at once, and a
    // long poll waits without one.
    auto later = svr_->defer(req);
    auto ctx = ctx_;
    bots_.serve(bot_request{req.matches[1].str(), req.matches[2].str(), type, query, req.body},
                [later, ctx](bot_reply r) {
                  if (r.status != 200)
                    ctx->stats.http_errors.fetch_add(1, std::memory_order_relaxed);
                  std::string extra;
                  if (r.retry_after > 0)
                    extra = "Retry-After: " + std::to_string(r.retry_after) + "\r\n";
                  later->send(r.status, "application/json", r.body, extra);
                });
  };
  s.Get(R"(/bot([^/]{1,1024})/([A-Za-z_]{1,64}))", bot_call);
  s.Post(R"(/bot([^/]{1,1024})/([A-Za-z_]{1,64}))", bot_call);
  // Upload parts as raw bytes (docs/api.md, "Files"): the same method as
  // upload.saveFilePart, without base64.
  s.Put(R"(/upload/(\d{1,20})/(\d{1,10}))", [this](const httplib::Request& req,
                                                   httplib::Response& res) {
    ctx_->stats.http_requests.fetch_add(1, std::memory_order_relaxed);
    if (!ready_.load())
      return send_failure(res, rpc_failure{errc::unavailable, "the node is starting", 1});
    std::uint64_t file_id = 0;
    std::uint64_t part = 0;
    std::uint64_t total = 0;
    if (!decimal(req.matches[1], file_id) || !decimal(req.matches[2], part)
        || (req.has_param("total_parts") && !decimal(req.get_param_value("total_parts"), total)))
      return send_failure(res, rpc_failure{errc::input_request_invalid,
                                           "file_id, part and total_parts are decimal numbers", 0});
    auto call = bind_save_part(file_id, part, total, req.body);
    call.client = req.remote_addr;
    auto later = svr_->defer(req);
    auto ctx = ctx_;
    bridge_.call_async(bearer(req), std::move(call), [later, ctx](rpc_outcome outcome) {
      if (!outcome.ok) {
        ctx->stats.http_errors.fetch_add(1, std::memory_order_relaxed);
        send_deferred_failure(*later, outcome.failure);
        return;
      }
      later->send(200, "application/json", envelope::http_ok(outcome.result));
    });
  });
  // Downloads (docs/api.md, "Files"): authenticated, streamed, ranged.
  auto download = [this](const httplib::Request& req, httplib::Response& res) {
    ctx_->stats.http_requests.fetch_add(1, std::memory_order_relaxed);
    if (!ready_.load())
      return send_failure(res, rpc_failure{errc::unavailable, "the node is starting", 1});
    std::uint64_t fid = 0;
    if (!decimal(req.matches[1], fid))
      return send_failure(res, rpc_failure{errc::location_invalid, "no such location", 0});
    auto who = bridge_.authenticate(bearer(req), req.remote_addr);
    if (auto* f = std::get_if<rpc_failure>(&who))
      return send_failure(res, *f);
    // Each stream holds a pool thread until its last byte: past the cap,
    // refuse rather than leave API calls queueing behind downloads.
    auto counter = downloads_;
    if (counter->fetch_add(1) >= settings_.max_downloads) {
      counter->fetch_sub(1);
      return send_failure(
        res, rpc_failure{errc::too_many_connections, "too many downloads at once: retry", 1});
    }
    std::shared_ptr<void> slot(nullptr, [counter](void*) { counter->fetch_sub(1); });
    if (auto f = serve_file(file_reader{sys_, ctx_}, std::get<caller>(who).user.value, fid, req,
                            res, slot)) {
      ctx_->stats.http_errors.fetch_add(1, std::memory_order_relaxed);
      send_failure(res, *f);
    }
  };
  s.Get(R"(/file/(\d{1,20}))", download);
  s.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    // Every response of status 400 or above passes here, also those written
    // before routing (a malformed Range header): never cut the error body.
    ignore_parsed_ranges(req);
    // Requests no route took: unknown paths, wrong verbs, oversize bodies.
    // (A POST without Content-Length has an empty body, RFC 9112 §6.3: the
    // reactor frames it so, and it means no parameters.)
    if (!res.body.empty())
      return; // a route already answered with an envelope
    if (res.status == 413)
      return send_failure(res, rpc_failure{errc::payload_too_large, "the body is too large", 0});
    if (req.path.rfind("/api/", 0) == 0 && req.method != "POST")
      return send_failure(res, rpc_failure{errc::input_request_invalid, "use POST", 0});
    if (res.status == 414) // cpp-httplib's bound on the request line
      return send_failure(res,
                          rpc_failure{errc::uri_too_long, "the request line is over 8 KiB", 0});
    if (res.status == 416) // a Range header cpp-httplib could not parse
      return send_failure(res,
                          rpc_failure{errc::input_request_invalid, "malformed Range header", 0});
    if (res.status == 400)
      return send_failure(
        res, rpc_failure{errc::input_request_invalid, "malformed or incomplete HTTP request", 0});
    if (res.status == 404 || res.status == 405)
      return send_failure(res, rpc_failure{errc::method_invalid, "no such endpoint", 0});
  });
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    send_failure(res, rpc_failure{errc::internal, "internal error", 0});
  });
}

void http_server::dispatch(request_job job) {
  shield_bot_multipart(job.bytes);
  workers_->enqueue([this, job = std::move(job)]() mutable {
    if (auto done = svr_->run(std::move(job)))
      reactor_->finish(std::move(*done));
  });
}

bool http_server::start() {
  if (!reactor_->listen(settings_.host, settings_.port))
    return false;
  workers_ = std::make_unique<httplib::ThreadPool>(settings_.threads);
  thread_ = std::thread([this] { reactor_->run(); });
  return true;
}

void http_server::stop() {
  if (!thread_.joinable())
    return;
  reactor_->stop();
  thread_.join();
  late_->close(); // deferred replies sent from now on go nowhere
  svr_->stop();
  workers_->shutdown();
  reactor_.reset(); // closes the connections the workers held
}

} // namespace ag
