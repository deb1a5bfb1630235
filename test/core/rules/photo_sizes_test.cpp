// Photo size ladder and header sniffing (core/rules/photo_sizes.hpp).
#include <doctest/doctest.h>

#include <string>

#include "core/rules/photo_sizes.hpp"

using namespace ag::photos;

namespace {

std::string be16(unsigned v) {
  return {static_cast<char>(v >> 8), static_cast<char>(v & 0xff)};
}

/// A minimal JPEG-shaped header: SOI, SOF0 with the dimensions, SOS, EOI.
std::string jpeg_header(unsigned w, unsigned h, bool with_end = true) {
  std::string b = "\xff\xd8";
  b += "\xff\xc0" + be16(17) + std::string(1, 8) + be16(h) + be16(w) + std::string(10, '\0');
  b += "\xff\xda" + be16(2) + "scan";
  if (with_end)
    b += "\xff\xd9";
  return b;
}

} // namespace

TEST_CASE("the ladder: every smaller rung, then the photo itself, never upscaled") {
  auto big = plan_sizes(4000, 3000);
  REQUIRE(big.size() == 5);
  CHECK(big[0].type == 's');
  CHECK(big[0].width == 90);
  CHECK(big[0].height == 68);
  CHECK(big[4].type == 'w');
  CHECK(big[4].width == 2560);
  CHECK(big[4].height == 1920);
  auto mid = plan_sizes(600, 1000); // portrait
  REQUIRE(mid.size() == 4);
  CHECK(mid[2].type == 'x');
  CHECK(mid[2].height == 800);
  CHECK(mid[2].width == 480);
  CHECK(mid[3].type == 'y');
  CHECK(mid[3].width == 600);
  CHECK(mid[3].height == 1000);
  auto tiny = plan_sizes(50, 20);
  REQUIRE(tiny.size() == 1);
  CHECK(tiny[0].type == 's');
  CHECK(tiny[0].width == 50);
  auto exact = plan_sizes(320, 320);
  REQUIRE(exact.size() == 2);
  CHECK(exact[1].type == 'm');
  CHECK(exact[1].width == 320);
  CHECK(fit('i', 10000, 1, 40).height == 1); // never zero
}

TEST_CASE("headers: JPEG and PNG dimensions, truncation and junk refused") {
  auto j = sniff_image(jpeg_header(4000, 3000));
  REQUIRE(j);
  CHECK(j->format == image_format::jpeg);
  CHECK(j->width == 4000);
  CHECK(j->height == 3000);
  CHECK_FALSE(sniff_image(jpeg_header(4000, 3000, false))); // no end marker: cut short
  CHECK_FALSE(sniff_image(jpeg_header(0, 3000)));
  CHECK_FALSE(sniff_image("\xff\xd8\xff"));
  CHECK_FALSE(sniff_image("hello, world"));
  CHECK_FALSE(sniff_image(""));
  std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string("\0\0\0\x0d", 4) + "IHDR"
                    + std::string("\0\0\x27\x10", 4) + std::string("\0\0\x13\x88", 4)
                    + std::string(9, '\0') + "....IEND";
  auto p = sniff_image(png);
  REQUIRE(p);
  CHECK(p->format == image_format::png);
  CHECK(p->width == 10000);
  CHECK(p->height == 5000);
  CHECK_FALSE(sniff_image(png.substr(0, png.size() - 8))); // no IEND
}

TEST_CASE("EXIF orientation is read from the APP1 segment, defaulting to 1") {
  auto exif = [](bool little, int value) {
    std::string tiff =
      little ? std::string("II*\0\x08\0\0\0", 8) : std::string("MM\0*\0\0\0\x08", 8);
    tiff += little ? std::string("\x01\0", 2) : std::string("\0\x01", 2);
    tiff += little ? std::string("\x12\x01\x03\0\x01\0\0\0", 8)
                   : std::string("\x01\x12\0\x03\0\0\0\x01", 8);
    tiff += little ? std::string{static_cast<char>(value), 0, 0, 0}
                   : std::string{0, static_cast<char>(value), 0, 0};
    std::string payload = std::string("Exif\0\0", 6) + tiff;
    auto len = payload.size() + 2;
    return std::string("\xff\xd8\xff\xe1", 4) + static_cast<char>(len >> 8)
           + static_cast<char>(len & 0xff) + payload + std::string("\xff\xda\0\x02", 4);
  };
  CHECK(ag::photos::jpeg_orientation(exif(true, 6)) == 6);
  CHECK(ag::photos::jpeg_orientation(exif(false, 8)) == 8);
  CHECK(ag::photos::jpeg_orientation(exif(true, 9)) == 1);
  CHECK(ag::photos::jpeg_orientation(exif(true, 3).substr(0, 20)) == 1);
  CHECK(ag::photos::jpeg_orientation(std::string("\xff\xd8\xff\xda\0\x02", 6)) == 1);
  CHECK(ag::photos::jpeg_orientation("not a jpeg") == 1);
  CHECK(ag::photos::jpeg_orientation("") == 1);
}
