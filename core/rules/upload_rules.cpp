#include "core/rules/upload_rules.hpp"

namespace ag::uploads {

errc check_part(std::uint32_t index, std::size_t size, std::uint32_t total) {
  if (index >= max_parts || (total != 0 && index >= total) || total > max_parts)
    return errc::file_part_invalid;
  if (size == 0 || size > max_part_size)
    return errc::file_part_size_invalid;
  return errc::none;
}

completeness check_complete(const std::vector<std::uint32_t>& sizes, std::uint32_t parts) {
  completeness c;
  if (parts == 0 || parts > max_parts) {
    c.error = errc::file_parts_invalid;
    return c;
  }
  for (std::uint32_t i = parts; i < sizes.size(); ++i)
    if (sizes[i] != 0) {
      c.error = errc::file_parts_invalid; // a part past the declared end
      c.first_bad = i;
      return c;
    }
  c.part_size = sizes.empty() ? 0 : sizes[0];
  for (std::uint32_t i = 0; i < parts; ++i) {
    auto s = i < sizes.size() ? sizes[i] : 0;
    bool last = i + 1 == parts;
    bool ok = s != 0 && (last ? s <= c.part_size : s == c.part_size);
    if (!ok) {
      c.error = s == 0 ? errc::file_parts_invalid : errc::file_part_size_invalid;
      c.first_bad = i;
      return c;
    }
    c.size += s;
  }
  if (parts > 1 && c.part_size % part_unit != 0) {
    c.error = errc::file_part_size_invalid;
    return c;
  }
  return c;
}

} // namespace ag::uploads
