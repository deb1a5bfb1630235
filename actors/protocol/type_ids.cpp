#include "actors/protocol/type_ids.hpp"

namespace ag {

void announce_types(caf::actor_system_config& cfg) {
  cfg.add_message_types<caf::id_block::actorgram>();
}

} // namespace ag
