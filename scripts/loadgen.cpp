// actorgram-loadgen: drives a running node over WebSocket (DESIGN.md §4).
//
//   messages mode: N users, one socket each, send 1:1 messages to random
//     peers at a fixed offered rate (open loop: latency is measured from the
//     scheduled send time, so a stalled node cannot hide behind a slow
//     generator) or as fast as possible (--rate 0, a window of calls per
//     socket). Reports delivered msgs/s, send->receive latency p50/p99/p99.9,
//     errors by name, and the node's RSS and CPU.
//   idle mode (--idle): N authenticated sockets that only hold; reports the
//     node's RSS per session.
//   group mode (--group): N users in one group chat, the first --online of
//     them connected; random online members send to the chat at the offered
//     rate. Reports send->push latency over every online recipient, and how
//     long after the last send every member's copy was committed (from the
//     node's actorgram_messages_delivered_total).
//   cluster mode (--cluster N --http-ports a,b,.. --ws-ports a,b,..): the
//     same over N nodes, user i signed up and connected through node
//     (i mod N)+1; --cross-node sends every message to a user living on
//     another node (homes by the cluster's first shard map). Reports the
//     share of messages between users of different nodes, and the nodes'
//     CPU summed (--node-pids).
//
// One epoll thread owns every socket; accounts are set up over HTTP first.
#include <arpa/inet.h>
#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/cluster/shard_map.hpp"
#include "core/codec/ws_codec.hpp"
#include "core/settings.hpp"

namespace {

using clock_type = std::chrono::steady_clock;

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(clock_type::now().time_since_epoch())
    .count();
}

struct options {
  std::string host = ag::http_settings{}.host; // where a node listens by default
  int http_port = ag::http_settings{}.port;
  int ws_port = ag::ws_settings{}.port;
  int users = 1000;
  double rate = 20000; // messages per second in total; 0: as fast as possible
  int duration_s = 20;
  int warmup_s = 3;
  int window = 8; // calls in flight per socket with --rate 0
  bool idle = false;
  bool group = false;
  int online = 200; // group mode: members with a socket
  int hold_s = 10;
  int node_pid = 0;
  // A cluster (--cluster N): nodes 1..N, ports by node, sockets and sign-ups
  // spread over them in turn; users' home nodes follow the first shard map.
  int cluster = 0;
  std::vector<int> http_ports, ws_ports, node_pids;
  bool cross_node = false; // every message to a user of another node
  std::string prefix = "loadgen_";
  std::string password = "loadgen password";
  int setup_threads = 8;
};

[[noreturn]] void die(const std::string& why) {
  std::fprintf(stderr, "loadgen: %s\n", why.c_str());
  std::exit(2);
}

std::vector<int> int_list(const std::string& text) {
  std::vector<int> out;
  std::size_t at = 0;
  while (at <= text.size()) {
    auto comma = text.find(',', at);
    out.push_back(std::stoi(text.substr(at, comma - at)));
    if (comma == std::string::npos)
      break;
    at = comma + 1;
  }
  return out;
}

options parse(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc)
        die("flag " + a + " needs a value");
      return argv[++i];
    };
    if (a == "--host")
      o.host = next();
    else if (a == "--http-port")
      o.http_port = std::stoi(next());
    else if (a == "--ws-port")
      o.ws_port = std::stoi(next());
    else if (a == "--users")
      o.users = std::stoi(next());
    else if (a == "--rate")
      o.rate = std::stod(next());
    else if (a == "--duration")
      o.duration_s = std::stoi(next());
    else if (a == "--warmup")
      o.warmup_s = std::stoi(next());
    else if (a == "--window")
      o.window = std::stoi(next());
    else if (a == "--idle")
      o.idle = true;
    else if (a == "--group")
      o.group = true;
    else if (a == "--online")
      o.online = std::stoi(next());
    else if (a == "--hold")
      o.hold_s = std::stoi(next());
    else if (a == "--node-pid")
      o.node_pid = std::stoi(next());
    else if (a == "--prefix")
      o.prefix = next();
    else if (a == "--setup-threads")
      o.setup_threads = std::stoi(next());
    else if (a == "--cluster")
      o.cluster = std::stoi(next());
    else if (a == "--http-ports")
      o.http_ports = int_list(next());
    else if (a == "--ws-ports")
      o.ws_ports = int_list(next());
    else if (a == "--node-pids")
      o.node_pids = int_list(next());
    else if (a == "--cross-node")
      o.cross_node = true;
    else
      die("unknown flag " + a + " (see scripts/loadtest.sh)");
  }
  if (o.users < 2)
    die("--users must be at least 2");
  if (o.cluster > 0) {
    if (static_cast<int>(o.http_ports.size()) != o.cluster
        || static_cast<int>(o.ws_ports.size()) != o.cluster)
      die("--cluster N needs --http-ports and --ws-ports with N ports each");
  } else {
    o.http_ports = {o.http_port};
    o.ws_ports = {o.ws_port};
    if (o.node_pid > 0)
      o.node_pids = {o.node_pid};
  }
  if (o.cross_node && o.cluster < 2)
    die("--cross-node needs --cluster 2 or more");
  if (o.group && (o.online < 2 || o.online > o.users || o.users > 1000))
    die("--group needs 2 <= --online <= --users <= 1000");
  return o;
}

