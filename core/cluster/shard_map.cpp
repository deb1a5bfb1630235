#include "core/cluster/shard_map.hpp"

#include <algorithm>
#include <map>

#include "core/codec/bytes.hpp"

namespace ag::cluster {

namespace {

constexpr std::uint8_t map_format = 1;

/// Per node, the shards it owns (ascending), for the nodes in `owners`.
std::map<node_number, std::vector<std::uint32_t>>
by_owner(const std::array<node_number, shard_count>& owners) {
  std::map<node_number, std::vector<std::uint32_t>> out;
  for (std::uint32_t s = 0; s < shard_count; ++s)
    if (owners[s] != 0)
      out[owners[s]].push_back(s);
  return out;
}

} // namespace

std::uint64_t key_id(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : text)
    h = (h ^ c) * 0x100000001b3ull;
  return h;
}

std::uint32_t shard_of(std::uint64_t id) {
  // splitmix64's finaliser: consecutive ids land on unrelated shards.
  id += 0x9e3779b97f4a7c15ull;
  id = (id ^ (id >> 30)) * 0xbf58476d1ce4e5b9ull;
  id = (id ^ (id >> 27)) * 0x94d049bb133111ebull;
  id ^= id >> 31;
  return static_cast<std::uint32_t>(id % shard_count);
}

shard_map shard_map::initial(std::vector<node_number> nodes) {
  std::sort(nodes.begin(), nodes.end());
  nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
  nodes.erase(std::remove(nodes.begin(), nodes.end(), node_number{0}), nodes.end());
  shard_map m;
  if (nodes.empty())
    return m;
  for (std::uint32_t s = 0; s < shard_count; ++s)
    m.owners_[s] = nodes[s % nodes.size()];
  m.version_ = 1;
  return m;
}

std::size_t shard_map::count(node_number n) const {
  return static_cast<std::size_t>(std::count(owners_.begin(), owners_.end(), n));
}

std::vector<node_number> shard_map::nodes() const {
  std::vector<node_number> out;
  for (auto& [n, shards] : by_owner(owners_))
    out.push_back(n);
  return out;
}

std::vector<shard_move> shard_map::plan_add(node_number joining) const {
  std::vector<shard_move> moves;
  if (joining == 0)
    return moves;
  auto owned = by_owner(owners_);
  owned[joining]; // counts as a node, owning nothing yet
  auto share = shard_count / owned.size();
  while (owned[joining].size() < share) {
    // The node owning most gives up its highest shard.
    auto donor = owned.end();
    for (auto i = owned.begin(); i != owned.end(); ++i)
      if (i->first != joining && (donor == owned.end() || i->second.size() > donor->second.size()))
        donor = i;
    if (donor == owned.end() || donor->second.size() <= share)
      break;
    auto shard = donor->second.back();
    donor->second.pop_back();
    owned[joining].push_back(shard);
    moves.push_back({shard, donor->first, joining});
  }
  return moves;
}

std::vector<shard_move> shard_map::plan_drain(node_number leaving) const {
  std::vector<shard_move> moves;
  auto owned = by_owner(owners_);
  auto gone = owned.find(leaving);
  if (gone == owned.end() || owned.size() < 2)
    return moves;
  auto shards = gone->second;
  owned.erase(gone);
  for (auto shard : shards) {
    auto taker = owned.begin();
    for (auto i = owned.begin(); i != owned.end(); ++i)
      if (i->second.size() < taker->second.size())
        taker = i;
    taker->second.push_back(shard);
    moves.push_back({shard, leaving, taker->first});
  }
  return moves;
}

bool shard_map::apply(const shard_move& m) {
  if (m.shard >= shard_count || m.to == 0 || owners_[m.shard] != m.from || m.from == m.to)
    return false;
  owners_[m.shard] = m.to;
  ++version_;
  return true;
}

std::string shard_map::encode() const {
  byte_writer w{64};
  w.u8(map_format).u64(version_);
  // Runs of one owner: (count, owner) pairs, a few dozen for a dealt map.
  std::uint32_t s = 0;
  while (s < shard_count) {
    auto start = s;
    while (s < shard_count && owners_[s] == owners_[start])
      ++s;
    w.u32(s - start).u32(owners_[start]);
  }
  return w.take();
}

std::optional<shard_map> shard_map::decode(std::string_view bytes) {
  byte_reader r{bytes};
  if (r.u8() != map_format)
    return std::nullopt;
  shard_map m;
  m.version_ = r.u64();
  std::uint32_t s = 0;
  while (s < shard_count) {
    auto run = r.u32();
    auto owner = r.u32();
    if (r.failed() || run == 0 || run > shard_count - s)
      return std::nullopt;
    for (std::uint32_t i = 0; i < run; ++i)
      m.owners_[s++] = owner;
  }
  if (r.failed() || !r.at_end())
    return std::nullopt;
  return m;
}

} // namespace ag::cluster
