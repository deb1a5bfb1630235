// sendMedia/getFile input rules, content sniffing and HTTP range planning.
#include <doctest/doctest.h>

#include "core/codec/content_type.hpp"
#include "core/rules/byte_ranges.hpp"
#include "core/rules/media_rules.hpp"

using namespace ag;

TEST_CASE("media rules: kinds, captions, file names, MIME types, md5") {
  CHECK(media_rules::parse_kind("photo") == media_kind::photo);
  CHECK(media_rules::parse_kind("video") == media_kind::video);
  CHECK(media_rules::parse_kind("document") == media_kind::document);
  CHECK_FALSE(media_rules::parse_kind("Photo"));
  CHECK_FALSE(media_rules::parse_kind(""));
  CHECK(media_rules::check_caption("") == errc::none);
  CHECK(media_rules::check_caption(std::string(1024, 'x')) == errc::none);
  CHECK(media_rules::check_caption(std::string(1025, 'x')) == errc::message_too_long);
  CHECK(media_rules::check_caption("\xff") == errc::input_request_invalid);
  CHECK(media_rules::valid_file_name("report 2026 €.pdf"));
  for (auto bad : {"", ".", "..", "a/b", "a\\b", "a\nb", "\xff.txt"})
    CHECK_FALSE(media_rules::valid_file_name(bad));
  CHECK_FALSE(media_rules::valid_file_name(std::string(256, 'a')));
  CHECK(media_rules::valid_mime_type("image/png"));
  CHECK(media_rules::valid_mime_type("application/vnd.ms-excel"));
  for (auto bad : {"", "image", "/png", "image/", "image/png; q=1", "ima ge/png", "a/b/c"})
    CHECK_FALSE(media_rules::valid_mime_type(bad));
  CHECK(media_rules::normalize_md5("900150983CD24FB0D6963F7D28E17F72")
        == std::optional<std::string>{"900150983cd24fb0d6963f7d28e17f72"});
  CHECK_FALSE(media_rules::normalize_md5("900150983cd24fb0d6963f7d28e17f7"));
  CHECK_FALSE(media_rules::normalize_md5("g00150983cd24fb0d6963f7d28e17f72"));
}

TEST_CASE("content sniffing names common formats and nothing else") {
  CHECK(sniff_mime("\xFF\xD8\xFF\xE0rest") == "image/jpeg");
  CHECK(sniff_mime(std::string_view{"\x89PNG\r\n\x1A\n", 8}) == "image/png");
  CHECK(sniff_mime("GIF89a...") == "image/gif");
  CHECK(sniff_mime("RIFF....WEBPVP8 ") == "image/webp");
  CHECK(sniff_mime(std::string_view{"\0\0\0\x20"
                                    "ftypisom",
                                    12})
        == "video/mp4");
  CHECK(sniff_mime("%PDF-1.7") == "application/pdf");
  CHECK(sniff_mime("hello") == "");
  CHECK(sniff_mime("") == "");
  CHECK(sniff_mime("\xFF\xD8") == "");
}

TEST_CASE("range planning follows RFC 9110") {
  using ranges::outcome;
  auto p = ranges::plan_ranges("", 100);
  CHECK(p.kind == outcome::whole);
  p = ranges::plan_ranges("bytes=0-9", 100);
  REQUIRE(p.kind == outcome::partial);
  CHECK(p.ranges == std::vector<ranges::byte_range>{{0, 10}});
  p = ranges::plan_ranges("bytes=90-", 100);
  CHECK(p.ranges == std::vector<ranges::byte_range>{{90, 10}});
  p = ranges::plan_ranges("bytes=-10", 100);
  CHECK(p.ranges == std::vector<ranges::byte_range>{{90, 10}});
  p = ranges::plan_ranges("bytes=-500", 100);
  CHECK(p.ranges == std::vector<ranges::byte_range>{{0, 100}});
  p = ranges::plan_ranges("bytes=50-5000", 100);
  CHECK(p.ranges == std::vector<ranges::byte_range>{{50, 50}});
  // Several; those starting past the end are dropped.
  p = ranges::plan_ranges("bytes=0-0, 200-300 ,-1", 100);
  CHECK(p.ranges == std::vector<ranges::byte_range>{{0, 1}, {99, 1}});
  // Nothing satisfiable.
  CHECK(ranges::plan_ranges("bytes=100-", 100).kind == outcome::unsatisfiable);
  CHECK(ranges::plan_ranges("bytes=-0", 100).kind == outcome::unsatisfiable);
  CHECK(ranges::plan_ranges("bytes=0-", 0).kind == outcome::unsatisfiable);
  // Malformed, other units, too many ranges: ignored (the whole body).
  for (auto bad : {"bytes=", "bytes=a-b", "bytes=5-1", "items=0-1", "bytes=1", "bytes=--1",
                   "bytes=99999999999999999999-"})
    CHECK(ranges::plan_ranges(bad, 100).kind == outcome::whole);
  std::string many = "bytes=0-0";
  for (int i = 1; i <= 16; ++i)
    many += "," + std::to_string(i) + "-" + std::to_string(i);
  CHECK(ranges::plan_ranges(many, 100).kind == outcome::whole);
  CHECK(ranges::content_range({90, 10}, 100) == "bytes 90-99/100");
}

TEST_CASE("HTTP dates and entity tags") {
  CHECK(ranges::http_date(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT");
  CHECK(ranges::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777);
  CHECK(ranges::parse_http_date("yesterday") == -1);
  CHECK(ranges::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT trailing") == -1);
  CHECK(ranges::etag_listed("\"1\", \"2\"", "\"2\"", false));
  CHECK(ranges::etag_listed("*", "\"2\"", false));
  CHECK(ranges::etag_listed("W/\"2\"", "\"2\"", true));
  CHECK_FALSE(ranges::etag_listed("W/\"2\"", "\"2\"", false));
  CHECK_FALSE(ranges::etag_listed("\"3\"", "\"2\"", true));
}
