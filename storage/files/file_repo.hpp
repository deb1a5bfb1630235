#pragma once
/// Stored files in the `files` family. A finished upload's parts stay where
/// they were written (no 2 GB copy); the file record points at them. Equal
/// content is stored once: the sha256 index finds an existing file, whose
/// reference count grows instead. docs/storage.md has the keys.
#include <functional>

#include "core/model/file.hpp"
#include "core/model/model.hpp"
#include "storage/files/upload_repo.hpp"
#include "storage/kv/kv_store.hpp"

namespace ag {

class file_repo {
public:
  explicit file_repo(kv_store& db) : db_(db) {}

  caf::expected<std::optional<stored_file>> find(std::uint64_t fid);
  caf::expected<std::optional<std::uint64_t>> by_hash(std::string_view sha256);
  /// The file an upload id became, if it did.
  caf::expected<std::optional<std::uint64_t>> spent(std::uint64_t uid, std::uint64_t file_id);
  /// The bytes of part `index` of `f`.
  caf::expected<std::optional<std::string>> part(const stored_file& f, std::uint32_t index);
  /// File `fid` if `uid` may read it: uid uploaded it (or equal content), or
  /// a live message in uid's box carries it (or, for a rendition, its
  /// parent). nullopt for a missing file and a forbidden one alike, so ids
  /// cannot be probed.
  caf::expected<std::optional<stored_file>> readable(std::uint64_t uid, std::uint64_t fid);
  /// Whether `uid` may read original `root` (and its renditions): the
  /// grant of an upload or a live copy's access key. Both are `uid`'s
  /// records, kept on uid's home node.
  caf::expected<bool> may_read(std::uint64_t uid, std::uint64_t root);
  /// Streams bytes [offset, offset + length) of `f` to `out`, one part at a
  /// time (never the whole file); stops early when `out` returns false.
  caf::error read(const stored_file& f, std::uint64_t offset, std::uint64_t length,
                  const std::function<bool(std::string_view)>& out);
  /// The same range as one string (small reads: getFile, photos to decode).
  caf::expected<std::string> read_string(const stored_file& f, std::uint64_t offset,
                                         std::uint64_t length);
  /// What media processing made of `fid` for `kind`, if it ran before.
  caf::expected<std::optional<message_media>> media(std::uint64_t fid, media_kind kind);
  /// Whether a live message copy carries `fid`.
  caf::expected<bool> referenced(std::uint64_t fid);
  /// Up to `limit` stored originals (not renditions) with ids above `after`,
  /// in id order.
  caf::expected<std::vector<stored_file>> originals(std::uint64_t after, std::size_t limit);
  /// Adds to `b` the deletion of `f` with its bytes, its hash entry, its
  /// media records and their renditions.
  caf::error purge(write_batch& b, const stored_file& f);

  static void put(write_batch& b, const stored_file& f);
  static void put_hash(write_batch& b, const stored_file& f);
  static void put_spent(write_batch& b, std::uint64_t uid, std::uint64_t file_id,
                        std::uint64_t fid);
  static void put_grant(write_batch& b, std::uint64_t uid, std::uint64_t fid);
  static void put_media(write_batch& b, std::uint64_t fid, const message_media& m);
  /// A rendition made by media processing: one part, `bytes`, kept under
  /// the pseudo-upload (0, fid).
  static stored_file put_rendition(write_batch& b, std::uint64_t fid, std::uint64_t parent,
                                   std::uint64_t owner, std::string bytes, std::int64_t now);

  static std::string encode(const stored_file& f);
  static std::optional<stored_file> decode(std::string_view v);

private:
  kv_store& db_;
};

} // namespace ag
