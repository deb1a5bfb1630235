#pragma once
/// Reads of one user's box: history pages and text search.
#include <cstdint>
#include <string>
#include <vector>

#include <caf/meta/type_name.hpp>

#include "core/model/message.hpp"

namespace ag {

/// Selects a page of one dialog's history, newest first (Telegram's rules:
/// messages older than `offset_id`, or the newest when 0; `add_offset` skips
/// that many further back, or when negative starts that many newer).
struct history_query {
  peer to;
  std::uint64_t offset_id = 0;
  std::int64_t add_offset = 0;
  std::int32_t limit = 20;
  std::uint64_t max_id = 0; ///< only ids below it (0: no bound)
  std::uint64_t min_id = 0; ///< only ids above it
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, history_query& x) {
  return f(caf::meta::type_name("history_query"), x.to, x.offset_id, x.add_offset, x.limit,
           x.max_id, x.min_id);
}

/// A text search of one dialog (`to` set) or of the whole box, newest first,
/// among messages older than `offset_id` (0: the newest).
struct search_query {
  peer to;          ///< id 0: every dialog
  std::string text; ///< matched case-insensitively (ASCII letters) as a substring
  std::uint64_t offset_id = 0;
  std::int32_t limit = 20;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, search_query& x) {
  return f(caf::meta::type_name("search_query"), x.to, x.text, x.offset_id, x.limit);
}

/// A page of search results and where the next page starts (0: done).
struct search_page {
  std::vector<message> messages;
  std::uint64_t next_offset_id = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, search_page& x) {
  return f(caf::meta::type_name("search_page"), x.messages, x.next_offset_id);
}

} // namespace ag
