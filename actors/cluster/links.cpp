#include "actors/cluster/links.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <caf/io/basp_broker.hpp>
#include <caf/io/middleman.hpp>
#include <caf/io/scribe.hpp>
#include <caf/scoped_actor.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <list>
#include <mutex>
#include <set>
#include <thread>

#include "core/cluster/handshake.hpp"
#include "core/error.hpp"

namespace ag {

namespace {

using clock = std::chrono::steady_clock;
using cluster::handshake_hello;

constexpr std::size_t max_handshakes = 16;

/// Waits until `fd` is ready for `events` or `deadline` passes.
bool wait_for(int fd, short events, clock::time_point deadline) {
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now());
    if (left.count() <= 0)
      return false;
    pollfd p{fd, events, 0};
    int r = ::poll(&p, 1, static_cast<int>(left.count()));
    if (r > 0)
      return (p.revents & (events | POLLHUP | POLLERR)) != 0;
    if (r < 0 && errno != EINTR)
      return false;
  }
}

bool read_exact(int fd, std::uint8_t* out, std::size_t n, clock::time_point deadline) {
  while (n > 0) {
    if (!wait_for(fd, POLLIN, deadline))
      return false;
    auto got = ::recv(fd, out, n, 0);
    if (got == 0 || (got < 0 && errno != EINTR && errno != EAGAIN))
      return false;
    if (got > 0) {
      out += got;
      n -= static_cast<std::size_t>(got);
    }
  }
  return true;
}

bool write_all(int fd, const std::uint8_t* data, std::size_t n, clock::time_point deadline) {
  while (n > 0) {
    if (!wait_for(fd, POLLOUT, deadline))
      return false;
    auto put = ::send(fd, data, n, MSG_NOSIGNAL);
    if (put < 0 && errno != EINTR && errno != EAGAIN)
      return false;
    if (put > 0) {
      data += put;
      n -= static_cast<std::size_t>(put);
    }
  }
  return true;
}

template <class... Parts>
std::vector<std::uint8_t> concat(const Parts&... parts) {
  std::vector<std::uint8_t> out;
  (out.insert(out.end(), parts.begin(), parts.end()), ...);
  return out;
}

void make_nonblocking(int fd) {
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

std::string peer_of(const sockaddr_storage& a) {
  char host[INET6_ADDRSTRLEN] = "?";
  if (a.ss_family == AF_INET)
    ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(a).sin_addr, host, sizeof(host));
  else if (a.ss_family == AF_INET6)
    ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(a).sin6_addr, host, sizeof(host));
  return host;
}

caf::actor basp_of(caf::actor_system& sys) {
  return sys.middleman().named_broker<caf::io::basp_broker>(caf::atom("BASP"));
}

/// The listener's half: true if the dialer proved the secret.
bool answer_handshake(int fd, const std::string& secret) {
  auto deadline = clock::now() + handshake_timeout;
  std::array<std::uint8_t, handshake_hello.size() + cluster::nonce_size> first{};
  if (!read_exact(fd, first.data(), first.size(), deadline)
      || !std::equal(handshake_hello.begin(), handshake_hello.end(), first.begin()))
    return false;
  cluster::nonce dialer{};
  std::copy(first.begin() + handshake_hello.size(), first.end(), dialer.begin());
  auto mine = cluster::make_nonce();
  auto reply = concat(handshake_hello, mine, prove(secret, cluster::side::listener, dialer, mine));
  if (!write_all(fd, reply.data(), reply.size(), deadline))
    return false;
  cluster::proof theirs{};
  return read_exact(fd, theirs.data(), theirs.size(), deadline)
         && verify(secret, cluster::side::dialer, dialer, mine, theirs);
}

