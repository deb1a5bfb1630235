#pragma once
/// GET and HEAD /file/<location> (docs/api.md, "Files"): a stored file the
/// caller may read, streamed one stored part at a time with Range
/// (single and multipart/byteranges, 416 with `bytes */N`), ETag,
/// Last-Modified and conditional requests. Runs on an HTTP pool thread.
#include <memory>
#include <optional>

#include "actors/files/file_reader.hpp"
#include "core/error.hpp"

namespace httplib {
struct Request;
struct Response;
} // namespace httplib

namespace ag {

/// Answers the request, or returns the failure to send (LOCATION_INVALID
/// for a file that is missing or not the caller's to read: the same answer,
/// so ids cannot be probed).
/// `hold` lives as long as the body streams (the download slot). Ranges come
/// from the Range header: `req.ranges` must be empty, or cpp-httplib would cut
/// the body again (http_server drops them for every request).
std::optional<rpc_failure> serve_file(const file_reader& files, std::uint64_t uid,
                                      std::uint64_t fid, const httplib::Request& req,
                                      httplib::Response& res, std::shared_ptr<void> hold = nullptr);

} // namespace ag
