#include "actors/media/media_pool.hpp"

#include "actors/node/node_context.hpp"

#include <caf/actor_pool.hpp>
#include <opencv2/core.hpp>

#include "actors/media/codec/photo.hpp"
#include "actors/media/media_describe.hpp"
#include "actors/media/media_protocol.hpp"
#include "actors/protocol/atoms.hpp"
#include "actors/protocol/type_ids.hpp"

namespace ag {

media_actor spawn_media_pool(caf::actor_system& sys, std::size_t workers, node_context_ptr ctx) {
  // Each worker is one thread; OpenCV's own thread pool would only make
  // the workers fight over the same cores.
  cv::setNumThreads(1);
  auto factory = [&sys, ctx] {
    media_actor worker = sys.spawn<caf::detached>([ctx]() -> media_actor::behavior_type {
      return {
        [ctx](const describe_media& req) -> caf::result<message_media> {
          auto r = describe(*ctx, req);
          if (!r)
            return r.error();
          return std::move(*r);
        },
        [](photo_atom, const std::string& bytes) -> caf::result<processed_photo> {
          auto r = process_photo(bytes);
          if (!r)
            return r.error();
          return std::move(*r);
        },
      };
    });
    return caf::actor_cast<caf::actor>(worker);
  };
  // CAF's pool is dynamically typed; it forwards exactly what its workers take.
  return caf::actor_cast<media_actor>(caf::actor_pool::make(
    sys.dummy_execution_unit(), workers, factory, caf::actor_pool::round_robin()));
}

} // namespace ag