// ---- the node's resources from /proc -----------------------------------------

struct proc_sample {
  long rss_kib = 0;
  double cpu_s = 0;
};

proc_sample sample_one(int pid) {
  proc_sample s;
  if (pid <= 0)
    return s;
  std::ifstream status{"/proc/" + std::to_string(pid) + "/status"};
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0)
      s.rss_kib = std::stol(line.substr(6));
  std::ifstream stat{"/proc/" + std::to_string(pid) + "/stat"};
  std::string all((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  auto close = all.rfind(')');
  if (close != std::string::npos) {
    std::istringstream in{all.substr(close + 2)};
    std::vector<std::string> f{std::istream_iterator<std::string>{in}, {}};
    if (f.size() > 13)
      s.cpu_s = (std::stod(f[11]) + std::stod(f[12])) / static_cast<double>(sysconf(_SC_CLK_TCK));
  }
  return s;
}

/// Every node's resources summed (a cluster's nodes share the machine).
proc_sample sample(const std::vector<int>& pids) {
  proc_sample total;
  for (auto pid : pids) {
    auto s = sample_one(pid);
    total.rss_kib += s.rss_kib;
    total.cpu_s += s.cpu_s;
  }
  return total;
}

// ---- accounts -----------------------------------------------------------------

struct account {
  std::uint64_t id = 0;
  std::string token;
};

std::string json_field(const std::string& body, const std::string& key) {
  auto k = "\"" + key + "\":";
  auto p = body.find(k);
  if (p == std::string::npos)
    return {};
  p += k.size();
  if (body[p] == '"') {
    auto e = body.find('"', p + 1);
    return body.substr(p + 1, e - p - 1);
  }
  auto e = body.find_first_of(",}", p);
  return body.substr(p, e - p);
}

account sign_in(const options& o, int i) {
  httplib::Client cli{o.host, o.http_ports[static_cast<std::size_t>(i) % o.http_ports.size()]};
  cli.set_read_timeout(120, 0);
  auto name = o.prefix + std::to_string(i);
  std::string up = R"({"username":")" + name + R"(","password":")" + o.password
                   + R"(","first_name":"Load )" + std::to_string(i) + "\"}";
  std::string in = R"({"username":")" + name + R"(","password":")" + o.password + "\"}";
  for (int attempt = 0; attempt < 200; ++attempt) {
    auto r = cli.Post("/api/auth.signUp", up, "application/json");
    if (r && r->body.find("USERNAME_OCCUPIED") != std::string::npos)
      r = cli.Post("/api/auth.signIn", in, "application/json");
    if (!r) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      continue;
    }
    if (r->status == 420 || r->status == 503) { // rate limited, or a cluster still forming
      auto wait = json_field(r->body, "retry_after");
      std::this_thread::sleep_for(std::chrono::seconds(wait.empty() ? 1 : std::stoi(wait)));
      continue;
    }
    if (r->status != 200)
      die("sign-up of " + name + " failed: " + r->body);
    account a;
    a.token = json_field(r->body, "token");
    auto user = r->body.substr(r->body.find("\"user\""));
    a.id = std::stoull(json_field(user, "id"));
    return a;
  }
  die("sign-up of " + name + " kept failing");
}

