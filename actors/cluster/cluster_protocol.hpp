#pragma once
/// What the membership actors of a cluster's nodes say to each other, and
/// what they tell an operator.
#include <caf/meta/type_name.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "core/cluster/membership.hpp"

namespace ag {

/// A node's heartbeat (and its introduction): itself, its view of the
/// members and which shard map it holds.
struct cluster_view {
  cluster::member from;                 ///< the sender, with its incarnation
  std::vector<cluster::member> members; ///< the sender's view, itself included
  std::uint64_t map_version = 0;        ///< 0: it has no map yet
  std::uint64_t map_digest = 0;         ///< of its encoded map: maps that disagree are found
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, cluster_view& x) {
  return f(caf::meta::type_name("cluster_view"), x.from, x.members, x.map_version, x.map_digest);
}

/// One member as `actorgram cluster status` shows it.
struct member_status {
  cluster::member member;
  std::uint32_t shards = 0; ///< shards it owns in this node's map
  bool linked = false;      ///< this node has a connection to it
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, member_status& x) {
  return f(caf::meta::type_name("member_status"), x.member, x.shards, x.linked);
}

/// A node's view for operators.
struct cluster_status {
  cluster::node_number self = 0;
  std::vector<member_status> members; ///< this node first, then the others by id
  std::uint64_t map_version = 0;      ///< 0: the founding seeds have not all met yet
  std::vector<std::string> problems;  ///< what stops the cluster from working as configured
  std::vector<std::uint32_t> owners;  ///< the owner of each shard in this node's map
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, cluster_status& x) {
  return f(caf::meta::type_name("cluster_status"), x.self, x.members, x.map_version, x.problems,
           x.owners);
}

/// One stored record of a shard being handed off (kv_store's family, key
/// and value).
struct stored_record {
  std::uint8_t family = 0;
  std::string key;
  std::string value;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, stored_record& x) {
  return f(caf::meta::type_name("stored_record"), x.family, x.key, x.value);
}

/// What a hand-off moved (`actorgram cluster add|drain` prints it).
struct handoff_report {
  std::uint32_t shards = 0;
  std::uint64_t records = 0;  ///< copied to the new owners
  std::uint64_t bytes = 0;    ///< of keys and values
  std::uint64_t users = 0;    ///< accounts among the records
  std::int64_t frozen_ms = 0; ///< longest time a shard was frozen
  std::int64_t total_ms = 0;
  std::uint64_t map_version = 0; ///< the map in force after it
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, handoff_report& x) {
  return f(caf::meta::type_name("handoff_report"), x.shards, x.records, x.bytes, x.users,
           x.frozen_ms, x.total_ms, x.map_version);
}

} // namespace ag
