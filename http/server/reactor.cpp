#include "http/server/reactor.hpp"

#include "http/server/deferred_reply.hpp"

#include <cerrno>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/envelope.hpp"
#include "http/server/socket_address.hpp"

namespace ag {

namespace {

using std::chrono::milliseconds;

/// How often deadlines are checked: a 408 comes at most this late. One pass
/// over 10,000 connections takes well under a millisecond.
constexpr milliseconds tick{100};
/// Before closing (after a refusal or Connection: close), what the client
/// still sends is read and dropped while it keeps coming (each read moves
/// the deadline by linger_idle), for at most linger_total and max_drained
/// bytes: closing with unread input resets the connection, which destroys
/// the answer before a client still sending its body reads it (nginx's
/// lingering close).
constexpr milliseconds linger_idle{1000};
constexpr milliseconds linger_total{5000};
constexpr std::size_t max_drained = 64 << 20;
constexpr std::size_t read_chunk = 64 << 10;
/// Deadlines handled in one pass of sweep(); more wait for the next loop.
constexpr std::size_t max_expiries = 128;
/// Out of descriptors: accepting pauses this long instead of spinning.
constexpr milliseconds accept_pause{100};

/// The whole answer to a request the reactor refuses: the JSON error
/// envelope and Connection: close (nothing the client sends after it is
/// read as a request).
std::string refusal(errc code, std::string description, bool head_method) {
  int retry = code == errc::too_many_connections || code == errc::unavailable ? 1 : 0;
  auto body = envelope::http_error(rpc_failure{code, std::move(description), retry});
  auto status = info(code).http_status;
  auto out = "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status)
             + "\r\nContent-Type: application/json\r\nContent-Length: "
             + std::to_string(body.size()) + "\r\nConnection: close\r\n";
  if (retry > 0)
    out += "Retry-After: " + std::to_string(retry) + "\r\n";
  out += "\r\n";
  if (!head_method)
    out += body;
  return out;
}

std::string seconds(milliseconds d) {
  return std::to_string(d.count() / 1000) + " s";
}

bool would_block() {
  return errno == EAGAIN || errno == EWOULDBLOCK;
}

} // namespace

reactor_settings reactor_settings::from(const http_settings& s) {
  reactor_settings r;
  r.head = head_limits{s.max_header_bytes, s.max_headers};
  r.max_body_bytes = s.max_body_bytes;
  r.keep_alive_max = s.keep_alive_max;
  r.max_connections = s.max_connections;
  r.max_connections_per_ip = s.max_connections_per_ip;
  r.keep_alive_timeout = std::chrono::seconds(s.keep_alive_timeout_s);
  r.header_timeout = std::chrono::seconds(s.header_timeout_s);
  r.body_timeout = std::chrono::seconds(s.body_timeout_s);
  r.body_min_rate = s.body_min_rate_bytes;
  r.write_timeout = std::chrono::seconds(s.timeout_s);
  return r;
}

reactor::reactor(reactor_settings settings, std::function<void(request_job)> dispatch)
  : settings_(settings), dispatch_(std::move(dispatch)), scratch_(read_chunk) {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = wake_fd_;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
}

reactor::~reactor() {
  for (auto& [fd, c] : connections_)
    ::close(fd);
  if (listen_fd_ >= 0)
    ::close(listen_fd_);
  ::close(wake_fd_);
  ::close(epoll_fd_);
}

bool reactor::listen(const std::string& host, std::uint16_t port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.empty() ? nullptr : host.c_str(), std::to_string(port).c_str(), &hints,
                    &found)
      != 0)
    return false;
  for (auto* a = found; a != nullptr && listen_fd_ < 0; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0)
      continue;
    int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    if (a->ai_family == AF_INET6) {
      int off = 0; // "::" serves IPv4 too, as cpp-httplib did
      ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
    }
    if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, SOMAXCONN) == 0)
      listen_fd_ = fd;
    else
      ::close(fd);
  }
  ::freeaddrinfo(found);
  if (listen_fd_ < 0)
    return false;
  sockaddr_storage bound{};
  socklen_t len = sizeof(bound);
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&bound), &len);
  std::string ip;
  int p = 0;
  ip_and_port(bound, ip, p);
  port_ = static_cast<std::uint16_t>(p);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = listen_fd_;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &ev);
  return true;
}

