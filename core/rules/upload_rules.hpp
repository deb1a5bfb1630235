#pragma once
/// Upload rules (docs/api.md "Files"), without I/O.
///
/// A client uploads a file as numbered parts under a `file_id` of its
/// choosing (scoped to the uploader). Every part but the last has the same
/// size, a multiple of 1 KiB of at most 512 KiB; the last may be shorter.
/// At most 4,000 parts, so at most 4,000 × 512 KiB (2.1 GB) per file. Parts can be sent in any
/// order and again (a resend replaces the part).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/error.hpp"

namespace ag::uploads {

constexpr std::size_t part_unit = 1024;
constexpr std::size_t max_part_size = 512 * 1024;
constexpr std::uint32_t max_parts = 4000;
constexpr std::uint64_t max_file_size = std::uint64_t{max_parts} * max_part_size;
/// Files above this are "big" (Telegram's saveBigFilePart): their parts
/// must come with the total part count.
constexpr std::uint64_t big_file_threshold = 10ull << 20;
/// Unfinished uploads untouched this long are deleted.
constexpr std::int64_t upload_ttl_s = 24 * 3600;
/// Unfinished uploads one user may keep at once.
constexpr std::size_t max_open_uploads = 64;

/// One arriving part: `index` < 4,000, 1 byte to 512 KiB, and below
/// `total` when the client declared one (0: not declared).
errc check_part(std::uint32_t index, std::size_t size, std::uint32_t total);

/// The outcome of checking that parts 0..parts-1 make a file.
struct completeness {
  errc error = errc::none;
  std::uint64_t size = 0;      ///< bytes, when complete
  std::uint32_t part_size = 0; ///< the size of every part but the last
  std::uint32_t first_bad = 0; ///< the first missing or wrong-sized part, on error
};

/// `sizes[i]` is the stored size of part i (0: missing); entries past
/// `parts` must be empty (a part beyond the end is an error).
completeness check_complete(const std::vector<std::uint32_t>& sizes, std::uint32_t parts);

} // namespace ag::uploads
