#include "core/rules/text_entities.hpp"

#include <algorithm>

#include "core/codec/ascii.hpp"

namespace ag::text_entities {

namespace {

bool word(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/// Entities start at the text's start or after a character that cannot be
/// part of a word, a path or an address.
bool boundary(std::string_view t, std::size_t i) {
  if (i == 0)
    return true;
  auto c = static_cast<unsigned char>(t[i - 1]);
  return !word(c) && c != '/' && c != '@' && c != '#' && c != '.' && c < 0x80;
}

/// The end of a run of word characters from `i`.
std::size_t word_end(std::string_view t, std::size_t i) {
  while (i < t.size() && word(static_cast<unsigned char>(t[i])))
    ++i;
  return i;
}

bool ends_word(std::string_view t, std::size_t i) {
  return i >= t.size() || !word(static_cast<unsigned char>(t[i]));
}

/// UTF-16 offset of every byte offset (the table has size + 1 entries).
std::vector<std::int32_t> utf16_offsets(std::string_view t) {
  std::vector<std::int32_t> at(t.size() + 1, 0);
  std::int32_t u = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    at[i] = u;
    auto c = static_cast<unsigned char>(t[i]);
    if ((c & 0xC0) != 0x80) // a lead byte: one unit, two for 4-byte sequences
      u += c >= 0xF0 ? 2 : 1;
  }
  at[t.size()] = u;
  return at;
}

bool url_char(unsigned char c) {
  return c > ' ' && c != '<' && c != '>' && c != '"';
}

bool domain_char(unsigned char c) {
  return word(c) || c == '-' || c == '.';
}

bool local_char(unsigned char c) {
  return word(c) || c == '.' || c == '+' || c == '-' || c == '%';
}

/// An e-mail address starting at `i` (a boundary): its end, or 0.
std::size_t email_end(std::string_view t, std::size_t i) {
  auto j = i;
  while (j < t.size() && local_char(static_cast<unsigned char>(t[j])))
    ++j;
  if (j == i || j >= t.size() || t[j] != '@')
    return 0;
  auto k = j + 1;
  while (k < t.size() && domain_char(static_cast<unsigned char>(t[k])))
    ++k;
  while (k > j + 1 && (t[k - 1] == '.' || t[k - 1] == '-'))
    --k;
  auto domain = t.substr(j + 1, k - j - 1);
  auto dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || domain.size() - dot - 1 < 2)
    return 0;
  return k;
}

} // namespace

std::int32_t utf16_length(std::string_view text) {
  return utf16_offsets(text).back();
}

errc check(std::string_view text, const std::vector<message_entity>& entities) {
  if (entities.empty())
    return errc::none;
  if (entities.size() > 100)
    return errc::entity_bounds_invalid;
  auto size = utf16_length(text);
  for (auto& e : entities) {
    if (e.offset < 0 || e.length <= 0 || e.offset > size || e.length > size - e.offset)
      return errc::entity_bounds_invalid;
    if (e.url.size() > 2048 || e.language.size() > 64)
      return errc::entity_bounds_invalid;
  }
  return errc::none;
}

std::vector<message_entity> detect(std::string_view t) {
  std::vector<message_entity> out;
  if (t.empty())
    return out;
  auto at = utf16_offsets(t);
  auto add = [&](entity_kind k, std::size_t from, std::size_t to) {
    message_entity e;
    e.kind = k;
    e.offset = at[from];
    e.length = at[to] - at[from];
    out.push_back(std::move(e));
  };
  std::size_t i = 0;
  while (i < t.size()) {
    if (!boundary(t, i)) {
      ++i;
      continue;
    }
    auto c = t[i];
    if (c == '/') {
      auto end = word_end(t, i + 1);
      if (end > i + 1 && end - i - 1 <= 64) {
        if (end < t.size() && t[end] == '@') {
          auto bot = word_end(t, end + 1);
          if (bot - end - 1 >= 3 && bot - end - 1 <= 32)
            end = bot;
        }
        if (ends_word(t, end) && (end >= t.size() || t[end] != '/')) {
          add(entity_kind::bot_command, i, end);
          i = end;
          continue;
        }
      }
    } else if (c == '@') {
      auto end = word_end(t, i + 1);
      if (end - i - 1 >= 3 && end - i - 1 <= 32 && ends_word(t, end)) {
        add(entity_kind::mention, i, end);
        i = end;
        continue;
      }
    } else if (c == '#') {
      auto end = i + 1;
      while (
        end < t.size()
        && (word(static_cast<unsigned char>(t[end])) || static_cast<unsigned char>(t[end]) >= 0x80))
        ++end;
      if (end > i + 1 && end - i - 1 <= 256) {
        add(entity_kind::hashtag, i, end);
        i = end;
        continue;
      }
    } else if (ascii::istarts_with(t.substr(i), "http://")
               || ascii::istarts_with(t.substr(i), "https://")) {
      auto start = t[i + 4] == ':' ? i + 7 : i + 8;
      auto end = start;
      while (end < t.size() && url_char(static_cast<unsigned char>(t[end])))
        ++end;
      while (end > start && std::string_view(".,;:!?)'").find(t[end - 1]) != std::string_view::npos)
        --end;
      if (end > start) {
        add(entity_kind::url, i, end);
        i = end;
        continue;
      }
    } else if (local_char(static_cast<unsigned char>(c))) {
      if (auto end = email_end(t, i)) {
        add(entity_kind::email, i, end);
        i = end;
        continue;
      }
      // No address starts anywhere in this run: skip it whole (a run of
      // "a-a-a-…" would otherwise be rescanned from each boundary).
      while (i < t.size() && local_char(static_cast<unsigned char>(t[i])))
        ++i;
      continue;
    }
    ++i;
  }
  return out;
}

std::vector<message_entity> merged(std::string_view text,
                                   const std::vector<message_entity>& given) {
  auto out = given;
  for (auto& d : detect(text)) {
    bool inside = std::any_of(given.begin(), given.end(), [&](const message_entity& g) {
      bool opaque = g.kind == entity_kind::code || g.kind == entity_kind::pre
                    || g.kind == entity_kind::text_link || g.kind == entity_kind::url
                    || g.kind == entity_kind::text_mention || g.kind == d.kind;
      return opaque && d.offset < g.offset + g.length && g.offset < d.offset + d.length;
    });
    if (!inside)
      out.push_back(d);
  }
  std::stable_sort(out.begin(), out.end(), [](const message_entity& a, const message_entity& b) {
    return a.offset < b.offset;
  });
  return out;
}

} // namespace ag::text_entities
