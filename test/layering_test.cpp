// The layers include one way only: core <- storage <- actors <- http (and
// config over core). Reads every source file's quoted includes.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

/// What a folder may include, by the longest matching folder prefix.
const std::map<std::string, std::vector<std::string>>& rules() {
  static const std::map<std::string, std::vector<std::string>> r = {
    {"core/", {"core/"}},
    {"storage/", {"core/", "storage/"}},
    // The codecs are their own library: bytes in, pictures out, no actors.
    {"actors/media/codec/", {"core/", "actors/media/codec/"}},
    {"actors/", {"core/", "storage/", "actors/"}},
    {"config/", {"core/", "config/"}},
    // The composition root opens storage and spawns the actors.
    {"http/app/", {"core/", "storage/", "actors/", "config/", "http/"}},
    {"http/", {"core/", "actors/", "config/", "http/"}},
  };
  return r;
}

std::string rule_for(const std::string& file) {
  std::string best;
  for (auto& [prefix, _] : rules())
    if (file.rfind(prefix, 0) == 0 && prefix.size() > best.size())
      best = prefix;
  return best;
}

} // namespace

TEST_CASE("includes point down the layers only") {
  const fs::path root = ACTORGRAM_SOURCE_DIR;
  const std::regex include_re{R"re(^\s*#\s*include\s*"([^"]+)")re"};
  std::vector<std::string> violations;
  std::size_t files = 0;
  for (const char* layer : {"core", "storage", "actors", "config", "http"}) {
    for (auto& entry : fs::recursive_directory_iterator(root / layer)) {
      auto ext = entry.path().extension();
      if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".hpp"))
        continue;
      ++files;
      auto rel = fs::relative(entry.path(), root).generic_string();
      auto& allowed = rules().at(rule_for(rel));
      std::ifstream in{entry.path()};
      std::string line;
      std::smatch m;
      while (std::getline(in, line)) {
        if (!std::regex_search(line, m, include_re))
          continue;
        std::string target = m[1];
        bool ok = false;
        for (auto& a : allowed)
          ok = ok || target.rfind(a, 0) == 0;
        if (!ok)
          violations.push_back(rel + " includes " + target);
      }
    }
  }
  CHECK(files > 100);
  for (auto& v : violations)
    INFO(v);
  CHECK_MESSAGE(violations.empty(), violations.size(), " includes point up a layer");
  for (auto& v : violations)
    MESSAGE(v);
}

TEST_CASE("actor contracts include no storage and no node context") {
  // A header that declares a typed actor is a contract: callers include it,
  // so it must not drag storage (or the node context, which holds it) along.
  const fs::path root = ACTORGRAM_SOURCE_DIR;
  const std::regex include_re{R"re(^\s*#\s*include\s*"([^"]+)")re"};
  std::vector<std::string> violations;
  std::size_t contracts = 0;
  for (auto& entry : fs::recursive_directory_iterator(root / "actors")) {
    if (!entry.is_regular_file() || entry.path().extension() != ".hpp")
      continue;
    std::ifstream in{entry.path()};
    std::vector<std::string> lines;
    bool contract = false;
    for (std::string line; std::getline(in, line); lines.push_back(line))
      contract = contract || line.find("caf::typed_actor<") != std::string::npos
                 || line.find("::extend<") != std::string::npos;
    if (!contract || entry.path().string().find("/detail/") != std::string::npos)
      continue; // not a contract, or an actor's internal state (its .cpp files only)
    ++contracts;
    auto rel = fs::relative(entry.path(), root).generic_string();
    std::smatch m;
    for (auto& line : lines) {
      if (!std::regex_search(line, m, include_re))
        continue;
      std::string target = m[1];
      if (target.rfind("storage/", 0) == 0 || target == "actors/node/node_context.hpp")
        violations.push_back(rel + " includes " + target);
    }
  }
  CHECK(contracts >= 9); // idgen, status, directory, dfs, media, auth, dialog, chat, user
  for (auto& v : violations)
    MESSAGE(v);
  CHECK_MESSAGE(violations.empty(), violations.size(), " contract headers include storage");
}
