// actorgram: one messaging node. Loads the config, starts the node, waits
// for SIGINT/SIGTERM and shuts down cleanly. `actorgram cluster ...` runs an
// operator's command against a running node instead.
#include <sys/resource.h>

#include <csignal>
#include <iostream>

#include "config/node_config.hpp"
#include "core/error.hpp"
#include "http/app/cluster_cli.hpp"
#include "http/app/node.hpp"

extern char** environ;

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  for (auto& a : args)
    if (a == "--help" || a == "-h") {
      std::cout << ag::config_usage();
      return 0;
    }
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e)
    env.emplace_back(*e);
  if (!args.empty() && args[0] == "cluster")
    return ag::run_cluster_command({args.begin() + 1, args.end()}, env);
  auto cfg = ag::load_config(args, env);
  if (!cfg) {
    std::cerr << "actorgram: " << ag::to_failure(cfg.error()).description << "\n";
    return 2;
  }
  // Block the signals before any thread starts, then wait for one.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  // Every WebSocket is a descriptor: use the hard limit on open files.
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
  }
  ag::node n{*cfg};
  if (auto err = n.start()) {
    std::cerr << "actorgram: cannot start: " << ag::to_failure(err).description << "\n";
    return 1;
  }
  int sig = 0;
  sigwait(&set, &sig);
  std::cerr << "actorgram: signal " << sig << ", shutting down\n";
  n.stop();
  return 0;
}
