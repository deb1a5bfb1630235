#pragma once
/// Where users and chats live in a cluster: a fixed number of virtual
/// shards over ids, each owned by exactly one node, in a versioned map that
/// every node agrees on (docs/cluster.md). Plain rules, no I/O: the
/// membership actor spreads the map, the directory asks it.
#include <array>
#include <caf/meta/type_name.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ag::cluster {

/// Set once for the life of a cluster (ids hash to shards by it): ten times
/// the largest cluster foreseen, as Akka's sharding advises.
constexpr std::uint32_t shard_count = 1024;

/// A node as the operator numbers it (`node_id`, unique in the cluster; 0 is
/// no node).
using node_number = std::uint32_t;

/// The shard of a user or chat id: a stable mix of the id (Snowflakes and
/// sequences alike spread evenly), modulo shard_count.
std::uint32_t shard_of(std::uint64_t id);

/// The id a text key is placed by (a username's or an email's index entry:
/// "u:name", "e:address"): FNV-1a, the same on every node.
std::uint64_t key_id(std::string_view text);

/// One shard changing owner.
struct shard_move {
  std::uint32_t shard = 0;
  node_number from = 0;
  node_number to = 0;
  friend bool operator==(const shard_move&, const shard_move&) = default;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, shard_move& x) {
  return f(caf::meta::type_name("shard_move"), x.shard, x.from, x.to);
}

class shard_map {
public:
  /// Version 0: no shard has an owner (a node that has not joined yet).
  shard_map() { owners_.fill(0); }

  /// A new cluster's first map (version 1): shards dealt in turn over
  /// `nodes` in ascending order, so every node computes the same map.
  static shard_map initial(std::vector<node_number> nodes);

  std::uint64_t version() const { return version_; }
  node_number owner(std::uint32_t shard) const { return owners_[shard % shard_count]; }
  node_number owner_of(std::uint64_t id) const { return owner(shard_of(id)); }
  /// Shards `n` owns.
  std::size_t count(node_number n) const;
  /// Nodes owning at least one shard, ascending.
  std::vector<node_number> nodes() const;

  /// The fewest moves that give `joining` a fair share (shard_count / nodes,
  /// rounded down), each taken from the node owning most at that moment
  /// (the lower number on a tie). Empty if it owns its share already.
  std::vector<shard_move> plan_add(node_number joining) const;
  /// Moves that empty `leaving`, each shard to the node owning fewest at
  /// that moment (the lower number on a tie). Empty if no other node owns
  /// shards (the last node cannot be drained).
  std::vector<shard_move> plan_drain(node_number leaving) const;

  /// Applies one move and counts a new version; false (nothing changed) if
  /// `from` does not own the shard or `to` is no node.
  bool apply(const shard_move& m);

  /// Bytes to spread the map to other nodes: version, then run-length owners.
  std::string encode() const;
  /// nullopt for anything encode() did not make.
  static std::optional<shard_map> decode(std::string_view bytes);

  friend bool operator==(const shard_map&, const shard_map&) = default;

private:
  std::uint64_t version_ = 0;
  std::array<node_number, shard_count> owners_{};
};

} // namespace ag::cluster
