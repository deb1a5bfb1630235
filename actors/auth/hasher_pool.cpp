#include "actors/auth/hasher_pool.hpp"

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <deque>
#include <sodium.h>

#include "actors/protocol/atoms.hpp"
#include "actors/protocol/type_ids.hpp"
#include "core/error.hpp"

namespace ag {

namespace {

using steady = std::chrono::steady_clock;

/// A password to hash, or to verify against `hash`.
struct job {
  bool verify = false;
  std::string hash;
  std::string password;
  caf::response_promise rp;
  steady::time_point queued;
};

struct pool_state {
  std::vector<hasher_actor> workers;
  std::vector<hasher_actor> idle;
  std::deque<job> queue;
  double job_ms = 0; ///< how long one job takes (moving average; 0: not measured yet)
  std::chrono::milliseconds max_wait{2500};
  static inline const char* name = "hasher_pool";
};

using pool_ptr = hasher_actor::stateful_pointer<pool_state>;

/// Beyond this many waiting jobs per worker, refuse even before a job was
/// timed (bounds memory during the first burst).
constexpr std::size_t max_queue_per_worker = 256;

/// One worker: hashes and verifies whatever the pool hands it.
hasher_actor::behavior_type worker(std::size_t ops, std::size_t mem) {
  return {
    [=](hash_atom, const std::string& password) -> caf::result<std::string> {
      char out[crypto_pwhash_STRBYTES];
      if (crypto_pwhash_str(out, password.data(), password.size(), ops, mem) != 0)
        return make_error(errc::internal, "out of memory while hashing");
      return std::string{out};
    },
    [](verify_atom, const std::string& hash, const std::string& password) {
      if (hash.size() >= crypto_pwhash_STRBYTES)
        return false;
      return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
    },
  };
}

caf::error flood(std::chrono::milliseconds wait) {
  auto secs = static_cast<std::int32_t>((wait.count() + 999) / 1000);
  return make_error(errc::flood_wait, "the node is busy checking passwords: retry later",
                    std::max<std::int32_t>(secs, 1));
}

/// How long a new job would wait for a worker.
std::chrono::milliseconds expected_wait(const pool_state& st) {
  auto ahead = static_cast<double>(st.queue.size() + 1);
  return std::chrono::milliseconds(
    static_cast<std::int64_t>(ahead * st.job_ms / static_cast<double>(st.workers.size())));
}

void next(pool_ptr self, hasher_actor w);

void run(pool_ptr self, hasher_actor w, job j) {
  auto started = steady::now();
  auto finished = [self, w, started] {
    auto& st = self->state;
    auto ms = std::chrono::duration<double, std::milli>(steady::now() - started).count();
    st.job_ms = st.job_ms == 0 ? ms : 0.8 * st.job_ms + 0.2 * ms;
    next(self, w);
  };
  auto rp = j.rp;
  auto failed = [rp, finished](caf::error& err) mutable {
    rp.deliver(err);
    finished();
  };
  if (j.verify)
    self->request(w, caf::infinite, verify_atom_v, std::move(j.hash), std::move(j.password))
      .then(
        [rp, finished](bool ok) mutable {
          rp.deliver(ok);
          finished();
        },
        failed);
  else
    self->request(w, caf::infinite, hash_atom_v, std::move(j.password))
      .then(
        [rp, finished](std::string& hash) mutable {
          rp.deliver(std::move(hash));
          finished();
        },
        failed);
}

/// Gives worker `w` the oldest job its caller still waits for.
void next(pool_ptr self, hasher_actor w) {
  auto& st = self->state;
  while (!st.queue.empty()) {
    auto j = std::move(st.queue.front());
    st.queue.pop_front();
    // Its caller gives up before the answer could come: refuse, don't hash.
    if (steady::now() - j.queued > st.max_wait) {
      j.rp.deliver(flood(expected_wait(st)));
      continue;
    }
    return run(self, w, std::move(j));
  }
  st.idle.push_back(w);
}

/// Runs `j` at once, queues it, or refuses it (FLOOD_WAIT) when it would
/// wait longer than its caller does.
void submit(pool_ptr self, job j) {
  auto& st = self->state;
  if (!st.idle.empty()) {
    auto w = st.idle.back();
    st.idle.pop_back();
    run(self, w, std::move(j));
    return;
  }
  auto wait = expected_wait(st);
  if (wait > st.max_wait || st.queue.size() >= max_queue_per_worker * st.workers.size()) {
    j.rp.deliver(flood(wait));
    return;
  }
  j.queued = steady::now();
  st.queue.push_back(std::move(j));
}

} // namespace

hasher_actor spawn_hasher_pool(caf::actor_system& sys, const actor_settings& s) {
  auto ops = s.auth.password_opslimit;
  auto mem = s.auth.password_memlimit();
  auto count = std::max<std::size_t>(s.auth.hash_workers, 1);
  // Callers (a session, the HTTP bridge) answer TIMEOUT after call_timeout;
  // half of it for hashing leaves the rest of the call its time.
  auto max_wait = s.actors.call_timeout() / 2;
  return sys.spawn([=](pool_ptr self) -> hasher_actor::behavior_type {
    auto& st = self->state;
    st.max_wait = max_wait;
    for (std::size_t i = 0; i < count; ++i)
      st.workers.push_back(self->system().spawn<caf::detached>(worker, ops, mem));
    st.idle = st.workers;
    self->attach_functor([workers = st.workers] {
      for (auto& w : workers)
        caf::anon_send_exit(w, caf::exit_reason::user_shutdown);
    });
    return {
      [=](hash_atom, std::string& password) -> caf::result<std::string> {
        auto rp = self->make_response_promise();
        submit(self, job{false, {}, std::move(password), rp, {}});
        return rp;
      },
      [=](verify_atom, std::string& hash, std::string& password) -> caf::result<bool> {
        auto rp = self->make_response_promise();
        submit(self, job{true, std::move(hash), std::move(password), rp, {}});
        return rp;
      },
    };
  });
}

} // namespace ag
