// The wire envelopes (core/envelope.hpp): what a client is told of a failure.
#include <doctest/doctest.h>

#include "core/envelope.hpp"

using namespace ag;

TEST_CASE("envelope: a storage failure reaches clients by name, without its text") {
  // What RocksDB says when the disk is full: it names a file of the data dir.
  auto f = to_failure(make_error(errc::storage_failure,
                                 "write: IO error: While appending to file: "
                                 "/srv/actorgram/data/000004.log: No space left on device"));
  CHECK(f.description.find("/srv/actorgram") != std::string::npos); // kept for the log
  for (auto& text : {envelope::http_error(f), envelope::rpc_error("7", f)}) {
    CHECK(text.find("STORAGE_FAILURE") != std::string::npos);
    CHECK(text.find("500") != std::string::npos);
    CHECK(text.find("/srv") == std::string::npos);
    CHECK(text.find("000004") == std::string::npos);
    CHECK(text.find("No space") == std::string::npos);
    CHECK(text.find("retry later") != std::string::npos);
  }
  // Other errors keep their descriptions.
  auto other = to_failure(make_error(errc::peer_id_invalid, "no such user"));
  CHECK(envelope::http_error(other).find("no such user") != std::string::npos);
  CHECK(envelope::rpc_error("null", other).find("no such user") != std::string::npos);
}
