#include <doctest/doctest.h>

#include "http/rpc/json_decode.hpp"
#include "http/rpc/methods.hpp"

using namespace ag;

namespace {

/// Reads one parameter of `json` as T.
template <class T>
std::optional<T> read(std::string_view json, std::string_view name) {
  std::optional<T> out;
  auto f = with_params(json, [&](const rpc_params& p) { out = p.opt<T>(name); });
  REQUIRE_FALSE(f);
  return out;
}

/// The description of the failure reading `name` of `json` as T (malformed
/// documents fail before any parameter is read).
template <class T = std::string>
std::string bad(std::string_view json, std::string_view name = "message") {
  std::string what;
  auto f = with_params(json, [&](const rpc_params& p) {
    try {
      (void) p.opt<T>(name);
    } catch (const param_error& e) {
      what = e.what;
    }
  });
  if (f) {
    CHECK(f->code == errc::input_request_invalid);
    return f->description;
  }
  REQUIRE_FALSE(what.empty());
  return what;
}

} // namespace

TEST_CASE("params: every field with its type") {
  auto json = R"({"peer":{"type":"user","id":5},"message":"hi","random_id":"18446744073709551615",
                  "reply_to":3,"limit":20,"add_offset":-5,"ids":[1,2],"offline":true,"extra":{}})";
  auto to = read<peer>(json, "peer");
  REQUIRE(to);
  CHECK(to->id == 5);
  CHECK(*read<std::string>(json, "message") == "hi");
  CHECK(*read<std::uint64_t>(json, "random_id") == 18446744073709551615ull);
  CHECK(*read<std::uint64_t>(json, "reply_to") == 3);
  CHECK(*read<std::int64_t>(json, "limit") == 20);
  CHECK(*read<std::int64_t>(json, "add_offset") == -5);
  CHECK(*read<std::vector<std::uint64_t>>(json, "ids") == std::vector<std::uint64_t>{1, 2});
  CHECK(*read<bool>(json, "offline"));
  CHECK_FALSE(read<std::string>("", "username"));
  CHECK_FALSE(read<std::string>("  \n", "username"));
  CHECK_FALSE(read<std::string>(R"({"username":null})", "username"));
}

TEST_CASE("params: malformed documents and wrong types name the problem") {
  CHECK(bad("{").find("malformed JSON") != std::string::npos);
  CHECK(bad(R"({"a":1,})").find("malformed JSON") != std::string::npos);
  CHECK(bad(R"({"a":tru})").find("malformed JSON") != std::string::npos);
  CHECK(bad(R"({} {})").find("malformed JSON") != std::string::npos);
  CHECK(bad("[1,2]").find("object") != std::string::npos);
  CHECK(bad(R"({"message":5})").find("'message'") != std::string::npos);
  CHECK(bad<peer>(R"({"peer":5})", "peer").find("'peer'") != std::string::npos);
  CHECK(bad<peer>(R"({"peer":{"type":"group","id":1}})", "peer").find("peer.type")
        != std::string::npos);
  CHECK(bad<peer>(R"({"peer":{"type":"user"}})", "peer").find("'peer'") != std::string::npos);
  CHECK(bad<std::uint64_t>(R"({"random_id":-1})", "random_id").find("random_id")
        != std::string::npos);
  CHECK(bad<std::uint64_t>(R"({"random_id":"12a"})", "random_id").find("random_id")
        != std::string::npos);
  CHECK(bad<std::uint64_t>(R"({"random_id":"99999999999999999999"})", "random_id").find("random_id")
        != std::string::npos);
  CHECK(bad<std::int64_t>(R"({"limit":1.5})", "limit").find("'limit'") != std::string::npos);
  CHECK(bad<std::vector<std::uint64_t>>(R"({"ids":[1,"x"]})", "ids").find("ids")
        != std::string::npos);
  CHECK(bad<bool>(R"({"offline":"yes"})", "offline").find("offline") != std::string::npos);
  CHECK(bad("{\"message\":\"\xff\"}").find("malformed JSON") != std::string::npos);
}

TEST_CASE("the method table: known methods bind, unknown ones do not, flags are set") {
  auto names = method_names();
  CHECK(names.size() == 48);
  for (auto name : names) {
    auto req = bind_method(name, rpc_params{});
    CHECK_MESSAGE(req.run, name);
  }
  CHECK_FALSE(bind_method("messages.nope", rpc_params{}).run);
  CHECK(bind_method("auth.signIn", rpc_params{}).auth_attempt);
  CHECK(bind_method("auth.signIn", rpc_params{}).is_public);
  CHECK(bind_method("auth.bindToken", rpc_params{}).is_public);
  CHECK_FALSE(bind_method("auth.bindToken", rpc_params{}).auth_attempt);
  CHECK_FALSE(bind_method("auth.logOut", rpc_params{}).is_public);
  CHECK_FALSE(bind_method("messages.sendMessage", rpc_params{}).is_public);
  CHECK_FALSE(bind_method("bots.createBot", rpc_params{}).is_public);
}

TEST_CASE("JSON-RPC frames: ids are echoed, errors keep the id") {
  jsonrpc_decoder d;
  auto call =
    std::get<jsonrpc_call>(d.decode(R"({"jsonrpc":"2.0","id":7,"method":"m","params":{"pts":3}})"));
  CHECK(call.id_json == "7");
  CHECK(call.request.method == "m");
  CHECK_FALSE(call.request.run); // no such method
  auto sid = std::get<jsonrpc_call>(d.decode(R"({"jsonrpc":"2.0","id":"a\"b","method":"m"})"));
  CHECK(sid.id_json == R"("a\"b")");
  // A parameter of the wrong type: the call answers under its id, naming it.
  auto wrong = std::get<jsonrpc_call>(
    d.decode(R"({"jsonrpc":"2.0","id":9,"method":"updates.getDifference","params":{"pts":"x"}})"));
  CHECK(wrong.id_json == "9");
  REQUIRE(wrong.request.run);
  rpc_outcome answered;
  wrong.request.run(call_env{}, [&](rpc_outcome o) { answered = std::move(o); });
  CHECK_FALSE(answered.ok);
  CHECK(answered.failure.code == errc::input_request_invalid);
  CHECK(answered.failure.description.find("pts") != std::string::npos);
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
