#include "http/rpc/json_decode.hpp"

#include "core/codec/base64.hpp"

#include <simdjson.h>

#include "core/codec/json_writer.hpp"

namespace ag {

namespace {

namespace dom = simdjson::dom;

struct decode_error {
  std::string what;
};

rpc_failure invalid(std::string what) {
  return rpc_failure{errc::input_request_invalid, std::move(what), 0};
}

dom::parser& parser() {
  thread_local dom::parser p;
  return p;
}

std::string get_string(dom::element e, const char* name) {
  std::string_view s;
  if (e.get_string().get(s) != simdjson::SUCCESS)
    throw decode_error{std::string{"parameter '"} + name + "' must be a string"};
  return std::string{s};
}

/// Ids: a non-negative integer, or a decimal string (for values over 2^53).
std::uint64_t get_id(dom::element e, const char* name) {
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
  throw decode_error{std::string{"parameter '"} + name
                     + "' must be a non-negative integer or a decimal string"};
}

std::int64_t get_int(dom::element e, const char* name) {
  std::int64_t i = 0;
  if (e.get_int64().get(i) != simdjson::SUCCESS)
    throw decode_error{std::string{"parameter '"} + name + "' must be an integer"};
  return i;
}

bool get_bool(dom::element e, const char* name) {
  bool b = false;
  if (e.get_bool().get(b) != simdjson::SUCCESS)
    throw decode_error{std::string{"parameter '"} + name + "' must be a boolean"};
  return b;
}

std::vector<std::uint64_t> get_ids(dom::element e, const char* name) {
  dom::array a;
  if (e.get_array().get(a) != simdjson::SUCCESS)
    throw decode_error{std::string{"parameter '"} + name + "' must be an array of integers"};
  std::vector<std::uint64_t> ids;
  for (auto x : a) {
    if (ids.size() > 1000)
      throw decode_error{std::string{"parameter '"} + name + "' is too long"};
    ids.push_back(get_id(x, name));
  }
  return ids;
}

peer get_peer(dom::element e, const char* name = "peer") {
  dom::object o;
  if (e.get_object().get(o) != simdjson::SUCCESS)
    throw decode_error{std::string{"parameter '"} + name
                       + "' must be an object {\"type\":\"user\",\"id\":N}"};
  peer p;
  bool has_type = false, has_id = false;
  for (auto field : o) {
    if (field.key == "type") {
      auto t = get_string(field.value, "peer.type");
      if (t == "user")
        p.type = peer_type::user;
      else if (t == "chat")
        p.type = peer_type::chat;
      else
        throw decode_error{std::string{"parameter '"} + name
                           + ".type' must be \"user\" or \"chat\""};
      has_type = true;
    } else if (field.key == "id") {
      p.id = get_id(field.value, "peer.id");
      if (p.id == 0)
        throw decode_error{std::string{"parameter '"} + name + ".id' must not be 0"};
      has_id = true;
    }
  }
  if (!has_type || !has_id)
    throw decode_error{std::string{"parameter '"} + name + "' needs 'type' and 'id'"};
  return p;
}

rpc_params params_of(dom::object o) {
  rpc_params p;
  for (auto field : o) {
    auto k = field.key;
    auto v = field.value;
    if (k == "username")
      p.username = get_string(v, "username");
    else if (k == "password")
      p.password = get_string(v, "password");
    else if (k == "first_name")
      p.first_name = get_string(v, "first_name");
    else if (k == "last_name")
      p.last_name = get_string(v, "last_name");
    else if (k == "token")
      p.token = get_string(v, "token");
    else if (k == "message")
      p.message = get_string(v, "message");
    else if (k == "peer")
      p.to = get_peer(v);
    else if (k == "random_id")
      p.random_id = get_id(v, "random_id");
    else if (k == "reply_to")
      p.reply_to = get_id(v, "reply_to");
    else if (k == "offset_id")
      p.offset_id = get_id(v, "offset_id");
    else if (k == "pts")
      p.pts = get_id(v, "pts");
    else if (k == "max_id")
      p.max_id = get_id(v, "max_id");
    else if (k == "add_offset")
      p.add_offset = get_int(v, "add_offset");
    else if (k == "limit")
      p.limit = get_int(v, "limit");
    else if (k == "offset_date")
      p.offset_date = get_int(v, "offset_date");
    else if (k == "offline")
      p.offline = get_bool(v, "offline");
    else if (k == "revoke")
      p.revoke = get_bool(v, "revoke");
    else if (k == "pinned")
      p.pinned = get_bool(v, "pinned");
    else if (k == "is_admin")
      p.is_admin = get_bool(v, "is_admin");
    else if (k == "ids")
      p.ids = get_ids(v, "ids");
    else if (k == "user_ids")
      p.user_ids = get_ids(v, "user_ids");
    else if (k == "random_ids")
      p.random_ids = get_ids(v, "random_ids");
    else if (k == "title")
      p.title = get_string(v, "title");
    else if (k == "action")
      p.action = get_string(v, "action");
    else if (k == "q")
      p.q = get_string(v, "q");
    else if (k == "from_peer")
      p.from_peer = get_peer(v, "from_peer");
    else if (k == "min_id")
      p.min_id = get_id(v, "min_id");
    else if (k == "id")
      p.id = get_id(v, "id");
    else if (k == "chat_id")
      p.chat_id = get_id(v, "chat_id");
    else if (k == "user_id")
      p.user_id = get_id(v, "user_id");
    else if (k == "email")
      p.email = get_string(v, "email");
    else if (k == "code")
      p.code = get_string(v, "code");
    else if (k == "new_password")
      p.new_password = get_string(v, "new_password");
    else if (k == "purpose")
      p.purpose = get_string(v, "purpose");
    else if (k == "device")
      p.device = get_string(v, "device");
    else if (k == "hash")
      p.hash = get_id(v, "hash");
    else if (k == "file_id")
      p.file_id = get_id(v, "file_id");
    else if (k == "file_part")
      p.file_part = get_id(v, "file_part");
    else if (k == "file_total_parts")
      p.file_total_parts = get_id(v, "file_total_parts");
    else if (k == "media")
      p.media = get_string(v, "media");
    else if (k == "file_name")
      p.file_name = get_string(v, "file_name");
    else if (k == "mime_type")
      p.mime_type = get_string(v, "mime_type");
    else if (k == "md5_checksum")
      p.md5_checksum = get_string(v, "md5_checksum");
    else if (k == "location")
      p.location = get_id(v, "location");
    else if (k == "offset")
      p.offset = get_id(v, "offset");
    else if (k == "bytes") {
      auto decoded = base64_decode(get_string(v, "bytes"));
      if (!decoded)
        throw decode_error{"parameter 'bytes' must be standard base64 with padding"};
      p.bytes = std::move(*decoded);
    }
    // Unknown keys are ignored (newer clients may send more).
  }
  return p;
}

} // namespace

std::variant<rpc_params, rpc_failure> decode_params(std::string_view json) {
  bool blank = true;
  for (char c : json)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
      blank = false;
  if (blank)
    return rpc_params{};
  simdjson::padded_string padded{json};
  dom::element doc;
  if (auto err = parser().parse(padded).get(doc); err != simdjson::SUCCESS)
    return invalid(std::string{"malformed JSON: "} + simdjson::error_message(err));
  dom::object o;
  if (doc.get_object().get(o) != simdjson::SUCCESS)
    return invalid("the body must be a JSON object");
  try {
    return params_of(o);
  } catch (const decode_error& e) {
    return invalid(e.what);
  }
}

std::variant<jsonrpc_call, jsonrpc_reject> jsonrpc_decoder::decode(std::string_view frame) const {
  jsonrpc_reject rej;
  simdjson::padded_string padded{frame};
  dom::element doc;
  if (auto err = parser().parse(padded).get(doc); err != simdjson::SUCCESS) {
    rej.failure = invalid(std::string{"malformed JSON: "} + simdjson::error_message(err));
    return rej;
  }
  dom::object o;
  if (doc.get_object().get(o) != simdjson::SUCCESS) {
    rej.failure = invalid("a request must be a JSON object (batches are not supported)");
    return rej;
  }
  // The id first, so later errors can be answered under it.
  dom::element id;
  if (o.at_key("id").get(id) == simdjson::SUCCESS) {
    if (id.is_string()) {
      std::string_view s;
      if (id.get_string().get(s) != simdjson::SUCCESS)
        s = {};
      if (s.size() > 128) {
        rej.failure = invalid("'id' is too long");
        return rej;
      }
      std::string out = "\"";
      json_writer::escape_into(out, s);
      out += "\"";
      rej.id_json = out;
    } else if (id.is_int64() || id.is_uint64()) {
      rej.id_json = simdjson::minify(id);
    } else if (!id.is_null()) {
      rej.failure = invalid("'id' must be a string, an integer or null");
      return rej;
    }
  }
  std::string_view version;
  if (o.at_key("jsonrpc").get_string().get(version) != simdjson::SUCCESS || version != "2.0") {
    rej.failure = invalid("'jsonrpc' must be \"2.0\"");
    return rej;
  }
  std::string_view method;
  if (o.at_key("method").get_string().get(method) != simdjson::SUCCESS) {
    rej.failure = invalid("'method' must be a string");
    return rej;
  }
  jsonrpc_call call;
  call.id_json = rej.id_json;
  call.request.method = std::string{method};
  dom::element params;
  if (o.at_key("params").get(params) == simdjson::SUCCESS && !params.is_null()) {
    dom::object po;
    if (params.get_object().get(po) != simdjson::SUCCESS) {
      rej.failure = invalid("'params' must be an object");
      return rej;
    }
    try {
      call.request.params = params_of(po);
    } catch (const decode_error& e) {
      rej.failure = invalid(e.what);
      return rej;
    }
  }
  return call;
}

} // namespace ag
