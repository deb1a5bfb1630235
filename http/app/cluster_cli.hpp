#pragma once
/// `actorgram cluster ...`: an operator's commands against the running node
/// that the same config describes. They dial its cluster port with the
/// cluster secret, as a node would, so the secret file is the operator's
/// credential and nothing new listens.
#include <string>
#include <vector>

namespace ag {

/// `args` after "cluster": `status [--json] [config flags]`. Prints to
/// stdout; returns the process exit code (0 ok, 1 the node did not answer,
/// 2 bad usage or config).
int run_cluster_command(const std::vector<std::string>& args, const std::vector<std::string>& env);

} // namespace ag