std::vector<account> setup_accounts(const options& o) {
  std::vector<account> accounts(static_cast<std::size_t>(o.users));
  std::atomic<int> next{0};
  std::atomic<int> done{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < o.setup_threads; ++t)
    threads.emplace_back([&] {
      for (int i; (i = next.fetch_add(1)) < o.users;) {
        accounts[static_cast<std::size_t>(i)] = sign_in(o, i);
        auto d = done.fetch_add(1) + 1;
        if (d % 100 == 0 || d == o.users)
          std::fprintf(stderr, "loadgen: %d/%d accounts ready\n", d, o.users);
      }
    });
  for (auto& t : threads)
    t.join();
  return accounts;
}

/// Creates the chat of group mode: accounts[0] with every other account.
std::uint64_t create_group(const options& o, const std::vector<account>& accounts) {
  httplib::Client cli{o.host, o.http_ports.front()};
  cli.set_read_timeout(120, 0);
  std::string ids;
  for (std::size_t i = 1; i < accounts.size(); ++i)
    ids += (ids.empty() ? "" : ",") + std::to_string(accounts[i].id);
  httplib::Headers auth{{"Authorization", "Bearer " + accounts[0].token}};
  auto r = cli.Post("/api/messages.createChat", auth,
                    R"({"title":"loadgen group","user_ids":[)" + ids + "]}", "application/json");
  if (!r || r->status != 200)
    die("createChat failed: " + (r ? r->body : std::string{"no answer"}));
  auto chat = r->body.substr(r->body.find("\"chat\""));
  return std::stoull(json_field(chat, "id"));
}

/// The nodes' count of inbox commits (every member's copy of a message).
std::uint64_t delivered_total(const options& o) {
  std::uint64_t total = 0;
  for (auto port : o.http_ports) {
    httplib::Client cli{o.host, port};
    auto r = cli.Get("/metrics");
    if (!r)
      continue;
    auto key = std::string{"\nactorgram_messages_delivered_total "};
    auto p = r->body.find(key);
    if (p != std::string::npos)
      total += std::stoull(r->body.substr(p + key.size()));
  }
  return total;
}

// ---- sockets -------------------------------------------------------------------

struct conn {
  int fd = -1;
  bool open = false;
  std::string head;
  std::string out;
  ag::ws::decoder dec{1 << 20, false};
  int in_flight = 0;
};

struct stats {
  std::uint64_t sent = 0, acked = 0, delivered = 0, measured = 0;
  std::map<std::string, std::uint64_t> errors;
  std::vector<std::uint32_t> latency_us; // measured window only
};

