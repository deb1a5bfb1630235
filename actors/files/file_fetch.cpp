#include "actors/files/file_fetch.hpp"

#include "actors/cluster/routes.hpp"
#include "actors/node/node_context.hpp"
#include "actors/protocol/type_ids.hpp"
#include "core/codec/snowflake.hpp"
#include "core/error.hpp"
#include "storage/files/file_repo.hpp"

namespace ag::file_fetch {

namespace {

/// Where file `fid` is stored: the node that made its id. A node the map
/// does not know (a made-up id) has no files: nullopt then, as for a
/// missing file; a member that is down is UNAVAILABLE.
placement stored_at(const node_context& ctx, std::uint64_t fid) {
  return ctx.routes->node(static_cast<cluster::node_number>(snowflake::node_of(fid)));
}

bool known_member(const placement& p) {
  if (!p.table)
    return false;
  for (auto n : p.table->map.nodes())
    if (n == p.owner)
      return true;
  return false;
}

/// Whether `uid` may read `f` (or the original it is a rendition of), asked
/// of uid's home node.
void check_access(caf::event_based_actor* self, const node_context_ptr& ctx, std::uint64_t uid,
                  const stored_file& f, const found_fn& done) {
  auto root = f.parent != 0 ? f.parent : f.id;
  auto home = ctx->routes->place(uid);
  auto answer = [f, done](bool may) {
    done(may ? std::optional<stored_file>{f} : std::optional<stored_file>{});
  };
  switch (home.where) {
  case placement::kind::local: {
    auto may = file_repo{ctx->db}.may_read(uid, root);
    if (!may)
      return done(may.error());
    return answer(*may);
  }
  case placement::kind::remote:
    self
      ->request(home.at->files, caf::duration{remote_call_timeout}, access_atom_v, user_id{uid},
                root)
      .then(answer, [done](caf::error& err) { done(std::move(err)); });
    return;
  case placement::kind::unavailable:
    return done(unavailable_error(home));
  }
}

} // namespace

bool stored_here(const node_context& ctx, std::uint64_t fid) {
  return !ctx.routes || stored_at(ctx, fid).where == placement::kind::local;
}

void readable(caf::event_based_actor* self, const node_context_ptr& ctx, std::uint64_t uid,
              std::uint64_t fid, found_fn done) {
  if (!ctx->routes)
    return done(file_repo{ctx->db}.readable(uid, fid));
  auto at = stored_at(*ctx, fid);
  switch (at.where) {
  case placement::kind::local: {
    auto f = file_repo{ctx->db}.find(fid);
    if (!f || !*f)
      return done(std::move(f));
    return check_access(self, ctx, uid, **f, done);
  }
  case placement::kind::remote:
    self->request(at.at->files, caf::duration{remote_call_timeout}, file_atom_v, fid)
      .then([=](stored_file& f) { check_access(self, ctx, uid, f, done); },
            [done](caf::error& err) {
              if (to_failure(err).code == errc::location_invalid)
                return done(std::optional<stored_file>{});
              done(std::move(err));
            });
    return;
  case placement::kind::unavailable:
    if (!known_member(at))
      return done(std::optional<stored_file>{});
    return done(node_down_error(at.owner));
  }
}

void read(caf::event_based_actor* self, const node_context_ptr& ctx, const stored_file& f,
          std::uint64_t offset, std::uint64_t length, bytes_fn done) {
  auto at = ctx->routes ? stored_at(*ctx, f.id) : placement{};
  switch (at.where) {
  case placement::kind::local:
    return done(file_repo{ctx->db}.read_string(f, offset, length));
  case placement::kind::remote:
    self->request(at.at->files, caf::duration{remote_call_timeout}, read_atom_v, f, offset, length)
      .then([done](std::string& bytes) { done(std::move(bytes)); },
            [done](caf::error& err) { done(std::move(err)); });
    return;
  case placement::kind::unavailable:
    return done(node_down_error(at.owner));
  }
}

} // namespace ag::file_fetch
