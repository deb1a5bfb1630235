// The file methods (docs/api.md, "Files"): uploads through the dfs actor.
#include "actors/api_detail.hpp"

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
  self->request(ctx->dfs, ctx->settings.call_timeout, parts_atom::value, who.user, *p.file_id)
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
