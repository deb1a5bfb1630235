#pragma once
/// Hands a write batch to the commit queue and runs `then` inside the actor,
/// after the commit, with the commit's outcome. The actor keeps running
/// meanwhile; continuations run in submission order.
#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>
#include <functional>
#include <unordered_map>

#include "actors/node/node_context.hpp"
#include "actors/protocol/atoms.hpp"
#include "actors/protocol/type_ids.hpp"

namespace ag {

class commit_tracker {
public:
  using continuation = std::function<void(const caf::error&)>;

  /// Submits `batch`; `then` runs in `self` when the commit answers.
  void submit(caf::local_actor* self, commit_queue& writer, write_batch batch, continuation then) {
    auto token = ++next_;
    pending_.emplace(token, std::move(then));
    auto hdl = caf::actor_cast<caf::actor>(self);
    writer.submit(std::move(batch), [hdl, token](const caf::error& err) {
      caf::anon_send(hdl, commit_atom_v, token, err);
    });
  }

  /// Call from the actor's `commit_atom` handler.
  void done(std::uint64_t token, const caf::error& err) {
    auto i = pending_.find(token);
    if (i == pending_.end())
      return;
    auto fn = std::move(i->second);
    pending_.erase(i);
    fn(err);
  }

  bool idle() const { return pending_.empty(); }

private:
  std::uint64_t next_ = 0;
  std::unordered_map<std::uint64_t, continuation> pending_;
};

} // namespace ag
