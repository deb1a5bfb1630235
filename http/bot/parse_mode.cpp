#include "http/bot/parse_mode.hpp"

#include <charconv>
#include <optional>

#include "core/codec/ascii.hpp"
#include "core/rules/text_entities.hpp"

namespace ag {

namespace {

/// Output text with its UTF-16 length kept up to date, and the spans open.
struct builder {
  formatted_text out;
  std::int32_t units = 0;
  struct open_span {
    entity_kind kind;
    std::int32_t start;
    std::string tag; ///< HTML: the tag name; Markdown: the marker
    std::string url, language;
    std::uint64_t user = 0;
  };
  std::vector<open_span> open;

  void put(std::string_view s) {
    out.text.append(s);
    units += text_entities::utf16_length(s);
  }
  void put_code_point(std::uint32_t cp) {
    std::string s;
    if (cp < 0x80) {
      s += static_cast<char>(cp);
    } else if (cp < 0x800) {
      s += static_cast<char>(0xC0 | (cp >> 6));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      s += static_cast<char>(0xE0 | (cp >> 12));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      s += static_cast<char>(0xF0 | (cp >> 18));
      s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    }
    put(s);
  }
  void close(const open_span& s) {
    if (s.start < 0 || units <= s.start)
      return; // an empty span marks nothing; start -1: a <pre>'s inner <code>
    message_entity e;
    e.kind = s.kind;
    e.offset = s.start;
    e.length = units - s.start;
    e.url = s.url;
    e.language = s.language;
    e.user_id = s.user;
    if (e.kind == entity_kind::text_link && s.user != 0)
      e.kind = entity_kind::text_mention, e.url.clear();
    out.entities.push_back(std::move(e));
  }
  formatted_text fail(std::string why, std::size_t at) {
    formatted_text f;
    f.error = "can't parse entities: " + why + " at byte offset " + std::to_string(at);
    return f;
  }
  formatted_text done() {
    std::stable_sort(
      out.entities.begin(), out.entities.end(),
      [](const message_entity& a, const message_entity& b) { return a.offset < b.offset; });
    return std::move(out);
  }
};

/// tg://user?id=N: the user a link names, else 0.
std::uint64_t user_link(std::string_view url) {
  constexpr std::string_view prefix = "tg://user?id=";
  if (!url.starts_with(prefix))
    return 0;
  std::uint64_t id = 0;
  auto s = url.substr(prefix.size());
  auto r = std::from_chars(s.data(), s.data() + s.size(), id);
  return r.ec == std::errc{} && r.ptr == s.data() + s.size() ? id : 0;
}

// --- HTML -----------------------------------------------------------------

std::optional<entity_kind> html_kind(std::string_view tag) {
  if (tag == "b" || tag == "strong")
    return entity_kind::bold;
  if (tag == "i" || tag == "em")
    return entity_kind::italic;
  if (tag == "u" || tag == "ins")
    return entity_kind::underline;
  if (tag == "s" || tag == "strike" || tag == "del")
    return entity_kind::strikethrough;
  if (tag == "tg-spoiler" || tag == "span")
    return entity_kind::spoiler;
  if (tag == "code")
    return entity_kind::code;
  if (tag == "pre")
    return entity_kind::pre;
  if (tag == "a")
    return entity_kind::text_link;
  if (tag == "blockquote")
    return entity_kind::blockquote;
  return std::nullopt;
}

/// The value of attribute `name` in a start tag's attribute text.
std::optional<std::string> attribute(std::string_view attrs, std::string_view name) {
  std::size_t i = 0;
  while (i < attrs.size()) {
    while (i < attrs.size() && attrs[i] == ' ')
      ++i;
    auto eq = attrs.find('=', i);
    if (eq == std::string_view::npos)
      return std::nullopt;
    auto key = ascii::trim(attrs.substr(i, eq - i));
    auto v = eq + 1;
    std::string value;
    if (v < attrs.size() && (attrs[v] == '"' || attrs[v] == '\'')) {
      auto q = attrs[v];
      auto end = attrs.find(q, v + 1);
      if (end == std::string_view::npos)
        return std::nullopt;
      value = std::string(attrs.substr(v + 1, end - v - 1));
      i = end + 1;
    } else {
      auto end = attrs.find(' ', v);
      if (end == std::string_view::npos)
        end = attrs.size();
      value = std::string(attrs.substr(v, end - v));
      i = end;
    }
    if (ascii::iequals(key, name))
      return value;
  }
  return std::nullopt;
}

formatted_text parse_html(std::string_view t) {
  builder b;
  std::size_t i = 0;
  while (i < t.size()) {
    auto c = t[i];
    if (c == '&') {
      auto semi = t.find(';', i);
      if (semi != std::string_view::npos && semi - i <= 10) {
        auto name = t.substr(i + 1, semi - i - 1);
        std::uint32_t cp = 0;
        bool known = true;
        if (name == "lt")
          cp = '<';
        else if (name == "gt")
          cp = '>';
        else if (name == "amp")
          cp = '&';
        else if (name == "quot")
          cp = '"';
        else if (name.size() > 1 && name[0] == '#') {
          bool hex = name[1] == 'x' || name[1] == 'X';
          auto digits = name.substr(hex ? 2 : 1);
          auto r = std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
          known = r.ec == std::errc{} && r.ptr == digits.data() + digits.size() && cp > 0
                  && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
        } else
          known = false;
        if (known) {
          b.put_code_point(cp);
          i = semi + 1;
          continue;
        }
      }
      b.put("&");
      ++i;
      continue;
    }
    if (c != '<') {
      auto next = t.find_first_of("<&", i);
      if (next == std::string_view::npos)
        next = t.size();
      b.put(t.substr(i, next - i));
      i = next;
      continue;
    }
    auto end = t.find('>', i);
    if (end == std::string_view::npos)
      return b.fail("unclosed start tag", i);
    auto inside = t.substr(i + 1, end - i - 1);
    if (!inside.empty() && inside[0] == '/') {
      auto name = ascii::lower(ascii::trim(inside.substr(1)));
      if (b.open.empty() || b.open.back().tag != name)
        return b.fail("unmatched end tag \"" + name + "\"", i);
      b.close(b.open.back());
      b.open.pop_back();
      i = end + 1;
      continue;
    }
    auto space = inside.find(' ');
    auto name = ascii::lower(inside.substr(0, space));
    auto attrs = space == std::string_view::npos ? std::string_view{} : inside.substr(space + 1);
    auto kind = html_kind(name);
    if (!kind)
      return b.fail("unsupported start tag \"" + name + "\"", i);
    builder::open_span s{*kind, b.units, name, {}, {}, 0};
    if (name == "span" && attribute(attrs, "class").value_or("") != "tg-spoiler")
      return b.fail("tag \"span\" must have class \"tg-spoiler\"", i);
    if (*kind == entity_kind::text_link) {
      auto href = attribute(attrs, "href");
      if (!href || href->empty())
        return b.fail("tag \"a\" needs an href", i);
      s.url = *href;
      s.user = user_link(*href);
    }
    if (*kind == entity_kind::code && !b.open.empty() && b.open.back().kind == entity_kind::pre) {
      // <pre><code class="language-x">: the language is the pre's.
      auto cls = attribute(attrs, "class").value_or("");
      if (cls.starts_with("language-"))
        b.open.back().language = cls.substr(9);
      s.kind = entity_kind::pre; // one entity, not two
      s.start = -1;
    }
    b.open.push_back(std::move(s));
    i = end + 1;
  }
  if (!b.open.empty())
    return b.fail("can't find end tag corresponding to start tag \"" + b.open.back().tag + "\"",
                  t.size());
  return b.done();
}

// --- Markdown -------------------------------------------------------------

/// MarkdownV2 when `v2`, else the legacy Markdown (no nesting, fewer marks).
formatted_text parse_markdown(std::string_view t, bool v2) {
  builder b;
  constexpr std::string_view reserved = "_*[]()~`>#+-=|{}.!";
  std::size_t i = 0;
  auto open_of = [&](entity_kind k) -> int {
    for (int j = static_cast<int>(b.open.size()) - 1; j >= 0; --j)
      if (b.open[static_cast<std::size_t>(j)].kind == k)
        return j;
    return -1;
  };
  auto toggle = [&](entity_kind k, std::string_view marker) -> std::optional<formatted_text> {
    auto j = open_of(k);
    if (j >= 0) {
      if (static_cast<std::size_t>(j) != b.open.size() - 1)
        return b.fail("entities must nest properly", i);
      b.close(b.open.back());
      b.open.pop_back();
    } else {
      if (!v2 && !b.open.empty())
        return b.fail("entities can't be nested", i);
      b.open.push_back({k, b.units, std::string(marker), {}, {}, 0});
    }
    return std::nullopt;
  };
  while (i < t.size()) {
    auto c = t[i];
    bool in_code =
      !b.open.empty()
      && (b.open.back().kind == entity_kind::code || b.open.back().kind == entity_kind::pre);
    if (c == '\\' && i + 1 < t.size()
        && (v2 || std::string_view("_*`[").find(t[i + 1]) != std::string_view::npos)) {
      auto n = static_cast<unsigned char>(t[i + 1]);
      if (v2 && (n < 1 || n > 126))
        return b.fail("only ASCII characters can be escaped", i);
      b.put(t.substr(i + 1, 1));
      i += 2;
      continue;
    }
    if (t.substr(i, 3) == "```") {
      auto j = open_of(entity_kind::pre);
      if (j >= 0) {
        b.close(b.open.back());
        b.open.pop_back();
        i += 3;
        continue;
      }
      if (!b.open.empty())
        return b.fail("pre can't be inside another entity", i);
      i += 3;
      builder::open_span s{entity_kind::pre, b.units, "```", {}, {}, 0};
      auto nl = t.find('\n', i);
      auto close = t.find("```", i);
      if (nl != std::string_view::npos && (close == std::string_view::npos || nl < close)) {
        auto lang = t.substr(i, nl - i);
        if (!lang.empty() && lang.find(' ') == std::string_view::npos) {
          s.language = std::string(lang);
          i = nl + 1;
        }
      }
      b.open.push_back(std::move(s));
      continue;
    }
    if (in_code && c != '`') {
      b.put(t.substr(i, 1));
      ++i;
      continue;
    }
    if (c == '`') {
      if (auto f = toggle(entity_kind::code, "`"))
        return *f;
      ++i;
      continue;
    }
    if (c == '*') {
      if (auto f = toggle(entity_kind::bold, "*"))
        return *f;
      ++i;
      continue;
    }
    if (c == '_') {
      if (v2 && t.substr(i, 2) == "__") {
        if (auto f = toggle(entity_kind::underline, "__"))
          return *f;
        i += 2;
        continue;
      }
      if (auto f = toggle(entity_kind::italic, "_"))
        return *f;
      ++i;
      continue;
    }
    if (v2 && c == '~') {
      if (auto f = toggle(entity_kind::strikethrough, "~"))
        return *f;
      ++i;
      continue;
    }
    if (v2 && t.substr(i, 2) == "||") {
      if (auto f = toggle(entity_kind::spoiler, "||"))
        return *f;
      i += 2;
      continue;
    }
    if (c == '[') {
      if (!v2 && !b.open.empty())
        return b.fail("entities can't be nested", i);
      b.open.push_back({entity_kind::text_link, b.units, "[", {}, {}, 0});
      ++i;
      continue;
    }
    if (c == ']' && open_of(entity_kind::text_link) >= 0) {
      if (b.open.back().kind != entity_kind::text_link)
        return b.fail("entities must nest properly", i);
      if (t.substr(i, 2) != "](")
        return b.fail("a link needs its (url) after ]", i);
      auto end = i + 2;
      while (end < t.size() && t[end] != ')')
        end += t[end] == '\\' ? 2 : 1;
      if (end >= t.size())
        return b.fail("can't find end of a URL", i);
      std::string url;
      for (auto k = i + 2; k < end; ++k) {
        if (t[k] == '\\' && k + 1 < end)
          ++k;
        url += t[k];
      }
      auto s = b.open.back();
      b.open.pop_back();
      s.url = url;
      s.user = user_link(url);
      if (url.empty())
        return b.fail("a link's URL is empty", i);
      b.close(s);
      i = end + 1;
      continue;
    }
    if (v2 && reserved.find(c) != std::string_view::npos) {
      std::string why = "character '";
      why += c;
      why += "' is reserved and must be escaped with the preceding '\\'";
      return b.fail(why, i);
    }
    auto next = i + 1;
    while (next < t.size() && (static_cast<unsigned char>(t[next]) & 0xC0) == 0x80)
      ++next;
    b.put(t.substr(i, next - i));
    i = next;
  }
  if (!b.open.empty())
    return b.fail("can't find end of the entity starting", t.size());
  return b.done();
}

} // namespace

formatted_text parse_formatted(std::string_view text, std::string_view mode) {
  if (ascii::iequals(mode, "html"))
    return parse_html(text);
  if (ascii::iequals(mode, "markdownv2"))
    return parse_markdown(text, true);
  if (ascii::iequals(mode, "markdown"))
    return parse_markdown(text, false);
  formatted_text f;
  f.error = "unsupported parse_mode";
  return f;
}

} // namespace ag
