#include "actors/user/unflushed.hpp"

#include <algorithm>

namespace ag {

namespace {

bool skipped(const std::vector<std::uint64_t>& skip, std::uint64_t id) {
  return std::find(skip.begin(), skip.end(), id) != skip.end();
}

/// The newer of a stored and an unflushed candidate.
std::optional<message> newer(std::optional<message> a, const message* b) {
  if (b == nullptr)
    return a;
  if (!a || b->id > a->id)
    return *b;
  return a;
}

} // namespace

void unflushed_messages::wrote(const message& m, std::uint64_t pts) {
  by_box_[m.id] = entry{m, pts};
  by_dmid_[m.dialog_message_id] = m.id;
  order_.emplace_back(pts, m.id);
}

void unflushed_messages::committed(std::uint64_t pts) {
  while (!order_.empty() && order_.front().first <= pts) {
    auto [at, id] = order_.front();
    order_.pop_front();
    auto i = by_box_.find(id);
    // A later write of the same message may still be in flight.
    if (i != by_box_.end() && i->second.pts == at) {
      by_dmid_.erase(i->second.msg.dialog_message_id);
      by_box_.erase(i);
    }
  }
}

caf::expected<std::optional<message>> unflushed_messages::get(box_repo& box, std::uint64_t uid,
                                                              std::uint64_t id) const {
  if (auto i = by_box_.find(id); i != by_box_.end())
    return std::optional<message>{i->second.msg};
  return box.get(uid, id);
}

caf::expected<std::optional<std::uint64_t>>
unflushed_messages::box_of(box_repo& box, std::uint64_t uid, std::uint64_t dmid) const {
  if (auto i = by_dmid_.find(dmid); i != by_dmid_.end())
    return std::optional<std::uint64_t>{i->second};
  return box.box_of(uid, dmid);
}

std::vector<std::uint64_t>
unflushed_messages::shadowed(const peer& p, const std::vector<std::uint64_t>& skip) const {
  auto out = skip;
  for (auto& [id, e] : by_box_)
    if (e.msg.to == p)
      out.push_back(id);
  return out;
}

caf::expected<std::optional<message>>
unflushed_messages::newest(box_repo& box, std::uint64_t uid, const peer& p,
                           const std::vector<std::uint64_t>& skip) const {
  auto stored = box.newest(uid, p, shadowed(p, skip));
  if (!stored)
    return stored.error();
  const message* best = nullptr;
  for (auto& [id, e] : by_box_)
    if (e.msg.to == p && !e.msg.deleted && !skipped(skip, id) && (!best || id > best->id))
      best = &e.msg;
  return newer(std::move(*stored), best);
}

caf::expected<std::optional<message>> unflushed_messages::newest_incoming(box_repo& box,
                                                                          std::uint64_t uid,
                                                                          const peer& p,
                                                                          std::uint64_t max) const {
  auto stored = box.newest_incoming(uid, p, max, shadowed(p, {}));
  if (!stored)
    return stored.error();
  const message* best = nullptr;
  for (auto& [id, e] : by_box_)
    if (e.msg.to == p && !e.msg.deleted && !e.msg.out && id <= max && (!best || id > best->id))
      best = &e.msg;
  return newer(std::move(*stored), best);
}

caf::expected<std::int32_t>
unflushed_messages::count_incoming_after(box_repo& box, std::uint64_t uid, const peer& p,
                                         std::uint64_t after,
                                         const std::vector<std::uint64_t>& skip) const {
  auto n = box.count_incoming_after(uid, p, after, shadowed(p, skip));
  if (!n)
    return n.error();
  for (auto& [id, e] : by_box_)
    if (e.msg.to == p && !e.msg.deleted && !e.msg.out && id > after && !skipped(skip, id))
      ++*n;
  return n;
}

} // namespace ag
