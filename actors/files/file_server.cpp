#include "actors/files/file_server.hpp"

#include "actors/node/node_context.hpp"
#include "actors/protocol/type_ids.hpp"
#include "core/error.hpp"
#include "storage/files/file_repo.hpp"

namespace ag {

file_server_actor spawn_file_server(caf::actor_system& sys, node_context_ptr ctx) {
  return sys.spawn([ctx]() -> file_server_actor::behavior_type {
    return {
      [ctx](file_atom, std::uint64_t fid) -> caf::result<stored_file> {
        auto f = file_repo{ctx->db}.find(fid);
        if (!f)
          return f.error();
        if (!*f)
          return make_error(errc::location_invalid, "no file at this location for you");
        return std::move(**f);
      },
      [ctx](access_atom, user_id uid, std::uint64_t root) -> caf::result<bool> {
        auto may = file_repo{ctx->db}.may_read(uid.value, root);
        if (!may)
          return may.error();
        return *may;
      },
      [ctx](read_atom, const stored_file& f, std::uint64_t offset,
            std::uint64_t length) -> caf::result<std::string> {
        if (length > max_remote_read)
          return make_error(errc::limit_invalid, "a read from another node is at most 1 MiB");
        auto bytes = file_repo{ctx->db}.read_string(f, offset, length);
        if (!bytes)
          return bytes.error();
        return std::move(*bytes);
      },
    };
  });
}

} // namespace ag
