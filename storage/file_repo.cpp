#include "storage/file_repo.hpp"

#include "core/bytes.hpp"
#include "storage/keys.hpp"
#include "storage/records.hpp"

namespace ag {

namespace {

constexpr std::uint8_t v1 = 1;

} // namespace

std::string file_repo::encode(const stored_file& f) {
  return byte_writer{}
    .u8(v1)
    .u64(f.id)
    .u64(f.owner)
    .u64(f.src_owner)
    .u64(f.src_file_id)
    .u64(f.size)
    .u32(f.part_size)
    .u32(f.parts)
    .str(f.sha256)
    .i64(f.created)
    .u32(f.refs)
    .take();
}

std::optional<stored_file> file_repo::decode(std::string_view v) {
  byte_reader r{v};
  if (r.u8() != v1)
    return std::nullopt;
  stored_file f;
  f.id = r.u64();
  f.owner = r.u64();
  f.src_owner = r.u64();
  f.src_file_id = r.u64();
  f.size = r.u64();
  f.part_size = r.u32();
  f.parts = r.u32();
  f.sha256 = r.str();
  f.created = r.i64();
  f.refs = r.u32();
  if (r.failed() || !r.at_end())
    return std::nullopt;
  return f;
}

caf::expected<std::optional<stored_file>> file_repo::find(std::uint64_t fid) {
  return get_record<stored_file>(db_, cf::files, keys::stored_file(fid), "file",
                                 &file_repo::decode);
}

caf::expected<std::optional<std::uint64_t>> file_repo::by_hash(std::string_view sha256) {
  return get_record<std::uint64_t>(db_, cf::files, keys::file_hash(sha256), "file hash index",
                                   records::decode_u64);
}

caf::expected<std::optional<std::uint64_t>> file_repo::spent(std::uint64_t uid,
                                                             std::uint64_t file_id) {
  return get_record<std::uint64_t>(db_, cf::files, keys::spent_upload(uid, file_id), "spent upload",
                                   records::decode_u64);
}

caf::expected<std::optional<std::string>> file_repo::part(const stored_file& f,
                                                          std::uint32_t index) {
  return upload_repo{db_}.part(f.src_owner, f.src_file_id, index);
}

void file_repo::put(write_batch& b, const stored_file& f) {
  b.put(cf::files, keys::stored_file(f.id), encode(f));
}

void file_repo::put_hash(write_batch& b, const stored_file& f) {
  b.put(cf::files, keys::file_hash(f.sha256), records::encode_u64(f.id));
}

void file_repo::put_spent(write_batch& b, std::uint64_t uid, std::uint64_t file_id,
                          std::uint64_t fid) {
  b.put(cf::files, keys::spent_upload(uid, file_id), records::encode_u64(fid));
}

} // namespace ag
