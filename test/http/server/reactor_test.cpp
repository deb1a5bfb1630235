#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <chrono>
#include <netinet/in.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

#include "http/server/reactor.hpp"

using namespace ag;
using namespace std::chrono_literals;

namespace {

/// A reactor on a free loopback port whose "worker" answers at once on the
/// reactor thread: 200 with the request's first line and its size.
struct echo_server {
  explicit echo_server(reactor_settings s)
    : r(s, [this](request_job job) { answer(std::move(job)); }) {
    REQUIRE(r.listen("127.0.0.1", 0));
    loop = std::thread([this] { r.run(); });
  }
  ~echo_server() {
    r.stop();
    loop.join();
  }
  void answer(request_job job) {
    last_request = job.bytes;
    auto body =
      job.bytes.substr(0, job.bytes.find(" HTTP/")) + " " + std::to_string(job.bytes.size());
    r.finish(
      {job.connection, job.fd,
       "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body,
       !job.last});
  }
  reactor r;
  std::thread loop;
  std::string last_request; ///< written on the reactor thread, read after an answer
};

reactor_settings quick() {
  reactor_settings s;
  s.head = head_limits{4096, 20, 1024};
  s.max_body_bytes = 1000;
  s.keep_alive_timeout = 2000ms;
  s.header_timeout = 300ms;
  s.body_timeout = 300ms;
  s.body_min_rate = 1000;
  s.write_timeout = 1000ms;
  return s;
}

class client {
public:
  explicit client(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0);
  }
  ~client() { ::close(fd_); }
  void send(const std::string& s) {
    REQUIRE(::send(fd_, s.data(), s.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(s.size()));
  }
  /// For a trickle the server may cut at any byte.
  void try_send(const std::string& s) { (void) ::send(fd_, s.data(), s.size(), MSG_NOSIGNAL); }
  /// Reads until `count` answers (counted by their status line) or the
  /// connection closes or `wait` passes.
  std::string read(int count = 1, std::chrono::milliseconds wait = 2000ms) {
    auto until = std::chrono::steady_clock::now() + wait;
    while (answers() < count && !closed_) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
      if (left <= 0ms)
        break;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0)
        break;
      char buf[4096];
      auto n = ::recv(fd_, buf, sizeof(buf), 0);
      if (n <= 0)
        closed_ = true;
      else
        got_.append(buf, static_cast<std::size_t>(n));
    }
    return got_;
  }
  /// True once the server closed (waits up to `wait`).
  bool closed(std::chrono::milliseconds wait = 2000ms) {
    read(1 << 20, wait);
    return closed_;
  }
  int answers() const {
    int n = 0;
    for (auto at = got_.find("HTTP/1.1 "); at != std::string::npos;
         at = got_.find("HTTP/1.1 ", at + 1))
      ++n;
    return n;
  }

private:
  int fd_;
  std::string got_;
  bool closed_ = false;
};

} // namespace

TEST_CASE("reactor: keep-alive, then pipelined requests, answered in order") {
  echo_server s{quick()};
  client c{s.r.port()};
  c.send("GET /one HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(c.read(1).find("GET /one 30") != std::string::npos);
  c.send("GET /two HTTP/1.1\r\n\r\nPOST /three HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /four "
         "HTTP/1.1\r\n\r\n");
  auto all = c.read(4);
  CHECK(c.answers() == 4);
  auto two = all.find("GET /two");
  auto three = all.find("POST /three 46");
  auto four = all.find("GET /four");
  CHECK(two < three);
  CHECK(three < four);
  CHECK(four != std::string::npos);
  CHECK(s.r.connections() == 1);
}

TEST_CASE("reactor: a Content-Length over the limit is refused at once and the connection closed") {
  echo_server s{quick()};
  client c{s.r.port()};
  auto t0 = std::chrono::steady_clock::now();
  c.send("POST /api/x HTTP/1.1\r\nContent-Length: 100000\r\n\r\n");
  auto got = c.read(1);
  CHECK(std::chrono::steady_clock::now() - t0 < 200ms);
  CHECK(got.rfind("HTTP/1.1 413 ", 0) == 0);
  CHECK(got.find("\"error\":\"PAYLOAD_TOO_LARGE\"") != std::string::npos);
  CHECK(got.find("Connection: close") != std::string::npos);
  CHECK(c.closed());
}

TEST_CASE("reactor: a head trickled past its deadline gets 408 while others are served") {
  echo_server s{quick()};
  client slow{s.r.port()};
  slow.send("GET / HTTP/1.1\r\nX-A: ");
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 3; ++i) {
    client fast{s.r.port()};
    fast.send("GET /healthz HTTP/1.1\r\n\r\n");
    CHECK(fast.read(1).find("200 OK") != std::string::npos);
  }
  for (int i = 0; i < 10 && slow.answers() == 0; ++i) {
    slow.try_send("a");
    slow.read(1, 50ms);
  }
  auto got = slow.read(1);
  auto took = std::chrono::steady_clock::now() - t0;
  CHECK(got.rfind("HTTP/1.1 408 ", 0) == 0);
  CHECK(got.find("REQUEST_TIMEOUT") != std::string::npos);
  CHECK(took >= 250ms);
  CHECK(took < 1000ms);
  CHECK(slow.closed());
}

