#pragma once
/// The other side of a dialog (a user or a chat), seen from one user.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <caf/meta/type_name.hpp>

namespace ag {

enum class peer_type : std::uint8_t { user = 1, chat = 2 };

/// The other side of a dialog, seen from one user.
struct peer {
  peer_type type = peer_type::user;
  std::uint64_t id = 0;
  friend bool operator==(const peer&, const peer&) = default;
  friend auto operator<=>(const peer&, const peer&) = default;
};

struct peer_hash {
  std::size_t operator()(const peer& p) const noexcept {
    return std::hash<std::uint64_t>{}(p.id * 2 + (p.type == peer_type::chat ? 1 : 0));
  }
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, peer& x) {
  return f(caf::meta::type_name("peer"), x.type, x.id);
}

} // namespace ag
