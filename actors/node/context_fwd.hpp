#pragma once
/// The node context by name only, for contract headers (their spawn
/// functions take it) without pulling in what it holds.
#include <memory>

namespace ag {

struct node_context;
using node_context_ptr = std::shared_ptr<node_context>;

} // namespace ag
