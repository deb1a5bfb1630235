#include "storage/keys.hpp"

namespace ag::keys {

std::string prefix_end(std::string prefix) {
  while (!prefix.empty()) {
    auto& last = prefix.back();
    if (static_cast<unsigned char>(last) != 0xff) {
      last = static_cast<char>(static_cast<unsigned char>(last) + 1);
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix; // empty: no upper bound
}

std::uint64_t trailing_u64(std::string_view key) {
  if (key.size() < 8)
    return 0;
  byte_reader r{key.substr(key.size() - 8)};
  return r.u64();
}

} // namespace ag::keys