/// Connects with a deadline; -1 on failure.
int connect_to(const std::string& host, std::uint16_t port, clock::time_point deadline) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &res) != 0)
    return -1;
  int fd = -1;
  for (auto* a = res; a != nullptr && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0)
      continue;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0)
      break;
    int err = 0;
    socklen_t len = sizeof(err);
    if (errno == EINPROGRESS && wait_for(fd, POLLOUT, deadline)
        && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0)
      break;
    ::close(fd);
    fd = -1;
  }
  ::freeaddrinfo(res);
  return fd;
}

} // namespace

caf::expected<std::string> read_cluster_secret(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  if (!in)
    return make_error(errc::input_request_invalid,
                      "config key 'cluster.secret_file': cannot read " + path);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() < cluster::min_secret_size)
    return make_error(errc::input_request_invalid,
                      "config key 'cluster.secret_file': " + path + " holds "
                        + std::to_string(bytes.size()) + " bytes; at least "
                        + std::to_string(cluster::min_secret_size) + " are needed");
  return bytes;
}

struct link_listener::impl {
  caf::actor_system& sys;
  std::string secret;
  caf::strong_actor_ptr gate;
  std::uint16_t port = 0;
  int fd = -1;
  std::atomic<bool> stopping{false};
  std::atomic<clock::rep> last_refusal_log{0};
  std::atomic<std::uint64_t> refused{0};
  std::thread acceptor;
  std::mutex m;
  std::list<std::pair<std::thread, std::shared_ptr<std::atomic<bool>>>> handshakes;

  impl(caf::actor_system& s, std::string sec, caf::strong_actor_ptr g)
    : sys(s), secret(std::move(sec)), gate(std::move(g)) {}

  void hand_to_basp(int conn) {
    make_nonblocking(conn);
    auto scribe = sys.middleman().backend().new_scribe(conn);
    caf::anon_send(basp_of(sys), caf::publish_atom_v, std::move(scribe), port, gate,
                   std::set<std::string>{});
  }

  void handshake(int conn, const std::string& peer) {
    if (answer_handshake(conn, secret)) {
      hand_to_basp(conn);
      return;
    }
    ::close(conn);
    // Never the secret or the bytes received: only who failed, at most once
    // a second (a scan of the port must not flood the log).
    auto now = clock::now().time_since_epoch().count();
    auto last = last_refusal_log.load();
    ++refused;
    if (now - last < std::chrono::nanoseconds{std::chrono::seconds{1}}.count()
        || !last_refusal_log.compare_exchange_strong(last, now))
      return;
    std::cerr << "actorgram: cluster: refused a connection from " << peer
              << " (no valid proof of the cluster secret; " << refused.exchange(0)
              << " refused since the last report)" << std::endl;
  }

  void prune() {
    for (auto i = handshakes.begin(); i != handshakes.end();) {
      if (*i->second) {
        i->first.join();
        i = handshakes.erase(i);
      } else {
        ++i;
      }
    }
  }

  void run() {
    while (!stopping) {
      if (!wait_for(fd, POLLIN, clock::now() + std::chrono::milliseconds{200}))
        continue;
      sockaddr_storage addr{};
      socklen_t len = sizeof(addr);
      int conn = ::accept4(fd, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_CLOEXEC);
      if (conn < 0)
        continue;
      std::lock_guard<std::mutex> guard{m};
      prune();
      if (handshakes.size() >= max_handshakes) {
        ::close(conn);
        continue;
      }
      auto done = std::make_shared<std::atomic<bool>>(false);
      handshakes.emplace_back(std::thread{[this, conn, done, peer = peer_of(addr)] {
                                handshake(conn, peer);
                                *done = true;
                              }},
                              done);
    }
  }
};

link_listener::link_listener(std::unique_ptr<impl> p) : impl_(std::move(p)) {}

link_listener::~link_listener() {
  impl_->stopping = true;
  if (impl_->acceptor.joinable())
    impl_->acceptor.join();
  for (auto& [t, done] : impl_->handshakes)
    t.join();
  if (impl_->fd >= 0)
    ::close(impl_->fd);
}

