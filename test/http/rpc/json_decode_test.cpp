#include <doctest/doctest.h>

#include "http/rpc/json_decode.hpp"

using namespace ag;

namespace {

rpc_params ok(std::string_view json) {
  auto r = decode_params(json);
  REQUIRE(std::holds_alternative<rpc_params>(r));
  return std::get<rpc_params>(r);
}

std::string bad(std::string_view json) {
  auto r = decode_params(json);
  REQUIRE(std::holds_alternative<rpc_failure>(r));
  CHECK(std::get<rpc_failure>(r).code == errc::input_request_invalid);
  return std::get<rpc_failure>(r).description;
}

} // namespace

TEST_CASE("params: every field with its type") {
  auto p = ok(R"({"peer":{"type":"user","id":5},"message":"hi","random_id":"18446744073709551615",
                  "reply_to":3,"limit":20,"add_offset":-5,"ids":[1,2],"offline":true,"extra":{}})");
  REQUIRE(p.to);
  CHECK(p.to->id == 5);
  CHECK(*p.message == "hi");
  CHECK(*p.random_id == 18446744073709551615ull);
  CHECK(*p.reply_to == 3);
  CHECK(*p.limit == 20);
  CHECK(*p.add_offset == -5);
  CHECK(*p.ids == std::vector<std::uint64_t>{1, 2});
  CHECK(*p.offline);
  CHECK_FALSE(ok("").username);
  CHECK_FALSE(ok("  \n").username);
}

TEST_CASE("params: malformed documents and wrong types name the problem") {
  CHECK(bad("{").find("malformed JSON") != std::string::npos);
  CHECK(bad(R"({"a":1,})").find("malformed JSON") != std::string::npos);
  CHECK(bad(R"({"a":tru})").find("malformed JSON") != std::string::npos);
  CHECK(bad(R"({} {})").find("malformed JSON") != std::string::npos);
  CHECK(bad("[1,2]").find("object") != std::string::npos);
  CHECK(bad(R"({"message":5})").find("'message'") != std::string::npos);
  CHECK(bad(R"({"peer":5})").find("'peer'") != std::string::npos);
  CHECK(bad(R"({"peer":{"type":"group","id":1}})").find("peer.type") != std::string::npos);
  CHECK(bad(R"({"peer":{"type":"user"}})").find("'peer'") != std::string::npos);
  CHECK(bad(R"({"random_id":-1})").find("random_id") != std::string::npos);
  CHECK(bad(R"({"random_id":"12a"})").find("random_id") != std::string::npos);
  CHECK(bad(R"({"random_id":"99999999999999999999"})").find("random_id") != std::string::npos);
  CHECK(bad(R"({"limit":1.5})").find("'limit'") != std::string::npos);
  CHECK(bad(R"({"ids":[1,"x"]})").find("ids") != std::string::npos);
  CHECK(bad(R"({"offline":"yes"})").find("offline") != std::string::npos);
  CHECK(bad("{\"message\":\"\xff\"}").find("malformed JSON") != std::string::npos);
}

TEST_CASE("JSON-RPC frames: ids are echoed, errors keep the id") {
  jsonrpc_decoder d;
  auto call =
    std::get<jsonrpc_call>(d.decode(R"({"jsonrpc":"2.0","id":7,"method":"m","params":{"pts":3}})"));
  CHECK(call.id_json == "7");
  CHECK(call.request.method == "m");
  CHECK(*call.request.params.pts == 3);
  auto sid = std::get<jsonrpc_call>(d.decode(R"({"jsonrpc":"2.0","id":"a\"b","method":"m"})"));
  CHECK(sid.id_json == R"("a\"b")");
  auto rej = std::get<jsonrpc_reject>(
    d.decode(R"({"jsonrpc":"2.0","id":9,"method":"m","params":{"pts":"x"}})"));
  CHECK(rej.id_json == "9");
  CHECK(rej.failure.description.find("pts") != std::string::npos);
  CHECK(std::get<jsonrpc_reject>(d.decode("nope")).id_json == "null");
  CHECK(std::get<jsonrpc_reject>(d.decode(R"({"id":1,"method":"m"})"))
          .failure.description.find("jsonrpc")
        != std::string::npos);
  CHECK(std::get<jsonrpc_reject>(d.decode(R"({"jsonrpc":"2.0","id":1})"))
          .failure.description.find("method")
        != std::string::npos);
  CHECK(std::get<jsonrpc_reject>(d.decode(R"({"jsonrpc":"2.0","id":[1],"method":"m"})"))
          .failure.description.find("'id'")
        != std::string::npos);
  CHECK(std::get<jsonrpc_reject>(d.decode(R"([{"jsonrpc":"2.0","id":1,"method":"m"}])"))
          .failure.description.find("batches")
        != std::string::npos);
  CHECK(std::get<jsonrpc_reject>(d.decode(R"({"jsonrpc":"2.0","id":1,"method":"m","params":[1]})"))
          .id_json
        == "1");
}
