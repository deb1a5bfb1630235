#include "http/rpc/json_decode.hpp"

#include <simdjson.h>

#include "core/codec/json_writer.hpp"
#include "http/rpc/methods.hpp"

namespace ag {

namespace {

namespace dom = simdjson::dom;

rpc_failure invalid(std::string what) {
  return rpc_failure{errc::input_request_invalid, std::move(what), 0};
}

dom::parser& parser() {
  thread_local dom::parser p;
  return p;
}

bool blank(std::string_view json) {
  for (char c : json)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
      return false;
  return true;
}

} // namespace

std::optional<rpc_failure> with_params(std::string_view json,
                                       const std::function<void(const rpc_params&)>& with) {
  if (blank(json)) {
    with(rpc_params{});
    return std::nullopt;
  }
  simdjson::padded_string padded{json};
  dom::element doc;
  if (auto err = parser().parse(padded).get(doc); err != simdjson::SUCCESS)
    return invalid(std::string{"malformed JSON: "} + simdjson::error_message(err));
  dom::object o;
  if (doc.get_object().get(o) != simdjson::SUCCESS)
    return invalid("the body must be a JSON object");
  with(rpc_params{o});
  return std::nullopt;
}

std::variant<rpc_request, rpc_failure> decode_call(std::string_view method, std::string_view body) {
  rpc_request req;
  if (auto f = with_params(body, [&](const rpc_params& p) { req = bind_method(method, p); }))
    return *f;
  return req;
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
  dom::element params;
  if (o.at_key("params").get(params) == simdjson::SUCCESS && !params.is_null()) {
    dom::object po;
    if (params.get_object().get(po) != simdjson::SUCCESS) {
      rej.failure = invalid("'params' must be an object");
      return rej;
    }
    call.request = bind_method(method, rpc_params{po});
  } else {
    call.request = bind_method(method, rpc_params{});
  }
  return call;
}

} // namespace ag
