#include "actors/cluster/routes.hpp"

#include "core/error.hpp"

namespace ag {

placement routes::node_in(std::shared_ptr<const route_table> t, cluster::node_number n) {
  placement p;
  p.table = std::move(t);
  p.owner = n;
  if (!p.table || n == 0) {
    p.where = placement::kind::unavailable;
    return p;
  }
  if (n == p.table->self)
    return p; // local
  auto i = p.table->up.find(n);
  // A proxy dies with its connection before the membership actor has
  // published the loss: the node is gone already.
  if (i == p.table->up.end() || !usable(i->second.directory)) {
    p.where = placement::kind::unavailable;
    return p;
  }
  p.where = placement::kind::remote;
  p.at = &i->second;
  return p;
}

placement routes::place(std::uint64_t id) const {
  auto t = snapshot();
  placement p;
  p.where = placement::kind::unavailable;
  if (!t || t->map.version() == 0) {
    p.table = std::move(t);
    return p;
  }
  auto shard = cluster::shard_of(id);
  p.owner = t->map.owner(shard);
  if (!t->moving.empty() && t->moving.count(shard) > 0) {
    p.moving = true;
    p.table = std::move(t);
    return p;
  }
  return node_in(std::move(t), p.owner);
}

caf::error moving_error() {
  return make_error(errc::unavailable, "this data is moving to another node: retry shortly",
                    moving_retry_after_s);
}

caf::error node_down_error(cluster::node_number n) {
  return make_error(errc::unavailable, "node " + std::to_string(n) + " is not up",
                    unavailable_retry_after_s);
}

caf::error unavailable_error(const placement& p) {
  if (p.moving)
    return moving_error();
  if (p.owner == 0)
    return make_error(errc::unavailable, "the cluster has not formed yet: retry later",
                      unavailable_retry_after_s);
  return make_error(errc::unavailable,
                    "node " + std::to_string(p.owner) + ", which holds this data, is down",
                    unavailable_retry_after_s);
}

} // namespace ag
