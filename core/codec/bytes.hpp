#pragma once
/// Byte encoding for storage keys and values. Integers in keys are big-endian
/// so that RocksDB's bytewise order is numeric order. Readers never trust
/// their input: every get_* checks the remaining length.
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace ag {

/// Appends fields to a byte string.
class byte_writer {
public:
  byte_writer() = default;
  /// Reserves `capacity` bytes up front (a record's usual size: one
  /// allocation instead of a doubling series).
  explicit byte_writer(std::size_t capacity) { out_.reserve(capacity); }
  byte_writer& u8(std::uint8_t x) {
    out_.push_back(static_cast<char>(x));
    return *this;
  }
  byte_writer& u32(std::uint32_t x) { return big_endian(x); }
  byte_writer& u64(std::uint64_t x) { return big_endian(x); }
  byte_writer& i64(std::int64_t x) { return u64(static_cast<std::uint64_t>(x)); }
  /// Length-prefixed (u32) string.
  byte_writer& str(std::string_view s) {
    u32(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
    return *this;
  }
  /// Raw bytes without a length (only last in a key).
  byte_writer& raw(std::string_view s) {
    out_.append(s);
    return *this;
  }
  std::string take() { return std::move(out_); }
  const std::string& bytes() const { return out_; }

private:
  template <class T>
  byte_writer& big_endian(T x) {
    char buf[sizeof(T)];
    for (std::size_t i = 0; i < sizeof(T); ++i)
      buf[i] = static_cast<char>((x >> ((sizeof(T) - 1 - i) * 8)) & 0xff);
    out_.append(buf, sizeof(T));
    return *this;
  }
  std::string out_;
};

/// Reads fields written by byte_writer; any short read sets failed().
class byte_reader {
public:
  explicit byte_reader(std::string_view in) : in_(in) {}
  std::uint8_t u8() {
    if (!need(1))
      return 0;
    auto x = static_cast<std::uint8_t>(in_[pos_]);
    pos_ += 1;
    return x;
  }
  std::uint32_t u32() {
    if (!need(4))
      return 0;
    std::uint32_t x = 0;
    for (int i = 0; i < 4; ++i)
      x = (x << 8) | static_cast<std::uint8_t>(in_[pos_ + i]);
    pos_ += 4;
    return x;
  }
  std::uint64_t u64() {
    if (!need(8))
      return 0;
    std::uint64_t x = 0;
    for (int i = 0; i < 8; ++i)
      x = (x << 8) | static_cast<std::uint8_t>(in_[pos_ + i]);
    pos_ += 8;
    return x;
  }
  std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
  std::string str() {
    auto n = u32();
    if (!need(n))
      return {};
    std::string s{in_.substr(pos_, n)};
    pos_ += n;
    return s;
  }
  std::string_view rest() {
    auto r = in_.substr(pos_);
    pos_ = in_.size();
    return r;
  }
  bool failed() const { return failed_; }
  /// Marks the input corrupt (a decoder found an impossible value).
  void fail() { failed_ = true; }
  bool at_end() const { return pos_ == in_.size(); }

private:
  bool need(std::size_t n) {
    if (failed_ || in_.size() - pos_ < n) {
      failed_ = true;
      return false;
    }
    return true;
  }
  std::string_view in_;
  std::size_t pos_ = 0;
  bool failed_ = false;
};

} // namespace ag
