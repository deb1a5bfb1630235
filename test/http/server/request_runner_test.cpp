#include <doctest/doctest.h>

#include <optional>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

#include "http/server/request_runner.hpp"

using namespace ag;

namespace {

/// A runner with three routes, and a socket pair standing in for a client.
struct runner_fixture {
  runner_fixture() : runner(1024, 1000) {
    REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds) == 0);
    runner.Get("/who", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(req.remote_addr + ":" + std::to_string(req.remote_port), "text/plain");
    });
    runner.Get("/big", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(5000, 'x'), "text/plain");
    });
    runner.Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(req.body, "text/plain");
    });
    runner.Get("/later", [this](const httplib::Request& req, httplib::Response& res) {
      later = runner.defer(req);
      res.set_content("dropped", "text/plain");
    });
    runner.set_late_sink(
      std::make_shared<late_sink>([this](request_done d) { late.push_back(d); }));
  }
  ~runner_fixture() {
    ::close(fds[0]);
    ::close(fds[1]);
  }

  request_done run(std::string request, bool last = false, bool continue_sent = false) {
    auto done = run_any(std::move(request), last, continue_sent);
    REQUIRE(done.has_value());
    return *done;
  }

  std::optional<request_done> run_any(std::string request, bool last = false,
                                      bool continue_sent = false) {
    request_job job;
    job.connection = 7;
    job.fd = fds[0];
    job.bytes = std::move(request);
    job.remote_ip = "192.0.2.1";
    job.remote_port = 4242;
    job.last = last;
    job.continue_sent = continue_sent;
    return runner.run(std::move(job));
  }

  /// What the "client" has received so far.
  std::string received() {
    std::string out;
    char buf[8192];
    for (;;) {
      auto n = ::recv(fds[1], buf, sizeof(buf), 0);
      if (n <= 0)
        return out;
      out.append(buf, static_cast<std::size_t>(n));
    }
  }

  request_runner runner;
  int fds[2] = {-1, -1};
  std::shared_ptr<deferred_reply> later;
  std::vector<request_done> late;
};

} // namespace

TEST_CASE("runner: answers a buffered request on the socket and says whether to keep it") {
  runner_fixture f;
  auto done = f.run("GET /who HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(done.connection == 7);
  CHECK(done.keep_alive);
  CHECK(done.unsent.empty()); // the socket took it all
  auto got = f.received();
  CHECK(got.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  CHECK(got.ends_with("\r\n\r\n192.0.2.1:4242"));

  CHECK_FALSE(f.run("GET /who HTTP/1.1\r\nConnection: close\r\n\r\n").keep_alive);
  CHECK(f.received().find("Connection: close") != std::string::npos);
  CHECK_FALSE(f.run("GET /who HTTP/1.1\r\n\r\n", true).keep_alive);
  CHECK(f.received().find("Connection: close") != std::string::npos);
}

TEST_CASE("runner: the body is the buffer's; the reactor's 100 Continue is not repeated") {
  runner_fixture f;
  auto done = f.run("POST /echo HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello",
                    false, true);
  CHECK(done.keep_alive);
  auto got = f.received();
  CHECK(got.find("100 Continue") == std::string::npos);
  CHECK(got.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  CHECK(got.ends_with("\r\n\r\nhello"));
  // A chunked body, decoded by cpp-httplib from the buffer.
  f.run("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n1\r\nc\r\n0\r\n\r\n");
  CHECK(f.received().ends_with("\r\n\r\nabc"));
}

TEST_CASE("runner: an answer over the buffer bound is written by the worker itself") {
  runner_fixture f;
  auto done = f.run("GET /big HTTP/1.1\r\n\r\n");
  CHECK(done.keep_alive);
  CHECK(done.unsent.empty());
  auto got = f.received();
  CHECK(got.ends_with("\r\n\r\n" + std::string(5000, 'x')));
  // Unknown routes still answer (404 from cpp-httplib).
  f.run("GET /nowhere HTTP/1.1\r\n\r\n");
  CHECK(f.received().rfind("HTTP/1.1 404 ", 0) == 0);
}

TEST_CASE("runner: a deferred answer leaves the worker at once and is sent once, later") {
  runner_fixture f;
  CHECK_FALSE(f.run_any("GET /later HTTP/1.1\r\nHost: x\r\n\r\n").has_value());
  CHECK(f.received().empty()); // the handler's own response is dropped
  REQUIRE(f.later);
  CHECK(f.late.empty());
  f.later->send(409, "application/json", "{\"ok\":false}", "Retry-After: 3\r\n");
  f.later->send(200, "text/plain", "second");
  REQUIRE(f.late.size() == 1);
  CHECK(f.late[0].connection == 7);
  CHECK(f.late[0].keep_alive);
  CHECK(f.late[0].unsent
        == "HTTP/1.1 409 Conflict\r\nContent-Type: application/json\r\n"
           "Content-Length: 12\r\nRetry-After: 3\r\n\r\n{\"ok\":false}");

  // The connection's last request, or one asking to close: the answer says so.
  CHECK_FALSE(f.run_any("GET /later HTTP/1.1\r\nConnection: close\r\n\r\n").has_value());
  f.later->send(200, "text/plain", "x");
  REQUIRE(f.late.size() == 2);
  CHECK_FALSE(f.late[1].keep_alive);
  CHECK(f.late[1].unsent.find("Connection: close\r\n") != std::string::npos);
  // HTTP/1.0 keeps the connection only when asked to.
  CHECK_FALSE(f.run_any("GET /later HTTP/1.0\r\n\r\n").has_value());
  f.later->send(200, "text/plain", "x");
  CHECK_FALSE(f.late[2].keep_alive);
}