void reactor::run() {
  std::vector<epoll_event> events(512);
  now_ = reactor_clock::now();
  auto next_sweep = now_ + tick;
  bool more_due = false;
  while (!stopping_) {
    int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()),
                         more_due ? 0 : static_cast<int>(tick.count()));
    now_ = reactor_clock::now();
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      if (fd == listen_fd_) {
        accept_all();
      } else if (fd == wake_fd_) {
        std::uint64_t count = 0;
        [[maybe_unused]] auto r = ::read(wake_fd_, &count, sizeof(count));
        take_finished();
      } else if (auto it = connections_.find(fd); it != connections_.end()) {
        // Edge-triggered: each event means "try again"; advance() reads or
        // writes until the socket would block.
        advance(it->second);
      }
    }
    if (now_ >= next_sweep || more_due) {
      more_due = sweep();
      next_sweep = now_ + tick;
    }
  }
  ::close(listen_fd_);
  listen_fd_ = -1;
  std::vector<int> idle;
  for (auto& [fd, c] : connections_)
    if (c.at != connection::phase::dispatched)
      idle.push_back(fd);
  for (int fd : idle)
    close(connections_.at(fd));
}

void reactor::stop() {
  stopping_ = true;
  std::uint64_t one = 1;
  [[maybe_unused]] auto r = ::write(wake_fd_, &one, sizeof(one));
}

void reactor::finish(request_done done) {
  bool wake = false;
  {
    std::lock_guard lock{finished_mutex_};
    wake = finished_.empty(); // else the loop is woken already
    finished_.push_back(std::move(done));
  }
  if (wake) {
    std::uint64_t one = 1;
    [[maybe_unused]] auto r = ::write(wake_fd_, &one, sizeof(one));
  }
}

void reactor::take_finished() {
  std::vector<request_done> batch;
  {
    std::lock_guard lock{finished_mutex_};
    batch.swap(finished_);
  }
  for (auto& d : batch) {
    // Only the reactor closes sockets, never one a worker holds: the
    // connection is there, and the id tells it from a later one.
    auto it = connections_.find(d.fd);
    if (it == connections_.end() || it->second.id != d.connection)
      continue;
    auto& c = it->second;
    c.out = std::move(d.unsent);
    c.sent = 0;
    c.keep_alive = d.keep_alive;
    c.at = connection::phase::writing;
    c.deadline = now_ + settings_.write_timeout;
    advance(c);
  }
}

void reactor::accept_all() {
  // A bounded batch, so that a flood of connects cannot starve the rest.
  for (int i = 0; i < 256; ++i) {
    sockaddr_storage addr{};
    socklen_t len = sizeof(addr);
    int fd =
      ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      admit(fd, addr);
      continue;
    }
    if (errno == EINTR || errno == ECONNABORTED)
      continue;
    if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
      // The pending connection stays in the backlog, the listening socket
      // stays readable: without a pause the loop would spin on it.
      ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
      accepting_ = false;
      accept_paused_until_ = now_ + accept_pause;
    }
    return;
  }
}

void reactor::admit(int fd, const sockaddr_storage& addr) {
  if (connections_.size() >= settings_.max_connections) {
    // No connection is made for this one: answer what fits and close.
    auto answer = refusal(errc::unavailable,
                          "the server has " + std::to_string(settings_.max_connections)
                            + " connections open (http.max_connections): retry later",
                          false);
    [[maybe_unused]] auto n = ::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    ::close(fd);
    return;
  }
  int on = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
  // A descriptor is in the table only while open, so this one is not.
  auto& c = connections_.try_emplace(fd, fd, ++next_id_, settings_.head).first->second;
  ++open_;
  ip_and_port(addr, c.ip, c.port);
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
  ev.data.fd = fd;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
  auto key = ip_key(addr);
  auto& from_ip = per_ip_[key];
  if (from_ip >= settings_.max_connections_per_ip) {
    refuse(c, errc::too_many_connections,
           "this address has " + std::to_string(settings_.max_connections_per_ip)
             + " connections open (http.max_connections_per_ip): retry later");
    advance(c);
    return;
  }
  ++from_ip;
  c.ip_key = std::move(key);
  to_idle(c);
}

