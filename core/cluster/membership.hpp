#pragma once
/// Who is in the cluster and whether they answer: each node's view of the
/// members, kept by heartbeats and merged from the views other nodes send
/// (SWIM's rules, without its random probing: a few nodes on one network
/// heartbeat all others). Plain rules over a clock the caller passes in, so
/// tests run them on a fake one; the membership actor does the I/O.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <caf/meta/type_name.hpp>

#include "core/cluster/shard_map.hpp"

namespace ag::cluster {

/// alive → suspect (silent past suspect_after) → down (silent past
/// down_after). A suspect heard from directly is alive again; a down member
/// only with a higher incarnation (a restart, or the node refuting what it
/// heard of itself in a view).
enum class member_state : std::uint8_t { alive = 1, suspect = 2, down = 3 };

struct member {
  node_number id = 0;
  std::string host; ///< its cluster address
  std::uint16_t port = 0;
  /// Its start time in ms, raised past any suspicion it hears of itself:
  /// a restarted node is newer than everything said of its last run.
  std::uint64_t incarnation = 0;
  member_state state = member_state::alive;
  std::int64_t last_heard_ms = 0; ///< local only: not taken from others' views
  friend bool operator==(const member&, const member&) = default;
};

/// Crosses nodes in heartbeats (last_heard_ms too: the receiver ignores it).
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, member& x) {
  return f(caf::meta::type_name("member"), x.id, x.host, x.port, x.incarnation, x.state,
           x.last_heard_ms);
}

/// "alive", "suspect", "down".
const char* to_string(member_state s);

/// Defaults: heartbeats every second, suspect after 2 s, down after 4 s of
/// silence (failure detected within 5 s).
struct timing {
  std::int64_t heartbeat_ms = 1000;
  std::int64_t suspect_after_ms = 2000;
  std::int64_t down_after_ms = 4000;
};

class membership {
public:
  membership(member self, timing t = {});

  const member& self() const { return self_; }
  const timing& times() const { return timing_; }

  /// A heartbeat (or any message) straight from `m`: alive as of now. An
  /// incarnation older than known is a stale message and changes nothing,
  /// as does the same one of a member down; a newer one is a restart or a
  /// refutation (true: the caller looks up its actors again).
  bool heard(const member& m, std::int64_t now_ms);

  /// Silences turn into suspicion and then into down; returns the members
  /// whose state changed.
  std::vector<member> tick(std::int64_t now_ms);

  /// Merges another node's view: per member, the higher incarnation wins;
  /// at the same incarnation the worse state wins. Said of this node, a
  /// suspicion or a down raises its own incarnation above it (the refutation
  /// the next heartbeat carries). New members are taken in as heard now.
  /// Returns the members whose state or incarnation changed.
  std::vector<member> merge(const std::vector<member>& view, std::int64_t now_ms);

  /// Every member but this node, by id.
  std::vector<member> others() const;
  /// This node and the others: what a heartbeat carries.
  std::vector<member> view() const;
  /// This node, or a member not down (a suspect still gets calls: they may
  /// time out; a down member's are refused at once with UNAVAILABLE).
  bool up(node_number id) const;
  const member* find(node_number id) const;

private:
  member self_;
  timing timing_;
  std::map<node_number, member> others_;
};

} // namespace ag::cluster
