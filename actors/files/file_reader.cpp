#include "actors/files/file_reader.hpp"

#include "actors/node/node_context.hpp"
#include "storage/files/file_repo.hpp"

namespace ag {

file_reader::file_reader(const node_context& ctx) : db_(&ctx.db) {}

caf::expected<std::optional<stored_file>> file_reader::readable(std::uint64_t uid,
                                                                std::uint64_t fid) const {
  return file_repo{*db_}.readable(uid, fid);
}

caf::error file_reader::read(const stored_file& f, std::uint64_t offset, std::uint64_t length,
                             const std::function<bool(std::string_view)>& out) const {
  return file_repo{*db_}.read(f, offset, length, out);
}

caf::expected<std::string> file_reader::read_string(const stored_file& f, std::uint64_t offset,
                                                    std::uint64_t length) const {
  return file_repo{*db_}.read_string(f, offset, length);
}

} // namespace ag
