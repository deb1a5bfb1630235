#pragma once
/// The node's configuration: `config/node.yaml` (every key documented there
/// with its default), overridden by ACTORGRAM_<SECTION>_<KEY> environment
/// variables, overridden by command-line flags. Validated once at start-up;
/// immutable afterwards. Errors name the offending key.
#include <caf/expected.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/settings.hpp"

namespace ag {

/// Every section of the file, each with its defaults (core/settings.hpp):
/// the sections the actors read (actor_settings), then those of the
/// gateways and storage.
struct node_config : actor_settings {
  http_settings http{};
  ws_settings ws{};
  storage_settings storage{};

  /// What the actors are given (node_context::settings).
  const actor_settings& for_actors() const { return *this; }
};

/// Loads the config: `args` are the command-line arguments (without argv[0]),
/// `env` the environment (NAME=value strings). The YAML file is `--config`,
/// else `config/node.yaml` if it exists, else built-in defaults.
caf::expected<node_config> load_config(const std::vector<std::string>& args,
                                       const std::vector<std::string>& env);

/// Usage text for --help.
std::string config_usage();

} // namespace ag