caf::expected<std::unique_ptr<link_listener>>
link_listener::start(caf::actor_system& sys, const std::string& host, std::uint16_t port,
                     std::string secret, caf::strong_actor_ptr gate) {
  auto p = std::make_unique<impl>(sys, std::move(secret), std::move(gate));
  p->port = port;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST;
  addrinfo* res = nullptr;
  auto where = host + ":" + std::to_string(port);
  if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &res) != 0)
    return make_error(errc::unavailable, "cluster.bind '" + host + "' is not a numeric address");
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> hold{res, &::freeaddrinfo};
  int fd = ::socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC, res->ai_protocol);
  int one = 1;
  if (fd < 0 || ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0
      || ::bind(fd, res->ai_addr, res->ai_addrlen) != 0 || ::listen(fd, 64) != 0) {
    auto why = std::string{std::strerror(errno)};
    if (fd >= 0)
      ::close(fd);
    return make_error(errc::unavailable, "cannot listen on cluster port " + where + ": " + why);
  }
  p->fd = fd;
  auto* raw = p.get();
  p->acceptor = std::thread{[raw] {
    raw->run();
  }};
  return std::unique_ptr<link_listener>{new link_listener{std::move(p)}};
}

caf::expected<caf::strong_actor_ptr> dial_node(caf::actor_system& sys, const std::string& host,
                                               std::uint16_t port, const std::string& secret,
                                               std::chrono::milliseconds timeout) {
  auto where = host + ":" + std::to_string(port);
  auto deadline = clock::now() + timeout;
  int fd = connect_to(host, port, deadline);
  if (fd < 0)
    return make_error(errc::unavailable, "cluster node " + where + " does not answer");
  auto mine = cluster::make_nonce();
  auto hello = concat(handshake_hello, mine);
  std::array<std::uint8_t, handshake_hello.size() + cluster::nonce_size + cluster::proof_size>
    reply{};
  if (!write_all(fd, hello.data(), hello.size(), deadline)
      || !read_exact(fd, reply.data(), reply.size(), deadline)
      || !std::equal(handshake_hello.begin(), handshake_hello.end(), reply.begin())) {
    ::close(fd);
    return make_error(errc::unavailable, "cluster node " + where
                                           + " did not complete the cluster handshake "
                                             "(not an actorgram cluster port, or too slow)");
  }
  cluster::nonce theirs{};
  cluster::proof proof{};
  auto at = reply.begin() + handshake_hello.size();
  std::copy(at, at + cluster::nonce_size, theirs.begin());
  std::copy(at + cluster::nonce_size, reply.end(), proof.begin());
  if (!verify(secret, cluster::side::listener, mine, theirs, proof)) {
    ::close(fd);
    return make_error(errc::unavailable,
                      "cluster node " + where + " does not hold this cluster's secret");
  }
  auto answer = prove(secret, cluster::side::dialer, mine, theirs);
  if (!write_all(fd, answer.data(), answer.size(), deadline)) {
    ::close(fd);
    return make_error(errc::unavailable, "cluster node " + where + " closed the handshake");
  }
  make_nonblocking(fd);
  auto scribe = sys.middleman().backend().new_scribe(fd);
  caf::scoped_actor self{sys};
  caf::expected<caf::strong_actor_ptr> out{caf::strong_actor_ptr{}};
  self->request(basp_of(sys), timeout, caf::connect_atom_v, std::move(scribe), port)
    .receive(
      [&](const caf::node_id&, caf::strong_actor_ptr& remote, const std::set<std::string>&) {
        if (remote)
          out = std::move(remote);
        else
          out = make_error(errc::unavailable, "cluster node " + where + " publishes no actor");
      },
      [&](caf::error& err) {
        out = make_error(errc::unavailable,
                         "cluster node " + where + ": " + to_failure(err).description);
      });
  return out;
}

} // namespace ag
