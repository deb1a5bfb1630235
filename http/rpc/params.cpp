#include "http/rpc/params.hpp"

#include "http/rpc/entity_json.hpp"

#include "core/codec/base64.hpp"

namespace ag {

namespace {

namespace dom = simdjson::dom;

[[noreturn]] void wrong(std::string_view name, std::string_view must) {
  throw param_error{"parameter '" + std::string{name} + "' must be " + std::string{must}};
}

std::string string_of(dom::element e, std::string_view name) {
  std::string_view s;
  if (e.get_string().get(s) != simdjson::SUCCESS)
    wrong(name, "a string");
  return std::string{s};
}

std::uint64_t id_of(dom::element e, std::string_view name) {
  std::uint64_t u = 0;
  if (e.get_uint64().get(u) == simdjson::SUCCESS)
    return u;
  std::string_view s;
  if (e.get_string().get(s) == simdjson::SUCCESS && !s.empty() && s.size() <= 20) {
    std::uint64_t x = 0;
    bool ok = true;
    for (char c : s) {
      auto digit = static_cast<std::uint64_t>(c - '0');
      if (c < '0' || c > '9' || x > (UINT64_MAX - digit) / 10) {
        ok = false;
        break;
      }
      x = x * 10 + digit;
    }
    if (ok)
      return x;
  }
  wrong(name, "a non-negative integer or a decimal string");
}

} // namespace

bool rpc_params::has(std::string_view name) const {
  return find(name).has_value();
}

std::optional<dom::element> rpc_params::find(std::string_view name) const {
  if (!has_)
    return std::nullopt;
  dom::element e;
  if (obj_.at_key(name).get(e) != simdjson::SUCCESS || e.is_null())
    return std::nullopt;
  return e;
}

template <>
std::optional<std::string> rpc_params::opt(std::string_view name) const {
  auto e = find(name);
  if (!e)
    return std::nullopt;
  return string_of(*e, name);
}

template <>
std::optional<std::uint64_t> rpc_params::opt(std::string_view name) const {
  auto e = find(name);
  if (!e)
    return std::nullopt;
  return id_of(*e, name);
}

template <>
std::optional<std::int64_t> rpc_params::opt(std::string_view name) const {
  auto e = find(name);
  if (!e)
    return std::nullopt;
  std::int64_t i = 0;
  if (e->get_int64().get(i) != simdjson::SUCCESS)
    wrong(name, "an integer");
  return i;
}

template <>
std::optional<bool> rpc_params::opt(std::string_view name) const {
  auto e = find(name);
  if (!e)
    return std::nullopt;
  bool b = false;
  if (e->get_bool().get(b) != simdjson::SUCCESS)
    wrong(name, "a boolean");
  return b;
}

template <>
std::optional<std::vector<std::uint64_t>> rpc_params::opt(std::string_view name) const {
  auto e = find(name);
  if (!e)
    return std::nullopt;
  dom::array a;
  if (e->get_array().get(a) != simdjson::SUCCESS)
    wrong(name, "an array of integers");
  std::vector<std::uint64_t> ids;
  for (auto x : a) {
    if (ids.size() > 1000)
      throw param_error{"parameter '" + std::string{name} + "' is too long"};
    ids.push_back(id_of(x, name));
  }
  return ids;
}

template <>
std::optional<peer> rpc_params::opt(std::string_view name) const {
  auto e = find(name);
  if (!e)
    return std::nullopt;
  auto n = std::string{name};
  dom::object o;
  if (e->get_object().get(o) != simdjson::SUCCESS)
    wrong(name, "an object {\"type\":\"user\",\"id\":N}");
  peer p;
  bool has_type = false, has_id = false;
  for (auto field : o) {
    if (field.key == "type") {
      auto t = string_of(field.value, n + ".type");
      if (t == "user")
        p.type = peer_type::user;
      else if (t == "chat")
        p.type = peer_type::chat;
      else
        wrong(n + ".type", "\"user\" or \"chat\"");
      has_type = true;
    } else if (field.key == "id") {
      p.id = id_of(field.value, n + ".id");
      if (p.id == 0)
        throw param_error{"parameter '" + n + ".id' must not be 0"};
      has_id = true;
    }
  }
  if (!has_type || !has_id)
    throw param_error{"parameter '" + n + "' needs 'type' and 'id'"};
  return p;
}

template <>
std::optional<base64_bytes> rpc_params::opt(std::string_view name) const {
  auto e = find(name);
  if (!e)
    return std::nullopt;
  auto decoded = base64_decode(string_of(*e, name));
  if (!decoded)
    wrong(name, "standard base64 with padding");
  return base64_bytes{std::move(*decoded)};
}

namespace {

template <class Id>
std::optional<Id> one(std::optional<std::uint64_t> raw) {
  return raw ? std::optional<Id>{Id{*raw}} : std::nullopt;
}

template <class Id>
std::optional<std::vector<Id>> many(std::optional<std::vector<std::uint64_t>> raw) {
  return raw ? std::optional<std::vector<Id>>{wrap_ids<Id>(*raw)} : std::nullopt;
}

} // namespace

template <>
std::optional<user_id> rpc_params::opt(std::string_view name) const {
  return one<user_id>(opt<std::uint64_t>(name));
}

template <>
std::optional<chat_id> rpc_params::opt(std::string_view name) const {
  return one<chat_id>(opt<std::uint64_t>(name));
}

template <>
std::optional<box_id> rpc_params::opt(std::string_view name) const {
  return one<box_id>(opt<std::uint64_t>(name));
}

template <>
std::optional<auth_session_id> rpc_params::opt(std::string_view name) const {
  return one<auth_session_id>(opt<std::uint64_t>(name));
}

template <>
std::optional<upload_id> rpc_params::opt(std::string_view name) const {
  return one<upload_id>(opt<std::uint64_t>(name));
}

template <>
std::optional<file_id> rpc_params::opt(std::string_view name) const {
  return one<file_id>(opt<std::uint64_t>(name));
}

template <>
std::optional<std::vector<user_id>> rpc_params::opt(std::string_view name) const {
  return many<user_id>(opt<std::vector<std::uint64_t>>(name));
}

template <>
std::optional<std::vector<chat_id>> rpc_params::opt(std::string_view name) const {
  return many<chat_id>(opt<std::vector<std::uint64_t>>(name));
}

template <>
std::optional<std::vector<box_id>> rpc_params::opt(std::string_view name) const {
  return many<box_id>(opt<std::vector<std::uint64_t>>(name));
}

template <>
std::optional<std::vector<message_entity>> rpc_params::opt(std::string_view name) const {
  auto e = find(name);
  if (!e)
    return std::nullopt;
  auto decoded = decode_entities(*e);
  if (auto* err = std::get_if<std::string>(&decoded))
    throw param_error{"parameter '" + std::string{name} + "': " + *err};
  return std::get<std::vector<message_entity>>(std::move(decoded));
}

} // namespace ag
