#include "actors/media/media_describe.hpp"

#include <cstring>
#include <future>
#include <thread>

#include "actors/media/codec/photo.hpp"
#include "actors/media/codec/video.hpp"
#include "core/error.hpp"
#include "core/rules/media_rules.hpp"
#include "storage/files/file_repo.hpp"

namespace ag {

namespace {

/// A document worth a thumbnail: named or sniffed as an image, small
/// enough to decode whole.
bool looks_like_image(const stored_file& f, std::string_view mime) {
  return f.size <= max_photo_bytes && mime.rfind("image/", 0) == 0;
}

/// A fresh Snowflake (the fast path refuses ids past the durable bound for
/// a moment now and then; idgen moves it every second).
std::uint64_t next_id(node_context& ctx) {
  for (int i = 0; i < 400; ++i) {
    if (auto id = ctx.ids ? ctx.ids->next() : 0; id != 0)
      return id;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return 0;
}

caf::error commit_now(node_context& ctx, write_batch b) {
  auto done = std::make_shared<std::promise<caf::error>>();
  auto result = done->get_future();
  ctx.writer.submit(std::move(b), [done](const caf::error& err) { done->set_value(err); });
  return result.get();
}

/// Stores the renditions of `p` and fills `m`'s sizes and stripped thumbnail.
caf::error store_sizes(node_context& ctx, const stored_file& original, processed_photo p,
                       message_media& m, write_batch& b) {
  for (auto& s : p.sizes) {
    auto fid = next_id(ctx);
    if (fid == 0)
      return make_error(errc::unavailable, "no file id available");
    auto size = s.jpeg.size();
    file_repo::put_rendition(b, fid, original.id, original.owner, std::move(s.jpeg), ctx.now_s());
    m.sizes.push_back(media_size{s.type, s.width, s.height, size, fid});
  }
  m.stripped = std::move(p.stripped);
  return {};
}

/// Reads a stored file for FFmpeg: any offset, one part fetched at a time
/// and kept for the reads that follow (FFmpeg reads in small steps).
video_reader reader_of(file_repo& files, const stored_file& f) {
  struct cache {
    std::uint32_t index = UINT32_MAX;
    std::string bytes;
  };
  auto c = std::make_shared<cache>();
  auto part_size = f.part_size != 0 ? std::uint64_t{f.part_size} : f.size;
  return [&files, f, c, part_size](std::uint64_t offset, char* out, std::size_t n) -> std::int64_t {
    if (offset >= f.size || part_size == 0)
      return 0;
    auto index = static_cast<std::uint32_t>(offset / part_size);
    if (index != c->index) {
      auto bytes = files.part(f, index);
      if (!bytes || !*bytes)
        return -1;
      c->bytes = std::move(**bytes);
      c->index = index;
    }
    auto at = offset - std::uint64_t{index} * part_size;
    if (at >= c->bytes.size())
      return -1;
    auto k = std::min<std::uint64_t>(n, c->bytes.size() - at);
    std::memcpy(out, c->bytes.data() + at, k);
    return static_cast<std::int64_t>(k);
  };
}

caf::expected<message_media> process(node_context& ctx, file_repo& files, const stored_file& f,
                                     media_kind kind, std::string_view mime) {
  message_media m;
  m.kind = kind;
  m.file = f.id;
  m.size = f.size;
  write_batch b;
  if (kind == media_kind::photo) {
    if (f.size > max_photo_bytes)
      return make_error(errc::photo_invalid, "photos have at most 10 MB: send it as a document");
    auto bytes = files.read_string(f, 0, f.size);
    if (!bytes)
      return bytes.error();
    auto p = process_photo(*bytes);
    if (!p)
      return p.error();
    m.width = p->width;
    m.height = p->height;
    if (auto err = store_sizes(ctx, f, std::move(*p), m, b))
      return err;
  } else if (kind == media_kind::video) {
    auto v = process_video(f.size, reader_of(files, f));
    if (!v)
      return v.error();
    m.width = v->width;
    m.height = v->height;
    m.duration_ms = v->duration_ms;
    if (auto err = store_sizes(ctx, f, std::move(v->thumb), m, b))
      return err;
  } else if (looks_like_image(f, mime)) {
    auto bytes = files.read_string(f, 0, f.size);
    if (!bytes)
      return bytes.error();
    if (auto p = process_thumbnail(*bytes)) {
      m.width = p->width;
      m.height = p->height;
      if (auto err = store_sizes(ctx, f, std::move(*p), m, b))
        return err;
    }
  }
  file_repo::put_media(b, f.id, m);
  if (auto err = commit_now(ctx, std::move(b)))
    return err;
  return m;
}

} // namespace

caf::expected<message_media> describe(node_context& ctx, const describe_media& req) {
  file_repo files{ctx.db};
  auto f = files.readable(req.owner.value, req.file.value);
  if (!f)
    return f.error();
  if (!*f || (*f)->parent != 0)
    return make_error(errc::location_invalid, "no such file of yours");
  auto cached = files.media(req.file.value, req.kind);
  if (!cached)
    return cached.error();
  message_media m;
  if (*cached) {
    m = std::move(**cached);
  } else {
    auto made =
      process(ctx, files, **f, req.kind, req.mime_type.empty() ? (*f)->mime_type : req.mime_type);
    if (!made)
      return made.error();
    m = std::move(*made);
  }
  m.mime_type = !req.mime_type.empty()     ? req.mime_type
                : !(*f)->mime_type.empty() ? (*f)->mime_type
                                           : std::string{media_rules::default_mime(req.kind)};
  m.file_name = req.file_name;
  return m;
}

} // namespace ag