void set_nonblocking(int fd) {
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

class driver {
public:
  driver(const options& o, std::vector<account> accounts)
    : o_(o), accounts_(std::move(accounts)), conns_(accounts_.size()) {
    ep_ = epoll_create1(0);
    if (o_.cluster > 0) {
      std::vector<ag::cluster::node_number> nodes;
      for (int k = 1; k <= o_.cluster; ++k)
        nodes.push_back(static_cast<ag::cluster::node_number>(k));
      auto map = ag::cluster::shard_map::initial(nodes);
      by_home_.resize(static_cast<std::size_t>(o_.cluster) + 1);
      for (std::size_t i = 0; i < accounts_.size(); ++i) {
        home_.push_back(map.owner_of(accounts_[i].id));
        by_home_[home_.back()].push_back(i);
      }
    }
  }

  void connect_all() {
    std::size_t opened = 0;
    for (std::size_t i = 0; i < conns_.size(); ++i) {
      open_socket(i);
      // Keep the accept queue short: poll while connecting.
      if (i % 200 == 199)
        poll(0);
    }
    auto deadline = clock_type::now() + std::chrono::seconds(60);
    while ((opened = open_count()) < conns_.size() && clock_type::now() < deadline)
      poll(10);
    if (opened < conns_.size())
      die("only " + std::to_string(opened) + " of " + std::to_string(conns_.size())
          + " sockets upgraded");
    // Let the sessions bind their tokens and subscribe.
    auto settle = clock_type::now() + std::chrono::milliseconds(500 + conns_.size() / 10);
    while (clock_type::now() < settle)
      poll(10);
  }

  /// Connects socket `i` to its node and asks for the upgrade.
  void open_socket(std::size_t i) {
    auto& c = conns_[i];
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    inet_pton(AF_INET, o_.host.c_str(), &addr.sin_addr);
    addr.sin_port = htons(static_cast<std::uint16_t>(o_.ws_ports[i % o_.ws_ports.size()]));
    c.fd = socket(AF_INET, SOCK_STREAM, 0);
    if (c.fd < 0)
      die("socket: " + std::string{std::strerror(errno)} + " (raise the open-file limit)");
    int one = 1;
    setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (::connect(c.fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0)
      die("connect: " + std::string{std::strerror(errno)});
    set_nonblocking(c.fd);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = i;
    epoll_ctl(ep_, EPOLL_CTL_ADD, c.fd, &ev);
    std::string req = "GET /ws?token=" + accounts_[i].token
                      + " HTTP/1.1\r\nHost: loadgen\r\nUpgrade: websocket\r\nConnection: "
                        "Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        "Sec-WebSocket-Version: 13\r\n\r\n";
    write_raw(i, req);
  }

  /// The node closed socket `i` with "try again later" (its user's data is
  /// moving, or its node is gone): what was in flight on it is lost, and it
  /// reconnects a moment later, as a client would.
  void reconnect_later(std::size_t i) {
    auto& c = conns_[i];
    ::close(c.fd);
    if (c.in_flight > 0)
      st_.errors["socket closed: try again later"] += static_cast<std::uint64_t>(c.in_flight);
    c = conn{};
    ++reconnects_;
    reopen_.emplace_back(clock_type::now() + std::chrono::milliseconds(200), i);
  }

  std::size_t open_count() const {
    return static_cast<std::size_t>(
      std::count_if(conns_.begin(), conns_.end(), [](const conn& c) { return c.open; }));
  }

  void run_messages() {
    std::mt19937_64 rng{42};
    auto n = conns_.size();
    auto t0 = now_ns();
    auto warm_end = t0 + static_cast<std::int64_t>(o_.warmup_s) * 1'000'000'000;
    auto end = warm_end + static_cast<std::int64_t>(o_.duration_s) * 1'000'000'000;
    measure_from_ = warm_end;
    measure_to_ = end;
    std::uint64_t k = 0;
    auto next_report = t0 + 1'000'000'000;
    stats last = st_;
    auto cpu0 = sample(o_.node_pids);
    proc_sample cpu_warm;
    bool warm_taken = false;
    std::fprintf(stderr, "loadgen: %zu users, %s, warm-up %d s, measuring %d s\n", n,
                 o_.rate > 0
                   ? ("offered " + std::to_string(static_cast<long>(o_.rate)) + " msgs/s").c_str()
                   : "as fast as possible",
                 o_.warmup_s, o_.duration_s);
    for (;;) {
      auto now = now_ns();
      if (now >= end)
        break;
      if (!warm_taken && now >= warm_end) {
        cpu_warm = sample(o_.node_pids);
        warm_taken = true;
      }
      if (o_.rate > 0) {
        // Open loop: everything scheduled up to now goes out now.
        int burst = 0;
        while (burst < 5000) {
          auto sched = t0 + static_cast<std::int64_t>(static_cast<double>(k) * 1e9 / o_.rate);
          if (sched > now)
            break;
          send_one(rng() % n, rng, sched);
          ++k;
          ++burst;
        }
      } else {
        for (std::size_t i = 0; i < n; ++i)
          while (conns_[i].in_flight < o_.window)
            send_one(i, rng, now_ns());
      }
      poll(o_.rate > 0 ? 1 : 5);
      if (now >= next_report) {
        next_report += 1'000'000'000;
        auto s = sample(o_.node_pids);
        std::fprintf(stderr,
                     "  t=%3lds sent %7lu/s acked %7lu/s delivered %7lu/s errors %lu  node rss "
                     "%ld MiB\n",
                     static_cast<long>((now - t0) / 1'000'000'000), st_.sent - last.sent,
                     st_.acked - last.acked, st_.delivered - last.delivered, error_total(),
                     s.rss_kib / 1024);
        last = st_;
      }
    }
    auto cpu1 = sample(o_.node_pids);
    // Drain: deliveries of messages sent before the end still count.
    auto drain_until = now_ns() + 3'000'000'000LL;
    while (now_ns() < drain_until && st_.acked + error_total() < st_.sent)
      poll(10);
    report(cpu_warm.cpu_s > 0 ? cpu_warm : cpu0, cpu1);
  }

  void run_idle() {
    auto s = sample(o_.node_pids);
    std::fprintf(stderr, "loadgen: holding %zu authenticated sockets for %d s\n", conns_.size(),
                 o_.hold_s);
    auto until = clock_type::now() + std::chrono::seconds(o_.hold_s);
    while (clock_type::now() < until)
      poll(100);
    auto after = sample(o_.node_pids);
    std::printf("idle sessions: %zu open; node RSS %ld MiB, baseline after sign-up %ld MiB: "
                "%.1f KiB per session\n",
                open_count(), after.rss_kib / 1024, baseline_kib_ / 1024,
                baseline_kib_ > 0 ? static_cast<double>(after.rss_kib - baseline_kib_)
                                      / static_cast<double>(open_count())
                                  : 0.0);
    std::printf("RESULT idle_sessions=%zu node_rss_kib=%ld baseline_kib=%ld per_session_kib=%.2f\n",
                open_count(), after.rss_kib, baseline_kib_,
                baseline_kib_ > 0 ? static_cast<double>(after.rss_kib - baseline_kib_)
                                      / static_cast<double>(open_count())
                                  : 0.0);
    (void) s;
  }

  void set_baseline(long kib) { baseline_kib_ = kib; }
  void set_chat(std::uint64_t cid) { chat_ = cid; }

  std::uint64_t acked() const { return st_.acked; }

private:
  std::uint64_t error_total() const {
    std::uint64_t t = 0;
    for (auto& [k, v] : st_.errors)
      t += v;
    return t;
  }

  void send_one(std::size_t from, std::mt19937_64& rng, std::int64_t sched) {
    auto n = conns_.size();
    auto to = (from + 1 + rng() % (n - 1)) % n;
    if (o_.cross_node) { // a user of another node (of the others, at random)
      auto others = static_cast<std::uint64_t>(o_.cluster - 1);
      auto home = home_[from];
      auto other = 1 + (home - 1 + 1 + rng() % others) % static_cast<std::uint64_t>(o_.cluster);
      auto& pool = by_home_[other];
      if (!pool.empty())
        to = pool[rng() % pool.size()];
    }
    if (!home_.empty() && chat_ == 0) {
      cross_.homes += home_[from] != home_[to];
      // The node the sender's socket is on: (from % N) + 1.
      cross_.connected += static_cast<std::size_t>(from % o_.ws_ports.size()) + 1 != home_[to];
      ++cross_.messages;
    }
    auto& c = conns_[from];
    if (!c.open)
      return; // reconnecting
    ++c.in_flight;
    ++st_.sent;
    auto peer = chat_ != 0 ? R"({"type":"chat","id":)" + std::to_string(chat_) + "}"
                           : R"({"type":"user","id":)" + std::to_string(accounts_[to].id) + "}";
    std::string body = R"({"jsonrpc":"2.0","id":)" + std::to_string(from)
                       + R"(,"method":"messages.sendMessage","params":{"peer":)" + peer
                       + R"(,"message":"lg )" + std::to_string(sched) + "\"}}";
    write_raw(from,
              ag::ws::encode_frame(ag::ws::opcode::text, body, static_cast<std::uint32_t>(rng())));
  }

  void write_raw(std::size_t i, const std::string& bytes) {
    auto& c = conns_[i];
    bool was_empty = c.out.empty();
    c.out += bytes;
    if (was_empty)
      flush(i);
  }

  void flush(std::size_t i) {
    auto& c = conns_[i];
    while (!c.out.empty()) {
      auto w = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
      if (w < 0) {
        if (errno == EAGAIN) {
          epoll_event ev{};
          ev.events = EPOLLIN | EPOLLOUT;
          ev.data.u64 = i;
          epoll_ctl(ep_, EPOLL_CTL_MOD, c.fd, &ev);
          return;
        }
        die("send: " + std::string{std::strerror(errno)});
      }
      c.out.erase(0, static_cast<std::size_t>(w));
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = i;
    epoll_ctl(ep_, EPOLL_CTL_MOD, c.fd, &ev);
  }

  void poll(int timeout_ms) {
    auto now = clock_type::now();
    while (!reopen_.empty() && reopen_.front().first <= now) {
      open_socket(reopen_.front().second);
      reopen_.pop_front();
    }
    epoll_event events[512];
    auto n = epoll_wait(ep_, events, 512, timeout_ms);
    char buf[65536];
    for (int k = 0; k < n; ++k) {
      auto i = events[k].data.u64;
      auto& c = conns_[i];
      if (events[k].events & EPOLLOUT)
        flush(i);
      if (!(events[k].events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
        continue;
      for (auto fd = c.fd; fd == c.fd;) {
        auto r = ::recv(c.fd, buf, sizeof(buf), 0);
        if (r == 0 || (r < 0 && errno != EAGAIN))
          die("socket " + std::to_string(i) + " closed by the node");
        if (r < 0)
          break;
        on_bytes(i, std::string_view{buf, static_cast<std::size_t>(r)});
      }
    }
  }

  void on_bytes(std::size_t i, std::string_view bytes) {
    auto& c = conns_[i];
    if (!c.open) {
      c.head.append(bytes);
      auto end = c.head.find("\r\n\r\n");
      if (end == std::string::npos)
        return;
      if (c.head.rfind("HTTP/1.1 101", 0) != 0)
        die("upgrade refused: " + c.head.substr(0, c.head.find("\r\n")));
      c.open = true;
      auto rest = c.head.substr(end + 4);
      c.head.clear();
      if (rest.empty())
        return;
      return on_bytes(i, rest);
    }
    std::vector<ag::ws::event> events;
    c.dec.feed(bytes, events);
    for (auto& ev : events) {
      if (ev.kind == ag::ws::event::ping) {
        write_raw(i, ag::ws::encode_frame(ag::ws::opcode::pong, ev.payload, 7));
        continue;
      }
      if (ev.kind == ag::ws::event::close && ev.code == ag::ws::close_code::try_again_later)
        return reconnect_later(i);
      if (ev.kind == ag::ws::event::close || ev.kind == ag::ws::event::error)
        die("socket " + std::to_string(i) + " closed: " + std::to_string(ev.code));
      if (ev.kind != ag::ws::event::text)
        continue;
      on_text(i, ev.payload);
    }
  }

  void on_text(std::size_t i, const std::string& text) {
    auto& c = conns_[i];
    if (text.find("\"method\":\"updates\"") != std::string::npos) {
      // Each updateNewMessage carries "text":"lg <scheduled ns>".
      for (std::size_t p = 0; (p = text.find("\"text\":\"lg ", p)) != std::string::npos;) {
        p += 11;
        auto sched = std::strtoll(text.c_str() + p, nullptr, 10);
        ++st_.delivered;
        auto now = now_ns();
        if (sched >= measure_from_ && sched < measure_to_) {
          ++st_.measured;
          st_.latency_us.push_back(
            static_cast<std::uint32_t>(std::max<std::int64_t>(0, now - sched) / 1000));
        }
      }
      return;
    }
    if (text.find("\"id\":") == std::string::npos)
      return;
    --c.in_flight;
    if (text.find("\"error\"") != std::string::npos)
      ++st_.errors[json_field(text, "message")];
    else
      ++st_.acked;
  }

  void report(const proc_sample& cpu0, const proc_sample& cpu1) {
    auto& lat = st_.latency_us;
    std::sort(lat.begin(), lat.end());
    auto pct = [&](double q) -> double {
      if (lat.empty())
        return 0;
      return lat[std::min(lat.size() - 1,
                          static_cast<std::size_t>(q * static_cast<double>(lat.size())))]
             / 1000.0;
    };
    double rate = static_cast<double>(st_.measured) / o_.duration_s;
    double cpu = (cpu1.cpu_s - cpu0.cpu_s) / o_.duration_s;
    std::printf("\n== actorgram load test: %zu users, %s\n", conns_.size(),
                o_.rate > 0
                  ? ("offered " + std::to_string(static_cast<long>(o_.rate)) + " msgs/s").c_str()
                  : "as fast as possible");
    std::printf("sent %lu, acked %lu, delivered %lu (in the %d s window: %lu)\n", st_.sent,
                st_.acked, st_.delivered, o_.duration_s, st_.measured);
    std::printf("delivered rate: %.0f msgs/s\n", rate);
    std::printf(
      "latency send->receive (from scheduled send): p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, "
      "max %.2f ms\n",
      pct(0.5), pct(0.99), pct(0.999), lat.empty() ? 0.0 : lat.back() / 1000.0);
    if (reconnects_ > 0)
      std::printf("reconnects after \"try again later\": %lu\n", reconnects_);
    std::printf("errors: %lu", error_total());
    for (auto& [k, v] : st_.errors)
      std::printf(" %s=%lu", k.c_str(), v);
    // CPU per delivered message: the node's user+system time over the window
    // (from its /proc counters) divided by the messages delivered in it.
    double cpu_per_msg_ms = rate > 0 ? cpu / rate * 1000.0 : 0.0;
    std::printf("\nnode: rss %ld MiB, cpu %.0f%% of one core, %.3f ms cpu per delivered msg\n",
                cpu1.rss_kib / 1024, cpu * 100, cpu_per_msg_ms);
    if (cross_.messages > 0) {
      auto share = [&](std::uint64_t k) {
        return 100.0 * static_cast<double>(k) / static_cast<double>(cross_.messages);
      };
      std::printf("cluster of %d: %.1f%% of messages between users of different nodes, %.1f%% "
                  "sent through a node other than the recipient's\n",
                  o_.cluster, share(cross_.homes), share(cross_.connected));
      std::printf("RESULT cluster=%d cross_home_pct=%.1f cross_connected_pct=%.1f\n", o_.cluster,
                  share(cross_.homes), share(cross_.connected));
    }
    std::printf("RESULT users=%zu offered=%.0f delivered_per_s=%.0f p50_ms=%.2f p99_ms=%.2f "
                "p999_ms=%.2f errors=%lu node_rss_mib=%ld node_cpu_pct=%.0f "
                "cpu_ms_per_msg=%.4f\n",
                conns_.size(), o_.rate, rate, pct(0.5), pct(0.99), pct(0.999), error_total(),
                cpu1.rss_kib / 1024, cpu * 100, cpu_per_msg_ms);
  }

  const options& o_;
  std::vector<account> accounts_;
  std::vector<conn> conns_;
  int ep_ = -1;
  stats st_;
  std::uint64_t reconnects_ = 0;
  std::deque<std::pair<clock_type::time_point, std::size_t>> reopen_; ///< sockets to reconnect
  std::int64_t measure_from_ = 0;
  std::int64_t measure_to_ = 0;
  long baseline_kib_ = 0;
  std::uint64_t chat_ = 0;
  std::vector<ag::cluster::node_number> home_;    ///< each user's node (cluster mode)
  std::vector<std::vector<std::size_t>> by_home_; ///< users by node
  struct {
    std::uint64_t messages = 0, homes = 0, connected = 0;
  } cross_;
};

} // namespace

int main(int argc, char** argv) {
  auto o = parse(argc, argv);
  rlimit lim{};
  getrlimit(RLIMIT_NOFILE, &lim);
  lim.rlim_cur = lim.rlim_max;
  setrlimit(RLIMIT_NOFILE, &lim);
  auto accounts = setup_accounts(o);
  auto baseline = sample(o.node_pids); // after sign-up, before any socket
  std::uint64_t chat = 0;
  if (o.group) {
    chat = create_group(o, accounts);
    std::fprintf(stderr, "loadgen: chat %llu with %d members, %d online\n",
                 static_cast<unsigned long long>(chat), o.users, o.online);
    accounts.resize(static_cast<std::size_t>(o.online));
  }
  driver d{o, std::move(accounts)};
  d.set_baseline(baseline.rss_kib);
  d.set_chat(chat);
  d.connect_all();
  if (o.idle) {
    d.run_idle();
    return 0;
  }
  auto before = delivered_total(o);
  d.run_messages();
  if (o.group) {
    // Every acknowledged message owes users-1 inbox commits; wait for them.
    auto want = before + d.acked() * static_cast<std::uint64_t>(o.users - 1);
    auto t0 = clock_type::now();
    std::uint64_t have = 0;
    while ((have = delivered_total(o)) < want && clock_type::now() - t0 < std::chrono::seconds(60))
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    auto lag = std::chrono::duration<double, std::milli>(clock_type::now() - t0).count();
    std::printf("group: %llu of %llu member copies committed; the last %.0f ms after the last "
                "acknowledgement\n",
                static_cast<unsigned long long>(have - before),
                static_cast<unsigned long long>(want - before), lag);
    std::printf("RESULT group_members=%d online=%d copies_committed=%llu copies_owed=%llu "
                "commit_lag_ms=%.0f\n",
                o.users, o.online, static_cast<unsigned long long>(have - before),
                static_cast<unsigned long long>(want - before), lag);
  }
  return 0;
}