bool reactor::sweep() {
  if (!accepting_ && now_ >= accept_paused_until_) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = listen_fd_;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &ev);
    accepting_ = true;
  }
  // A bounded batch a pass: when a thousand slowloris heads expire at once,
  // the other connections' events are handled between the batches instead
  // of after all thousand answers.
  std::vector<int> due;
  bool more = false;
  for (auto& [fd, c] : connections_)
    if (c.at != connection::phase::dispatched && now_ >= c.deadline) {
      if (due.size() == max_expiries) {
        more = true;
        break;
      }
      due.push_back(fd);
    }
  for (int fd : due) {
    auto& c = connections_.at(fd);
    switch (c.at) {
    case connection::phase::head:
      refuse(c, errc::request_timeout,
             "the request head did not arrive within " + seconds(settings_.header_timeout)
               + " (http.header_timeout_s)");
      advance(c);
      break;
    case connection::phase::body:
      refuse(c, errc::request_timeout,
             "the body arrived slower than " + std::to_string(settings_.body_min_rate)
               + " bytes/s after " + seconds(settings_.body_timeout)
               + " (http.body_timeout_s, http.body_min_rate_bytes)");
      advance(c);
      break;
    default: // idle: closed without an answer; writing or draining: given up
      close(c);
      break;
    }
  }
  return more;
}

bool reactor::advance(connection& c) {
  using phase = connection::phase;
  for (;;) {
    io r = io::wait;
    switch (c.at) {
    case phase::idle:
    case phase::head:
    case phase::body:
      if (parse(c))
        continue;
      r = read_in(c);
      break;
    case phase::dispatched:
      return true;
    case phase::writing:
      r = write_out(c);
      if (r == io::progress)
        after_write(c);
      break;
    case phase::draining:
      r = drain(c);
      break;
    }
    if (r == io::closed) {
      close(c);
      return false;
    }
    if (r == io::wait)
      return true;
  }
}

bool reactor::parse(connection& c) {
  using phase = connection::phase;
  switch (c.at) {
  case phase::idle:
    if (c.in.empty())
      return false;
    c.at = phase::head;
    c.head = head_scanner{settings_.head};
    c.deadline = now_ + settings_.header_timeout;
    return true;
  case phase::head: {
    auto s = c.head.scan(c.in);
    if (s == head_scanner::state::incomplete)
      return false;
    if (s == head_scanner::state::too_large) {
      refuse(c, errc::headers_too_large,
             "the request head is over " + std::to_string(settings_.head.max_bytes) + " bytes, "
               + std::to_string(settings_.head.max_fields) + " header fields or "
               + std::to_string(settings_.head.max_field_bytes) + " bytes in one line");
      return true;
    }
    c.head_end = c.head.end();
    c.framing = frame_request(std::string_view{c.in}.substr(0, c.head_end));
    if (!c.framing.error.empty()) {
      refuse(c, errc::input_request_invalid, c.framing.error);
      return true;
    }
    if (c.framing.length > settings_.max_body_bytes) {
      // Before any byte of the body is read: the client that waits for
      // 100-continue learns at once, one that sends learns soon.
      refuse(c, errc::payload_too_large,
             "the body is over " + std::to_string(settings_.max_body_bytes)
               + " bytes (http.max_body_bytes)");
      return true;
    }
    begin_body(c);
    return true;
  }
  case phase::body: {
    auto body = std::string_view{c.in}.substr(c.head_end);
    if (c.chunks) {
      auto s = c.chunks->scan(body);
      if (s == chunked_scanner::state::too_large) {
        refuse(c, errc::payload_too_large,
               "the body is over " + std::to_string(settings_.max_body_bytes)
                 + " bytes (http.max_body_bytes)");
        return true;
      }
      if (s == chunked_scanner::state::bad) {
        refuse(c, errc::input_request_invalid, "malformed chunked body");
        return true;
      }
      if (s == chunked_scanner::state::complete) {
        dispatch(c, c.head_end + c.chunks->end());
        return true;
      }
    } else if (body.size() >= c.framing.length) {
      dispatch(c, c.head_end + c.framing.length);
      return true;
    }
    // Whole-body deadline: the grace plus a second per minimum rate of
    // what has come, so a client that keeps the rate is never cut and one
    // that trickles is.
    c.deadline =
      c.body_started + settings_.body_timeout
      + milliseconds(body.size() * 1000 / std::max<std::size_t>(settings_.body_min_rate, 1));
    return false;
  }
  default:
    return false;
  }
}

