#include "actors/services/files_service.hpp"

#include <algorithm>

#include "actors/cluster/routes.hpp"
#include "actors/files/file_fetch.hpp"
#include "actors/protocol/type_ids.hpp"
#include "core/rules/media_rules.hpp"

namespace ag::files_service {

caf::expected<upload_node> uploads_of(const call_env& env) {
  auto& ctx = *env.ctx;
  auto home = place_of(ctx.routes, env.who.user.value);
  switch (home.where) {
  case placement::kind::local:
    return upload_node{ctx.dfs, ctx.media, caf::duration{ctx.settings.actors.call_timeout()}};
  case placement::kind::remote:
    return upload_node{home.at->dfs, home.at->media, caf::duration{remote_call_timeout}};
  case placement::kind::unavailable:
    break;
  }
  return unavailable_error(home);
}

void save_part(const call_env& env, part_args a, reply<bool> done) {
  if (a.file_part > 0xffffffffull || a.file_total_parts > 0xffffffffull)
    return done(make_error(errc::file_part_invalid, "part numbers run from 0 to 3999"));
  auto at = uploads_of(env);
  if (!at)
    return done(at.error());
  ag::save_part req{env.who.user, a.file_id, static_cast<std::uint32_t>(a.file_part),
                    static_cast<std::uint32_t>(a.file_total_parts), std::move(a.bytes)};
  env.self->request(at->dfs, at->timeout, std::move(req))
    .then([=](std::uint64_t) { done(true); }, [=](caf::error& err) { done(std::move(err)); });
}

void get_uploaded_parts(const call_env& env, upload_id file, reply<uploaded_parts> done) {
  auto at = uploads_of(env);
  if (!at)
    return done(at.error());
  env.self->request(at->dfs, at->timeout, parts_atom_v, env.who.user, file)
    .then([=](uploaded_parts& u) { done(std::move(u)); },
          [=](caf::error& err) { done(std::move(err)); });
}

void get_file(const call_env& env, chunk_args a, reply<file_chunk> done) {
  if (a.limit < 1 || static_cast<std::uint64_t>(a.limit) > media_rules::max_get_file_limit)
    return done(make_error(errc::limit_invalid, "limit runs from 1 to 131072 bytes"));
  // One read of at most 128 KiB: small enough to do in one call.
  file_fetch::readable(
    env.self, env.ctx, env.who.user.value, a.location.value,
    [env, a, done](caf::expected<std::optional<stored_file>> f) {
      if (!f)
        return done(f.error());
      if (!*f)
        return done(make_error(errc::location_invalid, "no file at this location for you"));
      auto file = std::move(**f);
      if (a.offset > file.size)
        return done(make_error(errc::offset_invalid, "offset is past the end of the file"));
      auto n = std::min<std::uint64_t>(static_cast<std::uint64_t>(a.limit), file.size - a.offset);
      file_fetch::read(
        env.self, env.ctx, file, a.offset, n, [file, a, done](caf::expected<std::string> bytes) {
          if (!bytes)
            return done(bytes.error());
          done(file_chunk{file.mime_type.empty() ? "application/octet-stream" : file.mime_type,
                          file.size, file.created, a.offset, std::move(*bytes)});
        });
    });
}

} // namespace ag::files_service
