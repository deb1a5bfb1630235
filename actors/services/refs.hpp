#pragma once
/// Loads the users and chats a result names (every result that shows
/// messages carries them, so a client can render it without more calls).
#include <set>
#include <vector>

#include "actors/services/results.hpp"

namespace ag {

struct ref_ids {
  std::set<std::uint64_t> users;
  std::set<std::uint64_t> chats;
  /// Adds the users and chats `m` names: author, peer, forward source,
  /// members of a service action.
  void add(const message& m);
};

/// The views `env.who` has of `chats` (strangers' chats left out).
void load_chat_views(const call_env& env, std::vector<chat_id> chats,
                     reply<std::vector<chat_view>> done);

/// Loads every user and chat of `ids` for `env.who`.
void load_refs(const call_env& env, const ref_ids& ids, reply<named_refs> done);

} // namespace ag
