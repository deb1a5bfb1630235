#pragma once
/// A small streaming JSON writer. Produces compact, valid JSON; strings are
/// escaped (control characters, quotes, backslashes; invalid UTF-8 becomes
/// U+FFFD so output is always valid).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ag {

class json_writer {
public:
  json_writer& begin_object();
  json_writer& end_object();
  json_writer& begin_array();
  json_writer& end_array();
  /// Writes an object key; the next call writes its value.
  json_writer& key(std::string_view k);
  json_writer& value(std::string_view s);
  json_writer& value(const char* s) { return value(std::string_view{s}); }
  json_writer& value(const std::string& s) { return value(std::string_view{s}); }
  json_writer& value(std::int64_t x);
  json_writer& value(std::uint64_t x);
  json_writer& value(int x) { return value(static_cast<std::int64_t>(x)); }
  json_writer& value(bool b);
  json_writer& null();
  /// Inserts already-valid JSON text as a value.
  json_writer& raw(std::string_view json);
  template <class T>
  json_writer& field(std::string_view k, const T& v) {
    key(k);
    return value(v);
  }
  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

  static void escape_into(std::string& out, std::string_view s);

private:
  void sep();
  std::string out_;
  std::vector<bool> first_; // per open container: no element written yet
  bool after_key_ = false;
};

} // namespace ag
