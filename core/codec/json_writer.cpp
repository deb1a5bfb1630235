#include "core/codec/json_writer.hpp"

#include <charconv>

#include "core/codec/utf8.hpp"

namespace ag {

void json_writer::sep() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back())
      out_.push_back(',');
    first_.back() = false;
  }
}

json_writer& json_writer::begin_object() {
  sep();
  out_.push_back('{');
  first_.push_back(true);
  return *this;
}

json_writer& json_writer::end_object() {
  out_.push_back('}');
  first_.pop_back();
  return *this;
}

json_writer& json_writer::begin_array() {
  sep();
  out_.push_back('[');
  first_.push_back(true);
  return *this;
}

json_writer& json_writer::end_array() {
  out_.push_back(']');
  first_.pop_back();
  return *this;
}

json_writer& json_writer::key(std::string_view k) {
  sep();
  out_.push_back('"');
  escape_into(out_, k);
  out_.append("\":");
  after_key_ = true;
  return *this;
}

json_writer& json_writer::value(std::string_view s) {
  sep();
  out_.push_back('"');
  escape_into(out_, s);
  out_.push_back('"');
  return *this;
}

json_writer& json_writer::value(std::int64_t x) {
  sep();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof(buf), x);
  out_.append(buf, r.ptr);
  return *this;
}

json_writer& json_writer::value(std::uint64_t x) {
  sep();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof(buf), x);
  out_.append(buf, r.ptr);
  return *this;
}

json_writer& json_writer::value(bool b) {
  sep();
  out_.append(b ? "true" : "false");
  return *this;
}

json_writer& json_writer::null() {
  sep();
  out_.append("null");
  return *this;
}

json_writer& json_writer::raw(std::string_view json) {
  sep();
  out_.append(json);
  return *this;
}

void json_writer::escape_into(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < s.size();) {
    // Runs of printable ASCII other than '"' and '\\' go in one append.
    auto plain = i;
    while (plain < s.size()) {
      auto p = static_cast<unsigned char>(s[plain]);
      if (p < 0x20 || p >= 0x80 || p == '"' || p == '\\')
        break;
      ++plain;
    }
    if (plain > i) {
      out.append(s.data() + i, plain - i);
      i = plain;
      continue;
    }
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      auto n = utf8_sequence_length(s, i);
      if (n == 0) {
        out.append("\xef\xbf\xbd");
        ++i;
      } else {
        out.append(s.substr(i, n));
        i += n;
      }
      continue;
    }
    switch (c) {
    case '"':
      out.append("\\\"");
      break;
    case '\\':
      out.append("\\\\");
      break;
    case '\n':
      out.append("\\n");
      break;
    case '\r':
      out.append("\\r");
      break;
    case '\t':
      out.append("\\t");
      break;
    case '\b':
      out.append("\\b");
      break;
    case '\f':
      out.append("\\f");
      break;
    default:
      if (c < 0x20) {
        out.append("\\u00");
        out.push_back(hex[c >> 4]);
        out.push_back(hex[c & 0xf]);
      } else {
        out.push_back(static_cast<char>(c));
      }
    }
    ++i;
  }
}

} // namespace ag
