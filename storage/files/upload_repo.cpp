#include "storage/files/upload_repo.hpp"

#include "core/codec/bytes.hpp"
#include "storage/keys.hpp"

namespace ag {

namespace {

constexpr std::uint8_t v1 = 1;

} // namespace

std::string upload_repo::encode(const upload_record& r) {
  return byte_writer{}
    .u8(v1)
    .u64(r.owner)
    .u64(r.file_id)
    .i64(r.created)
    .i64(r.updated)
    .u64(r.bytes)
    .u32(r.total)
    .take();
}

std::optional<upload_record> upload_repo::decode(std::string_view v) {
  byte_reader r{v};
  if (r.u8() != v1)
    return std::nullopt;
  upload_record u;
  u.owner = r.u64();
  u.file_id = r.u64();
  u.created = r.i64();
  u.updated = r.i64();
  u.bytes = r.u64();
  u.total = r.u32();
  if (r.failed() || !r.at_end())
    return std::nullopt;
  return u;
}

caf::expected<std::optional<upload_record>> upload_repo::find(std::uint64_t uid,
                                                              std::uint64_t file_id) {
  return get_record<upload_record>(db_, cf::files, keys::upload(uid, file_id), "upload",
                                   &upload_repo::decode);
}

caf::expected<std::vector<part_entry>> upload_repo::parts(std::uint64_t uid,
                                                          std::uint64_t file_id) {
  std::vector<part_entry> out;
  auto prefix = keys::part_size_prefix(uid, file_id);
  bool bad = false;
  auto err = db_.scan(cf::files, prefix, keys::prefix_end(prefix), false,
                      [&](std::string_view k, std::string_view v) {
                        byte_reader key{k.substr(prefix.size())};
                        byte_reader val{v};
                        auto index = key.u32();
                        auto size = val.u32();
                        if (key.failed() || val.failed()) {
                          bad = true;
                          return false;
                        }
                        out.emplace_back(index, size);
                        return true;
                      });
  if (err)
    return err;
  if (bad)
    return corrupt_record("part size");
  return out;
}

caf::expected<std::optional<std::string>>
upload_repo::part(std::uint64_t uid, std::uint64_t file_id, std::uint32_t index) {
  return db_.get(cf::files, keys::part(uid, file_id, index));
}

caf::expected<std::vector<upload_record>> upload_repo::all() {
  std::vector<upload_record> out;
  std::string prefix(1, 'u');
  auto err = scan_records(db_, cf::files, prefix, keys::prefix_end(prefix), false, "upload",
                          &upload_repo::decode, [&](std::string_view, upload_record r) {
                            out.push_back(r);
                            return true;
                          });
  if (err)
    return err;
  return out;
}

void upload_repo::put(write_batch& b, const upload_record& r) {
  b.put(cf::files, keys::upload(r.owner, r.file_id), encode(r));
}

void upload_repo::put_part(write_batch& b, std::uint64_t uid, std::uint64_t file_id,
                           std::uint32_t index, std::string bytes) {
  auto size = static_cast<std::uint32_t>(bytes.size());
  b.put(cf::files, keys::part(uid, file_id, index), std::move(bytes));
  b.put(cf::files, keys::part_size(uid, file_id, index), byte_writer{}.u32(size).take());
}

void upload_repo::erase(write_batch& b, const upload_record& r,
                        const std::vector<part_entry>& parts) {
  b.erase(cf::files, keys::upload(r.owner, r.file_id));
  for (auto& [index, size] : parts) {
    b.erase(cf::files, keys::part(r.owner, r.file_id, index));
    b.erase(cf::files, keys::part_size(r.owner, r.file_id, index));
  }
}

} // namespace ag
