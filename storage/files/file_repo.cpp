#include "storage/files/file_repo.hpp"

#include "core/codec/bytes.hpp"
#include "core/error.hpp"
#include "storage/keys.hpp"
#include "storage/records.hpp"

namespace ag {

namespace {

constexpr std::uint8_t v1 = 1;
constexpr std::uint8_t v2 = 2; ///< v1 plus parent, mime_type, file_name, touched

} // namespace

std::string file_repo::encode(const stored_file& f) {
  return byte_writer{}
    .u8(v2)
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
    .u64(f.parent)
    .str(f.mime_type)
    .str(f.file_name)
    .i64(f.touched)
    .take();
}

std::optional<stored_file> file_repo::decode(std::string_view v) {
  byte_reader r{v};
  auto version = r.u8();
  if (version != v1 && version != v2)
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
  if (version >= v2) {
    f.parent = r.u64();
    f.mime_type = r.str();
    f.file_name = r.str();
    f.touched = r.i64();
  } else {
    f.touched = f.created;
  }
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

caf::expected<std::optional<stored_file>> file_repo::readable(std::uint64_t uid,
                                                              std::uint64_t fid) {
  auto f = find(fid);
  if (!f || !*f)
    return f;
  auto may = may_read(uid, (*f)->parent != 0 ? (*f)->parent : fid);
  if (!may)
    return may.error();
  if (!*may)
    return std::optional<stored_file>{};
  return f;
}

caf::expected<bool> file_repo::may_read(std::uint64_t uid, std::uint64_t root) {
  auto grant = db_.get(cf::files, keys::file_grant(uid, root));
  if (!grant)
    return grant.error();
  if (*grant)
    return true;
  bool seen = false;
  auto prefix = keys::file_access_prefix(uid, root);
  auto err = db_.scan(cf::messages, prefix, keys::prefix_end(prefix), false,
                      [&](std::string_view, std::string_view) {
                        seen = true;
                        return false;
                      });
  if (err)
    return err;
  return seen;
}

caf::error file_repo::read(const stored_file& f, std::uint64_t offset, std::uint64_t length,
                           const std::function<bool(std::string_view)>& out) {
  if (offset > f.size || length > f.size - offset)
    return make_error(errc::offset_invalid, "the range is past the end of the file");
  auto part_size = f.part_size != 0 ? std::uint64_t{f.part_size} : f.size;
  while (length > 0) {
    auto index = static_cast<std::uint32_t>(offset / part_size);
    bool short_part = false;
    bool stop = false;
    std::uint64_t n = 0;
    auto found = db_.view(cf::files, keys::part(f.src_owner, f.src_file_id, index),
                          [&](std::string_view bytes) {
                            auto at = offset - std::uint64_t{index} * part_size;
                            if (at >= bytes.size()) {
                              short_part = true;
                              return;
                            }
                            n = std::min<std::uint64_t>(length, bytes.size() - at);
                            stop = !out(bytes.substr(at, n));
                          });
    if (!found)
      return found.error();
    if (!*found || short_part)
      return corrupt_record("file part " + std::to_string(index));
    if (stop)
      return {};
    offset += n;
    length -= n;
  }
  return {};
}

caf::expected<std::string> file_repo::read_string(const stored_file& f, std::uint64_t offset,
                                                  std::uint64_t length) {
  std::string out;
  out.reserve(length);
  auto err = read(f, offset, length, [&](std::string_view chunk) {
    out.append(chunk);
    return true;
  });
  if (err)
    return err;
  return out;
}

caf::expected<std::optional<message_media>> file_repo::media(std::uint64_t fid, media_kind kind) {
  return get_record<message_media>(db_, cf::files,
                                   keys::file_media(fid, static_cast<std::uint8_t>(kind)),
                                   "file media", records::decode_media);
}

caf::expected<bool> file_repo::referenced(std::uint64_t fid) {
  bool seen = false;
  auto prefix = keys::file_ref_prefix(fid);
  auto err = db_.scan(cf::files, prefix, keys::prefix_end(prefix), false,
                      [&](std::string_view, std::string_view) {
                        seen = true;
                        return false;
                      });
  if (err)
    return err;
  return seen;
}

caf::expected<std::vector<stored_file>> file_repo::originals(std::uint64_t after,
                                                             std::size_t limit) {
  std::vector<stored_file> out;
  auto lower = keys::stored_file(after + 1);
  auto upper = keys::prefix_end(std::string(1, 'f'));
  if (after == UINT64_MAX)
    return out;
  auto err = scan_records(db_, cf::files, lower, upper, false, "file", &file_repo::decode,
                          [&](std::string_view, stored_file f) {
                            if (f.parent == 0)
                              out.push_back(std::move(f));
                            return out.size() < limit;
                          });
  if (err)
    return err;
  return out;
}

caf::error file_repo::purge(write_batch& b, const stored_file& f) {
  b.erase(cf::files, keys::stored_file(f.id));
  auto indexed = by_hash(f.sha256);
  if (!indexed)
    return indexed.error();
  if (*indexed && **indexed == f.id)
    b.erase(cf::files, keys::file_hash(f.sha256));
  for (std::uint32_t i = 0; i < f.parts; ++i) {
    b.erase(cf::files, keys::part(f.src_owner, f.src_file_id, i));
    b.erase(cf::files, keys::part_size(f.src_owner, f.src_file_id, i));
  }
  for (auto kind : {media_kind::photo, media_kind::document, media_kind::video}) {
    auto m = media(f.id, kind);
    if (!m)
      return m.error();
    if (!*m)
      continue;
    for (auto& s : (*m)->sizes) {
      b.erase(cf::files, keys::stored_file(s.file));
      b.erase(cf::files, keys::part(0, s.file, 0));
    }
    b.erase(cf::files, keys::file_media(f.id, static_cast<std::uint8_t>(kind)));
  }
  return {};
}

void file_repo::put_grant(write_batch& b, std::uint64_t uid, std::uint64_t fid) {
  b.put(cf::files, keys::file_grant(uid, fid), std::string{});
}

void file_repo::put_media(write_batch& b, std::uint64_t fid, const message_media& m) {
  b.put(cf::files, keys::file_media(fid, static_cast<std::uint8_t>(m.kind)), records::encode(m));
}

stored_file file_repo::put_rendition(write_batch& b, std::uint64_t fid, std::uint64_t parent,
                                     std::uint64_t owner, std::string bytes, std::int64_t now) {
  stored_file f;
  f.id = fid;
  f.owner = owner;
  f.src_owner = 0;
  f.src_file_id = fid;
  f.size = bytes.size();
  f.part_size = static_cast<std::uint32_t>(bytes.size());
  f.parts = 1;
  f.created = now;
  f.parent = parent;
  f.mime_type = "image/jpeg";
  b.put(cf::files, keys::part(0, fid, 0), std::move(bytes));
  put(b, f);
  return f;
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
