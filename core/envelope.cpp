#include "core/envelope.hpp"

#include "core/codec/json_writer.hpp"

namespace ag::envelope {

namespace {

/// What a client is told. A storage failure's own text is RocksDB's, and
/// may name server files: it went to the node's log where it was made.
std::string description(const rpc_failure& f) {
  if (f.code == errc::storage_failure)
    return "the node could not read or write its storage; retry later";
  return f.description.empty() ? std::string{info(f.code).name} : f.description;
}

} // namespace

std::string http_ok(std::string_view result_json) {
  std::string out = "{\"ok\":true,\"result\":";
  out += result_json;
  out += "}";
  return out;
}

std::string http_error(const rpc_failure& f) {
  json_writer w;
  auto& i = info(f.code);
  w.begin_object()
    .field("ok", false)
    .field("error_code", i.http_status)
    .field("error", i.name)
    .field("description", description(f));
  if (f.retry_after > 0)
    w.field("retry_after", f.retry_after);
  w.end_object();
  return w.take();
}

std::string rpc_result(std::string_view id_json, std::string_view result_json) {
  std::string out = "{\"jsonrpc\":\"2.0\",\"id\":";
  out += id_json;
  out += ",\"result\":";
  out += result_json;
  out += "}";
  return out;
}

std::string rpc_error(std::string_view id_json, const rpc_failure& f) {
  json_writer w;
  auto& i = info(f.code);
  w.begin_object()
    .field("jsonrpc", "2.0")
    .key("id")
    .raw(id_json)
    .key("error")
    .begin_object()
    .field("code", i.http_status)
    .field("message", i.name)
    .key("data")
    .begin_object()
    .field("description", description(f));
  if (f.retry_after > 0)
    w.field("retry_after", f.retry_after);
  w.end_object().end_object().end_object();
  return w.take();
}

std::string rpc_notification(std::string_view method, std::string_view params_json) {
  json_writer w;
  w.begin_object()
    .field("jsonrpc", "2.0")
    .field("method", method)
    .key("params")
    .raw(params_json)
    .end_object();
  return w.take();
}

} // namespace ag::envelope
