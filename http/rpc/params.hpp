#pragma once
/// Named access to a call's parameters (a JSON object), in the manner of
/// tdlib's `Query::arg`: each method reads the parameters it takes, by name
/// and type. A parameter of the wrong type, or a required one that is
/// absent, throws `param_error` naming it; unknown parameters are ignored
/// (newer clients may send more).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "core/model/entity.hpp"
#include "core/model/ids.hpp"
#include "core/model/peer.hpp"

namespace ag {

struct param_error {
  std::string what;
};

/// Raw bytes sent as standard base64 with padding.
struct base64_bytes {
  std::string bytes;
};

class rpc_params {
public:
  rpc_params() = default; ///< no parameters
  explicit rpc_params(simdjson::dom::object o) : obj_(o), has_(true) {}

  [[nodiscard]] bool has(std::string_view name) const;

  /// The parameter, or nullopt when absent (or null).
  template <class T>
  [[nodiscard]] std::optional<T> opt(std::string_view name) const;

  /// The parameter; throws "missing parameter: <name>" when absent.
  template <class T>
  [[nodiscard]] T need(std::string_view name) const {
    auto v = opt<T>(name);
    if (!v)
      throw param_error{"missing parameter: " + std::string{name}};
    return std::move(*v);
  }

  /// The parameter, or `fallback` when absent.
  template <class T>
  [[nodiscard]] T get(std::string_view name, T fallback) const {
    auto v = opt<T>(name);
    return v ? std::move(*v) : std::move(fallback);
  }

private:
  [[nodiscard]] std::optional<simdjson::dom::element> find(std::string_view name) const;

  simdjson::dom::object obj_;
  bool has_ = false;
};

// Supported types: std::string, std::uint64_t (an id: a non-negative
// integer or a decimal string, for values over 2^53), std::int64_t, bool,
// peer ({"type":"user"|"chat","id":N}), std::vector<std::uint64_t> (ids, at
// most 1,000) and base64_bytes; the strong ids (user_id, chat_id, box_id,
// auth_session_id, upload_id, file_id) and vectors of them read as std::uint64_t ids do.
template <>
std::optional<std::string> rpc_params::opt(std::string_view name) const;
template <>
std::optional<std::uint64_t> rpc_params::opt(std::string_view name) const;
template <>
std::optional<std::int64_t> rpc_params::opt(std::string_view name) const;
template <>
std::optional<bool> rpc_params::opt(std::string_view name) const;
template <>
std::optional<peer> rpc_params::opt(std::string_view name) const;
template <>
std::optional<std::vector<std::uint64_t>> rpc_params::opt(std::string_view name) const;
template <>
std::optional<base64_bytes> rpc_params::opt(std::string_view name) const;
template <>
std::optional<user_id> rpc_params::opt(std::string_view name) const;
template <>
std::optional<chat_id> rpc_params::opt(std::string_view name) const;
template <>
std::optional<box_id> rpc_params::opt(std::string_view name) const;
template <>
std::optional<auth_session_id> rpc_params::opt(std::string_view name) const;
template <>
std::optional<upload_id> rpc_params::opt(std::string_view name) const;
template <>
std::optional<file_id> rpc_params::opt(std::string_view name) const;
template <>
std::optional<std::vector<user_id>> rpc_params::opt(std::string_view name) const;
template <>
std::optional<std::vector<chat_id>> rpc_params::opt(std::string_view name) const;
template <>
std::optional<std::vector<box_id>> rpc_params::opt(std::string_view name) const;
/// Message entities (http/rpc/entity_json.hpp).
template <>
std::optional<std::vector<message_entity>> rpc_params::opt(std::string_view name) const;

} // namespace ag
