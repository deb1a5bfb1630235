#include "core/cluster/membership.hpp"

namespace ag::cluster {

const char* to_string(member_state s) {
  switch (s) {
  case member_state::alive:
    return "alive";
  case member_state::suspect:
    return "suspect";
  case member_state::down:
    return "down";
  }
  return "unknown";
}

membership::membership(member self, timing t) : self_(std::move(self)), timing_(t) {
  self_.state = member_state::alive;
}

bool membership::heard(const member& m, std::int64_t now_ms) {
  if (m.id == self_.id || m.id == 0)
    return false;
  auto [i, fresh] = others_.try_emplace(m.id, m);
  auto& known = i->second;
  if (!fresh && m.incarnation < known.incarnation)
    return false; // from before its restart
  if (!fresh && m.incarnation == known.incarnation && known.state == member_state::down)
    return false; // down stays down for this incarnation: it refutes with a newer one
  bool restarted = !fresh && m.incarnation > known.incarnation;
  known.host = m.host;
  known.port = m.port;
  known.incarnation = m.incarnation;
  known.state = member_state::alive;
  known.last_heard_ms = now_ms;
  return restarted;
}

std::vector<member> membership::tick(std::int64_t now_ms) {
  std::vector<member> changed;
  for (auto& [id, m] : others_) {
    auto silent = now_ms - m.last_heard_ms;
    auto next = m.state;
    if (silent > timing_.down_after_ms)
      next = member_state::down;
    else if (silent > timing_.suspect_after_ms && m.state == member_state::alive)
      next = member_state::suspect;
    if (next != m.state) {
      m.state = next;
      changed.push_back(m);
    }
  }
  return changed;
}

std::vector<member> membership::merge(const std::vector<member>& view, std::int64_t now_ms) {
  std::vector<member> changed;
  for (auto& m : view) {
    if (m.id == 0)
      continue;
    if (m.id == self_.id) {
      if (m.state != member_state::alive && m.incarnation >= self_.incarnation) {
        self_.incarnation = m.incarnation + 1; // refuted by the next heartbeat
        changed.push_back(self_);
      }
      continue;
    }
    auto i = others_.find(m.id);
    if (i == others_.end()) {
      auto taken = m;
      taken.last_heard_ms = now_ms; // its own silence counts from now
      others_.emplace(m.id, taken);
      changed.push_back(taken);
      continue;
    }
    auto& known = i->second;
    bool newer = m.incarnation > known.incarnation;
    bool worse = m.incarnation == known.incarnation && m.state > known.state;
    if (!newer && !worse)
      continue;
    if (newer) {
      known.host = m.host;
      known.port = m.port;
      known.incarnation = m.incarnation;
      if (m.state == member_state::alive)
        known.last_heard_ms = now_ms;
    }
    known.state = m.state;
    changed.push_back(known);
  }
  return changed;
}

std::vector<member> membership::others() const {
  std::vector<member> out;
  out.reserve(others_.size());
  for (auto& [id, m] : others_)
    out.push_back(m);
  return out;
}

std::vector<member> membership::view() const {
  auto out = others();
  out.insert(out.begin(), self_);
  return out;
}

bool membership::up(node_number id) const {
  if (id == self_.id)
    return true;
  auto* m = find(id);
  return m != nullptr && m->state != member_state::down;
}

const member* membership::find(node_number id) const {
  auto i = others_.find(id);
  return i == others_.end() ? nullptr : &i->second;
}

} // namespace ag::cluster
