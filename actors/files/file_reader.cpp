#include "actors/files/file_reader.hpp"

#include <future>

#include "actors/cluster/routes.hpp"
#include "actors/files/file_fetch.hpp"
#include "actors/files/file_server.hpp"
#include "actors/node/node_context.hpp"
#include "actors/protocol/type_ids.hpp"
#include "core/error.hpp"
#include "storage/files/file_repo.hpp"

namespace ag {

namespace {

/// Runs `run(self, done)` in a short-lived actor and waits for `done`'s
/// value: the bridge from a plain thread to another node's file_server.
/// The calls inside carry remote_call_timeout; the wait allows a second more.
template <class T, class Run>
caf::expected<T> wait_for(caf::actor_system& sys, Run run) {
  auto promise = std::make_shared<std::promise<caf::expected<T>>>();
  auto result = promise->get_future();
  sys.spawn([run, promise](caf::event_based_actor* self) -> caf::behavior {
    run(self, [self, promise](caf::expected<T> r) {
      promise->set_value(std::move(r));
      self->quit();
    });
    return {[](tick_atom) {
    }};
  });
  if (result.wait_for(remote_call_timeout + std::chrono::seconds{1}) != std::future_status::ready)
    return make_error(errc::timeout, "another node did not answer in time");
  return result.get();
}

} // namespace

file_reader::file_reader(caf::actor_system& sys, node_context_ptr ctx)
  : sys_(&sys), ctx_(std::move(ctx)) {}

caf::expected<std::optional<stored_file>> file_reader::readable(std::uint64_t uid,
                                                                std::uint64_t fid) const {
  if (!ctx_->routes)
    return file_repo{ctx_->db}.readable(uid, fid);
  auto ctx = ctx_;
  return wait_for<std::optional<stored_file>>(
    *sys_, [ctx, uid, fid](caf::event_based_actor* self, file_fetch::found_fn done) {
      file_fetch::readable(self, ctx, uid, fid, std::move(done));
    });
}

caf::error file_reader::read(const stored_file& f, std::uint64_t offset, std::uint64_t length,
                             const std::function<bool(std::string_view)>& out) const {
  if (file_fetch::stored_here(*ctx_, f.id))
    return file_repo{ctx_->db}.read(f, offset, length, out);
  if (offset > f.size || length > f.size - offset)
    return make_error(errc::offset_invalid, "the range is past the end of the file");
  // One stored part (or what is left of it) per call to the storing node.
  auto part = f.part_size != 0 ? std::uint64_t{f.part_size} : std::max<std::uint64_t>(f.size, 1);
  auto ctx = ctx_;
  while (length > 0) {
    auto n = std::min({length, part - offset % part, max_remote_read});
    auto bytes = wait_for<std::string>(
      *sys_, [ctx, f, offset, n](caf::event_based_actor* self, file_fetch::bytes_fn done) {
        file_fetch::read(self, ctx, f, offset, n, std::move(done));
      });
    if (!bytes)
      return bytes.error();
    if (bytes->size() != n)
      return make_error(errc::storage_failure, "another node sent a short part");
    if (!out(*bytes))
      return {};
    offset += n;
    length -= n;
  }
  return {};
}

} // namespace ag
