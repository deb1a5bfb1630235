#include "core/rules/byte_ranges.hpp"

#include <charconv>
#include <ctime>

#include "core/codec/ascii.hpp"

namespace ag::ranges {

namespace {

bool number(std::string_view s, std::uint64_t& out) {
  if (s.empty() || s.size() > 19)
    return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc{} && r.ptr == s.data() + s.size();
}

} // namespace

plan plan_ranges(std::string_view header, std::uint64_t size) {
  plan out;
  header = ascii::trim(header);
  constexpr std::string_view unit = "bytes=";
  if (header.size() <= unit.size() || header.substr(0, unit.size()) != unit)
    return out; // absent, or a unit we do not serve
  auto spec = header.substr(unit.size());
  std::size_t count = 0;
  std::vector<byte_range> wanted;
  while (!spec.empty()) {
    auto comma = spec.find(',');
    auto item = ascii::trim(spec.substr(0, comma));
    spec = comma == std::string_view::npos ? std::string_view{} : spec.substr(comma + 1);
    if (item.empty())
      continue;
    if (++count > max_ranges)
      return plan{};
    auto dash = item.find('-');
    if (dash == std::string_view::npos)
      return plan{};
    auto a = item.substr(0, dash);
    auto b = item.substr(dash + 1);
    std::uint64_t first = 0, last = 0;
    if (a.empty()) { // suffix: the last b bytes
      if (!number(b, last))
        return plan{};
      if (last == 0 || size == 0)
        continue; // unsatisfiable on its own
      auto n = std::min(last, size);
      wanted.push_back({size - n, n});
      continue;
    }
    if (!number(a, first))
      return plan{};
    if (b.empty())
      last = UINT64_MAX;
    else if (!number(b, last) || last < first)
      return plan{};
    if (first >= size)
      continue; // starts past the end
    last = std::min(last, size - 1);
    wanted.push_back({first, last - first + 1});
  }
  if (count == 0)
    return plan{};
  if (wanted.empty()) {
    out.kind = outcome::unsatisfiable;
    return out;
  }
  out.kind = outcome::partial;
  out.ranges = std::move(wanted);
  return out;
}

std::string content_range(const byte_range& r, std::uint64_t size) {
  return "bytes " + std::to_string(r.first) + "-" + std::to_string(r.first + r.length - 1) + "/"
         + std::to_string(size);
}

std::string http_date(std::int64_t unix_s) {
  std::time_t t = static_cast<std::time_t>(unix_s);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof(buf), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

std::int64_t parse_http_date(std::string_view s) {
  std::tm tm{};
  std::string text{ascii::trim(s)};
  auto* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0')
    return -1;
  return static_cast<std::int64_t>(timegm(&tm));
}

bool etag_listed(std::string_view header, std::string_view etag, bool weak) {
  header = ascii::trim(header);
  if (header == "*")
    return true;
  while (!header.empty()) {
    auto comma = header.find(',');
    auto item = ascii::trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    bool is_weak = item.substr(0, 2) == "W/";
    if (is_weak) {
      if (!weak)
        continue; // strong comparison: weak tags never match
      item.remove_prefix(2);
    }
    if (item == etag)
      return true;
  }
  return false;
}

} // namespace ag::ranges