TEST_CASE("reactor: a body slower than the minimum rate gets 408") {
  echo_server s{quick()};
  client c{s.r.port()};
  c.send("POST /x HTTP/1.1\r\nContent-Length: 900\r\n\r\nab");
  auto got = c.read(1);
  CHECK(got.rfind("HTTP/1.1 408 ", 0) == 0);
  CHECK(got.find("http.body_min_rate_bytes") != std::string::npos);
  // A body that keeps the rate is whole in time.
  client ok{s.r.port()};
  ok.send("POST /y HTTP/1.1\r\nContent-Length: 600\r\n\r\n");
  for (int i = 0; i < 6; ++i) {
    std::this_thread::sleep_for(60ms);
    ok.send(std::string(100, 'b'));
  }
  CHECK(ok.read(1).find("POST /y 641") != std::string::npos);
}

TEST_CASE("reactor: chunked bodies are framed whole; Expect: 100-continue is answered first") {
  echo_server s{quick()};
  client c{s.r.port()};
  c.send("PUT /u HTTP/1.1\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n");
  CHECK(c.read(1).rfind("HTTP/1.1 100 Continue\r\n\r\n", 0) == 0);
  c.send("3\r\nabc\r\n0\r\n\r\n");
  c.read(2);
  CHECK(s.last_request.ends_with("\r\n\r\n3\r\nabc\r\n0\r\n\r\n"));
  client bad{s.r.port()};
  bad.send("PUT /u HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n");
  CHECK(bad.read(1).rfind("HTTP/1.1 400 ", 0) == 0);
  client big{s.r.port()};
  big.send("PUT /u HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n10000\r\n");
  CHECK(big.read(1).rfind("HTTP/1.1 413 ", 0) == 0);
}

TEST_CASE("reactor: heads over the bounds get 431; ambiguous framing 400") {
  echo_server s{quick()};
  client c{s.r.port()};
  c.send("GET / HTTP/1.1\r\nX: " + std::string(2000, 'a') + "\r\n\r\n");
  auto got = c.read(1);
  CHECK(got.rfind("HTTP/1.1 431 ", 0) == 0);
  CHECK(got.find("HEADERS_TOO_LARGE") != std::string::npos);
  client d{s.r.port()};
  d.send("POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n");
  CHECK(d.read(1).rfind("HTTP/1.1 400 ", 0) == 0);
  client h{s.r.port()};
  h.send("HEAD / HTTP/1.1\r\nContent-Length: 5000\r\n\r\n");
  auto head = h.read(1);
  CHECK(head.rfind("HTTP/1.1 413 ", 0) == 0);
  CHECK(head.ends_with("\r\n\r\n")); // no body after a HEAD
}

TEST_CASE("reactor: connections per address are capped; idle ones close") {
  auto settings = quick();
  settings.max_connections_per_ip = 2;
  settings.keep_alive_timeout = 300ms;
  echo_server s{settings};
  client a{s.r.port()};
  client b{s.r.port()};
  a.send("GET /a HTTP/1.1\r\n\r\n");
  b.send("GET /b HTTP/1.1\r\n\r\n");
  CHECK(a.read(1).find("200 OK") != std::string::npos);
  CHECK(b.read(1).find("200 OK") != std::string::npos);
  client third{s.r.port()};
  auto got = third.read(1);
  CHECK(got.rfind("HTTP/1.1 429 ", 0) == 0);
  CHECK(got.find("TOO_MANY_CONNECTIONS") != std::string::npos);
  CHECK(got.find("http.max_connections_per_ip") != std::string::npos);
  CHECK(third.closed());
  // Idle past http.keep_alive_timeout_s: closed without an answer, and the
  // seats are free again.
  CHECK(a.closed(1000ms));
  CHECK(b.closed(1000ms));
  client again{s.r.port()};
  again.send("GET /again HTTP/1.1\r\n\r\n");
  CHECK(again.read(1).find("200 OK") != std::string::npos);
}
