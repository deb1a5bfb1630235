#include <doctest/doctest.h>

#include "core/codec/form.hpp"
#include "core/codec/multipart.hpp"

using namespace ag;

TEST_CASE("form: pairs decoded, + a space, escapes in names and values, bad escapes refused") {
  auto p = parse_form("chat_id=42&text=hi+there%21&&flag&%E2%82%AC=%e2%82%ac");
  REQUIRE(p);
  REQUIRE(p->size() == 4);
  CHECK((*p)[0] == std::pair<std::string, std::string>{"chat_id", "42"});
  CHECK((*p)[1].second == "hi there!");
  CHECK((*p)[2] == std::pair<std::string, std::string>{"flag", ""});
  CHECK((*p)[3].first == "\xe2\x82\xac");
  CHECK((*p)[3].second == "\xe2\x82\xac");
  CHECK(parse_form("")->empty());
  CHECK_FALSE(parse_form("a=%4"));
  CHECK_FALSE(parse_form("a=%zz"));
  CHECK_FALSE(parse_form("a=%"));
  CHECK(percent_decode("a+b", false) == "a+b");
}

TEST_CASE("multipart: the boundary from Content-Type, quoted or not, bounded") {
  CHECK(multipart_boundary("multipart/form-data; boundary=abc") == "abc");
  CHECK(multipart_boundary("Multipart/Form-Data;boundary=\"a;b c\"") == "a;b c");
  CHECK_FALSE(multipart_boundary("multipart/form-data"));
  CHECK_FALSE(multipart_boundary("multipart/mixed; boundary=x"));
  CHECK_FALSE(multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'x')));
  CHECK(multipart_boundary("multipart/form-data; boundary=" + std::string(70, 'x')));
}

TEST_CASE("multipart: grammY's unquoted filename, telegraf's quoted one, fields and files") {
  // grammY writes its headers by hand: lower case, no space, unquoted.
  std::string body =
    "--B\r\n"
    "content-disposition:form-data;name=\"chat_id\"\r\n\r\n"
    "42\r\n"
    "--B\r\n"
    "content-disposition:form-data;name=\"photo\"\r\n\r\n"
    "attach://r4nd\r\n"
    "--B\r\n"
    "content-disposition:form-data;name=r4nd;filename=cat pic.jpg\r\n"
    "content-type:image/jpeg\r\n\r\n"
    "\xff\xd8\r\n--not-the-boundary\r\n\xff\xd9\r\n"
    "--B\r\n"
    "Content-Disposition: form-data; name=\"doc\"; filename=\"a \\\"q\\\".txt\"\r\n"
    "Content-Type: text/plain\r\n\r\n"
    "\r\n\r\n" // the body is a line break
    "--B--\r\nepilogue";
  auto r = parse_multipart(body, "B", 10);
  REQUIRE(std::holds_alternative<std::vector<multipart_part>>(r));
  auto& parts = std::get<std::vector<multipart_part>>(r);
  REQUIRE(parts.size() == 4);
  CHECK(parts[0].name == "chat_id");
  CHECK_FALSE(parts[0].filename);
  CHECK(parts[0].body == "42");
  CHECK(parts[1].body == "attach://r4nd");
  CHECK(parts[2].name == "r4nd");
  CHECK(parts[2].filename == "cat pic.jpg");
  CHECK(parts[2].content_type == "image/jpeg");
  CHECK(parts[2].body == "\xff\xd8\r\n--not-the-boundary\r\n\xff\xd9");
  CHECK(parts[3].filename == "a \"q\".txt");
  CHECK(parts[3].body == "\r\n");
}

TEST_CASE("multipart: a preamble, filename*, and an empty form") {
  std::string body =
    "preamble\r\n--x\r\n"
    "Content-Disposition: form-data; name=f; filename*=UTF-8''%E2%82%AC.txt\r\n\r\n"
    "1\r\n--x--";
  auto r = parse_multipart(body, "x", 10);
  REQUIRE(std::holds_alternative<std::vector<multipart_part>>(r));
  auto& parts = std::get<std::vector<multipart_part>>(r);
  REQUIRE(parts.size() == 1);
  CHECK(parts[0].filename == "\xe2\x82\xac.txt");
  auto empty = parse_multipart("--x--\r\n", "x", 10);
  REQUIRE(std::holds_alternative<std::vector<multipart_part>>(empty));
  CHECK(std::get<std::vector<multipart_part>>(empty).empty());
}

TEST_CASE("multipart: malformed bodies are refused with a reason") {
  auto why = [](std::string_view body, std::size_t max = 10) {
    auto r = parse_multipart(body, "B", max);
    auto* s = std::get_if<std::string>(&r);
    return s != nullptr ? *s : std::string("(accepted)");
  };
  CHECK(why("") == "the multipart body has no opening boundary");
  CHECK(why("garbage") == "the multipart body has no opening boundary");
  CHECK(why("--B\r\nContent-Disposition: form-data; name=a\r\n\r\nvalue")
        == "the multipart body ends before its closing boundary");
  CHECK(why("--B\r\nContent-Disposition: form-data; name=a\r\n") // cut in the headers
        == "a multipart part's headers never end");
  CHECK(why("--Bjunk\r\n") == "a multipart boundary line does not end in CRLF");
  CHECK(why("--B\r\nContent-Type: text/plain\r\n\r\nv\r\n--B--")
        == "a part has no Content-Disposition header");
  CHECK(why("--B\r\nContent-Disposition: attachment; name=a\r\n\r\nv\r\n--B--")
        == "a part's Content-Disposition is not form-data");
  CHECK(why("--B\r\nContent-Disposition: form-data\r\n\r\nv\r\n--B--") == "a part has no name");
  CHECK(why("--B\r\nno colon here\r\n\r\nv\r\n--B--") == "a part's header line has no ':'");
  std::string three;
  for (int i = 0; i < 3; ++i)
    three += "--B\r\nContent-Disposition: form-data; name=a" + std::to_string(i) + "\r\n\r\nv\r\n";
  three += "--B--";
  CHECK(why(three, 2) == "more than 2 parts");
  CHECK(why(three, 3) == "(accepted)");
}
