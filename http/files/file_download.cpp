#include "http/files/file_download.hpp"

#include <httplib.h>
#include <memory>
#include <random>

#include "core/rules/byte_ranges.hpp"

namespace ag {

namespace {

/// One piece of a response body: literal text (multipart headers) or a
/// range of the file.
struct segment {
  std::string text;
  std::uint64_t first = 0;
  std::uint64_t length = 0; ///< file bytes (when text is empty)
  std::uint64_t size() const { return text.empty() ? length : text.size(); }
};

std::string percent_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || std::string_view{"-._~"}.find(static_cast<char>(c)) != std::string_view::npos) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

/// inline for pictures and video, attachment otherwise; the name twice: an
/// ASCII fallback and the exact UTF-8 (RFC 6266).
std::string disposition(const stored_file& f, std::string_view mime) {
  bool show = mime.rfind("image/", 0) == 0 || mime.rfind("video/", 0) == 0;
  auto name = f.file_name.empty() ? "file-" + std::to_string(f.id) : f.file_name;
  std::string ascii; // one '_' per character outside printable ASCII
  for (unsigned char c : name)
    if ((c & 0xC0) != 0x80)
      ascii.push_back(c < 0x20 || c >= 0x7f || c == '"' || c == '\\' ? '_' : static_cast<char>(c));
  return std::string(show ? "inline" : "attachment") + "; filename=\"" + ascii
         + "\"; filename*=UTF-8''" + percent_encode(name);
}

std::string boundary() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  return "actorgram-" + std::to_string(rng()) + std::to_string(rng());
}

/// Streams `segments` (of `total` bytes): each call writes at most one
/// stored part, so a download holds one part in memory at a time.
void stream(const file_reader& files, const stored_file& f, std::vector<segment> segments,
            std::uint64_t total, const std::string& type, httplib::Response& res,
            std::shared_ptr<void> hold) {
  auto parts = std::make_shared<const std::vector<segment>>(std::move(segments));
  auto part_size =
    f.part_size != 0 ? std::uint64_t{f.part_size} : std::max<std::uint64_t>(f.size, 1);
  res.set_content_provider(
    total, type,
    [files, f, parts, part_size, hold](std::size_t offset, std::size_t length,
                                       httplib::DataSink& sink) {
      std::uint64_t at = 0;
      for (auto& s : *parts) {
        if (offset >= at + s.size()) {
          at += s.size();
          continue;
        }
        auto within = offset - at;
        if (!s.text.empty()) {
          auto n = std::min<std::uint64_t>(length, s.text.size() - within);
          return sink.write(s.text.data() + within, n);
        }
        auto pos = s.first + within;
        auto n = std::min<std::uint64_t>({length, s.length - within, part_size - pos % part_size});
        bool wrote = true;
        auto err = files.read(f, pos, n, [&](std::string_view chunk) {
          return wrote = sink.write(chunk.data(), chunk.size());
        });
        return !err && wrote;
      }
      return false; // past the end: cannot happen with a correct total
    });
}

} // namespace

std::optional<rpc_failure> serve_file(const file_reader& files, std::uint64_t uid,
                                      std::uint64_t fid, const httplib::Request& req,
                                      httplib::Response& res, std::shared_ptr<void> hold) {
  auto found = files.readable(uid, fid);
  if (!found)
    return to_failure(found.error());
  if (!*found)
    return rpc_failure{errc::location_invalid, "no file at this location for you", 0};
  const auto& f = **found;
  // Ranges are planned here from the Range header: the HTTP server drops the
  // ones cpp-httplib parsed, so it never cuts a body itself (http_server.cpp).

  auto etag = "\"" + std::to_string(f.id) + "\""; // files never change: the id is the version
  auto modified = ranges::http_date(f.created);
  auto mime = f.mime_type.empty() ? std::string{"application/octet-stream"} : f.mime_type;
  res.set_header("ETag", etag);
  res.set_header("Last-Modified", modified);
  res.set_header("Accept-Ranges", "bytes");
  res.set_header("Cache-Control", "private, max-age=31536000, immutable");

  // RFC 9110 §13.2.2 order: If-Match, If-Unmodified-Since, If-None-Match,
  // If-Modified-Since, If-Range.
  if (req.has_header("If-Match")) {
    if (!ranges::etag_listed(req.get_header_value("If-Match"), etag, false)) {
      res.status = 412;
      return std::nullopt;
    }
  } else if (req.has_header("If-Unmodified-Since")) {
    auto since = ranges::parse_http_date(req.get_header_value("If-Unmodified-Since"));
    if (since >= 0 && f.created > since) {
      res.status = 412;
      return std::nullopt;
    }
  }
  if (req.has_header("If-None-Match")) {
    if (ranges::etag_listed(req.get_header_value("If-None-Match"), etag, true)) {
      res.status = 304;
      return std::nullopt;
    }
  } else if (req.has_header("If-Modified-Since")) {
    auto since = ranges::parse_http_date(req.get_header_value("If-Modified-Since"));
    if (since >= 0 && f.created <= since) {
      res.status = 304;
      return std::nullopt;
    }
  }
  auto plan = ranges::plan_ranges(req.get_header_value("Range"), f.size);
  if (plan.kind != ranges::outcome::whole && req.has_header("If-Range")) {
    auto cond = req.get_header_value("If-Range");
    bool current = cond == etag || ranges::parse_http_date(cond) == f.created;
    if (!current)
      plan = ranges::plan{};
  }
  switch (plan.kind) {
  case ranges::outcome::unsatisfiable:
    res.status = 416;
    res.set_header("Content-Range", "bytes */" + std::to_string(f.size));
    res.set_content("{\"ok\":false,\"error_code\":416,\"error\":\"RANGE_NOT_SATISFIABLE\","
                    "\"description\":\"no range starts inside the file\"}",
                    "application/json");
    return std::nullopt;
  case ranges::outcome::whole:
    res.status = 200;
    res.set_header("Content-Disposition", disposition(f, mime));
    if (f.size == 0) {
      res.set_content("", mime);
      return std::nullopt;
    }
    stream(files, f, {segment{{}, 0, f.size}}, f.size, mime, res, hold);
    return std::nullopt;
  case ranges::outcome::partial:
    break;
  }
  res.status = 206;
  res.set_header("Content-Disposition", disposition(f, mime));
  if (plan.ranges.size() == 1) {
    auto& r = plan.ranges.front();
    res.set_header("Content-Range", ranges::content_range(r, f.size));
    stream(files, f, {segment{{}, r.first, r.length}}, r.length, mime, res, hold);
    return std::nullopt;
  }
  auto mark = boundary();
  std::vector<segment> body;
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < plan.ranges.size(); ++i) {
    auto& r = plan.ranges[i];
    body.push_back(segment{(i == 0 ? "--" : "\r\n--") + mark + "\r\nContent-Type: " + mime
                             + "\r\nContent-Range: " + ranges::content_range(r, f.size)
                             + "\r\n\r\n",
                           0, 0});
    body.push_back(segment{{}, r.first, r.length});
  }
  body.push_back(segment{"\r\n--" + mark + "--\r\n", 0, 0});
  for (auto& s : body)
    total += s.size();
  stream(files, f, std::move(body), total, "multipart/byteranges; boundary=" + mark, res, hold);
  return std::nullopt;
}

} // namespace ag