void reactor::begin_body(connection& c) {
  c.at = connection::phase::body;
  c.body_started = now_;
  c.deadline = now_ + settings_.body_timeout;
  c.chunks.reset();
  if (c.framing.chunked)
    c.chunks.emplace(settings_.max_body_bytes);
  // cpp-httplib would answer Expect itself on the worker, once the body is
  // here, while the client waits for that answer before it sends the body.
  // The reactor answers now, and cpp-httplib's own interim answer is
  // dropped (request_stream). A client that sent its body without waiting
  // gets no interim answer at all.
  c.continue_sent = c.framing.expect_continue;
  bool body_due = c.framing.chunked || c.framing.length > 0;
  if (c.framing.expect_continue && body_due && c.in.size() == c.head_end) {
    constexpr std::string_view go = "HTTP/1.1 100 Continue\r\n\r\n";
    // 25 bytes into an empty send buffer. Should they not fit, the client
    // sends its body after its own wait (curl waits 1 s).
    [[maybe_unused]] auto n = ::send(c.fd, go.data(), go.size(), MSG_NOSIGNAL);
  }
}

void reactor::dispatch(connection& c, std::size_t end) {
  c.at = connection::phase::dispatched;
  ++c.requests;
  request_job job;
  job.connection = c.id;
  job.fd = c.fd;
  job.remote_ip = c.ip;
  job.remote_port = c.port;
  job.last = c.requests >= settings_.keep_alive_max;
  job.continue_sent = c.continue_sent;
  if (end == c.in.size()) {
    job.bytes = std::move(c.in);
    c.in = std::string{};
  } else { // pipelined: the next request stays
    job.bytes = c.in.substr(0, end);
    c.in.erase(0, end);
  }
  dispatch_(std::move(job));
}

void reactor::refuse(connection& c, errc code, std::string description) {
  bool head_method = std::string_view{c.in}.substr(0, 5) == "HEAD ";
  c.out = refusal(code, std::move(description), head_method);
  c.sent = 0;
  c.keep_alive = false;
  c.at = connection::phase::writing;
  c.deadline = now_ + settings_.write_timeout;
  c.in = std::string{}; // nothing more of it is read as a request
}

reactor::io reactor::read_in(connection& c) {
  for (;;) {
    auto n = ::recv(c.fd, scratch_.data(), scratch_.size(), 0);
    if (n > 0) {
      c.in.append(scratch_.data(), static_cast<std::size_t>(n));
      return io::progress;
    }
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && would_block())
      return io::wait;
    // The client closed (or the socket failed) before a request was whole:
    // there is no one to answer.
    return io::closed;
  }
}

reactor::io reactor::write_out(connection& c) {
  while (c.sent < c.out.size()) {
    auto n = ::send(c.fd, c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
    if (n > 0) {
      c.sent += static_cast<std::size_t>(n);
      c.deadline = now_ + settings_.write_timeout; // a timeout per bit of progress
      continue;
    }
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && would_block())
      return io::wait;
    return io::closed;
  }
  return io::progress;
}

reactor::io reactor::drain(connection& c) {
  for (;;) {
    auto n = ::recv(c.fd, scratch_.data(), scratch_.size(), 0);
    if (n > 0) {
      c.drained += static_cast<std::size_t>(n);
      if (c.drained > max_drained)
        return io::closed;
      c.deadline = std::min(now_ + linger_idle, c.linger_until);
      continue;
    }
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && would_block())
      return io::wait;
    return io::closed; // the client has read the answer and closed
  }
}

void reactor::after_write(connection& c) {
  c.out = std::string{};
  c.sent = 0;
  if (c.keep_alive) {
    to_idle(c);
    return;
  }
  ::shutdown(c.fd, SHUT_WR);
  c.at = connection::phase::draining;
  c.linger_until = now_ + linger_total;
  c.deadline = now_ + linger_idle;
  c.drained = 0;
  c.in = std::string{};
}

void reactor::to_idle(connection& c) {
  c.at = connection::phase::idle;
  c.deadline = now_ + settings_.keep_alive_timeout;
  c.head_end = 0;
  c.framing = {};
  c.chunks.reset();
  c.continue_sent = false;
}

void reactor::close(connection& c) {
  ::close(c.fd);
  if (!c.ip_key.empty()) {
    auto it = per_ip_.find(c.ip_key);
    if (it != per_ip_.end() && --it->second == 0)
      per_ip_.erase(it);
  }
  --open_;
  connections_.erase(c.fd); // `c` is gone
}

} // namespace ag
