// The file methods (docs/api.md, "Files"): uploads through the dfs actor.
#include "actors/protocol/type_ids.hpp"
#include "actors/services/detail/api_detail.hpp"
#include "core/codec/base64.hpp"
#include "core/rules/media_rules.hpp"
#include "storage/files/file_repo.hpp"

namespace ag::api_detail {

AG_API_METHOD(save_file_part) {
  if (!p.file_id)
    return done(missing("file_id"));
  if (!p.file_part)
    return done(missing("file_part"));
  if (!p.bytes)
    return done(missing("bytes"));
  if (*p.file_part > 0xffffffffull || p.file_total_parts.value_or(0) > 0xffffffffull)
    return done(fail(errc::file_part_invalid, "part numbers run from 0 to 3999"));
  save_part req{who.user, *p.file_id, static_cast<std::uint32_t>(*p.file_part),
                static_cast<std::uint32_t>(p.file_total_parts.value_or(0)), std::move(*p.bytes)};
  self->request(ctx->dfs, ctx->settings.call_timeout, std::move(req))
    .then([=](std::uint64_t) { done(ok("true")); }, failed(done));
}

AG_API_METHOD(get_uploaded_parts) {
  if (!p.file_id)
    return done(missing("file_id"));
  self->request(ctx->dfs, ctx->settings.call_timeout, parts_atom_v, who.user, *p.file_id)
    .then(
      [=](const uploaded_parts& u) {
        json_writer w;
        w.begin_object().key("parts").begin_array();
        for (auto i : u.parts)
          w.value(static_cast<std::uint64_t>(i));
        w.end_array()
          .field("part_size", static_cast<std::uint64_t>(u.part_size))
          .field("bytes", u.bytes)
          .end_object();
        done(ok(w.take()));
      },
      failed(done));
}

} // namespace ag::api_detail

namespace ag::api_detail {

AG_API_METHOD(get_file) {
  if (!p.location)
    return done(missing("location"));
  auto offset = p.offset.value_or(0);
  auto limit = p.limit.value_or(static_cast<std::int64_t>(media_rules::max_get_file_limit));
  if (limit < 1 || static_cast<std::uint64_t>(limit) > media_rules::max_get_file_limit)
    return done(fail(errc::limit_invalid, "limit runs from 1 to 131072 bytes"));
  // One read of at most 128 KiB: small enough to do right here.
  file_repo files{ctx->db};
  auto f = files.readable(who.user, *p.location);
  if (!f)
    return done(failure_outcome(f.error()));
  if (!*f)
    return done(fail(errc::location_invalid, "no file at this location for you"));
  auto& file = **f;
  if (offset > file.size)
    return done(fail(errc::offset_invalid, "offset is past the end of the file"));
  auto n = std::min<std::uint64_t>(static_cast<std::uint64_t>(limit), file.size - offset);
  auto bytes = files.read_string(file, offset, n);
  if (!bytes)
    return done(failure_outcome(bytes.error()));
  json_writer w;
  w.begin_object()
    .field("mime_type", file.mime_type.empty() ? "application/octet-stream" : file.mime_type)
    .field("size", file.size)
    .field("mtime", file.created)
    .field("offset", offset)
    .field("bytes", base64_encode(*bytes))
    .end_object();
  done(ok(w.take()));
}

} // namespace ag::api_detail
