// Photo processing with OpenCV (actors/media/codec/photo.hpp): sizes, EXIF orientation,
// the stripped thumbnail, and refusals of broken or oversized images.
#include <doctest/doctest.h>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "actors/media/codec/photo.hpp"
#include "actors/media/media_pool.hpp"
#include "actors/protocol/type_ids.hpp"
#include "core/error.hpp"
#include "test/actors/actor_fixture.hpp"
#include "test/storage/store_fixture.hpp"

using namespace ag;

namespace {

std::string jpeg_of(int w, int h) {
  cv::Mat img(h, w, CV_8UC3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      img.at<cv::Vec3b>(y, x) = cv::Vec3b(x % 256, y % 256, (x + y) % 256);
  std::vector<unsigned char> out;
  cv::imencode(".jpg", img, out, {cv::IMWRITE_JPEG_QUALITY, 90});
  return {out.begin(), out.end()};
}

/// Inserts an EXIF APP1 segment with `orientation` after SOI.
std::string with_orientation(const std::string& jpeg, int orientation) {
  std::string tiff = std::string("II*\0", 4) + std::string("\x08\0\0\0", 4)
                     + std::string("\x01\0", 2) + std::string("\x12\x01\x03\0\x01\0\0\0", 8)
                     + std::string{static_cast<char>(orientation), '\0', '\0', '\0'}
                     + std::string(4, '\0');
  std::string payload = std::string("Exif\0\0", 6) + tiff;
  auto len = payload.size() + 2;
  std::string app1 = "\xff\xe1";
  app1 += static_cast<char>(len >> 8);
  app1 += static_cast<char>(len & 0xff);
  return jpeg.substr(0, 2) + app1 + payload + jpeg.substr(2);
}

errc code_of(const caf::expected<processed_photo>& r) {
  return r ? errc::none : to_failure(r.error()).code;
}

cv::Mat decode(const std::string& jpeg) {
  cv::Mat raw(1, static_cast<int>(jpeg.size()), CV_8UC1, const_cast<char*>(jpeg.data()));
  return cv::imdecode(raw, cv::IMREAD_COLOR);
}

} // namespace

TEST_CASE("a photo gets every ladder size as a decodable JPEG and a stripped thumbnail") {
  auto r = process_photo(jpeg_of(3000, 2000));
  REQUIRE(r);
  CHECK(r->width == 3000);
  CHECK(r->height == 2000);
  REQUIRE(r->sizes.size() == 5);
  std::string types;
  for (auto& s : r->sizes) {
    types += s.type;
    auto img = decode(s.jpeg);
    CHECK(img.cols == s.width);
    CHECK(img.rows == s.height);
  }
  CHECK(types == "smxyw");
  CHECK(r->sizes.back().width == 2560);
  CHECK(r->sizes.back().height == 1707);
  auto thumb = decode(r->stripped);
  CHECK(thumb.cols == 40);
  CHECK(thumb.rows == 27);
  CHECK(r->stripped.size() < 2048);

  auto small = process_photo(jpeg_of(500, 300));
  REQUIRE(small);
  REQUIRE(small->sizes.size() == 3);
  CHECK(small->sizes[2].type == 'x');
  CHECK(small->sizes[2].width == 500); // never upscaled
}

TEST_CASE("EXIF orientation is applied") {
  auto r = process_photo(with_orientation(jpeg_of(400, 200), 6)); // rotate 90°
  REQUIRE(r);
  CHECK(r->width == 200);
  CHECK(r->height == 400);
  CHECK(r->sizes.back().width == 200);
  CHECK(r->sizes.back().height == 400);
  CHECK(decode(r->sizes.back().jpeg).rows == 400);

  // A large photo takes the two-decode path (full size for w, a reduced
  // decode for the rest): both halves must agree on the orientation.
  auto big = process_photo(with_orientation(jpeg_of(3000, 2000), 6));
  REQUIRE(big);
  CHECK(big->width == 2000);
  CHECK(big->height == 3000);
  REQUIRE(big->sizes.size() == 5);
  for (auto& s : big->sizes) {
    CHECK(s.height > s.width);
    auto img = decode(s.jpeg);
    CHECK(img.cols == s.width);
    CHECK(img.rows == s.height);
  }
  CHECK(big->sizes.back().height == 2560);

  // Every orientation, on the YUV path (1, 3, 6, 8) or OpenCV's (the
  // mirrored ones): the largest size and the others agree, and the pixels
  // are turned (the source is brighter in blue on the right).
  for (int o = 1; o <= 8; ++o) {
    auto r8 = process_photo(with_orientation(jpeg_of(3000, 2000), o));
    REQUIRE(r8);
    bool side = o >= 5;
    CHECK(r8->width == (side ? 2000 : 3000));
    CHECK(r8->sizes.back().width == (side ? 1707 : 2560));
    CHECK(r8->sizes.back().height == (side ? 2560 : 1707));
    auto w = decode(r8->sizes.back().jpeg);
    auto y = decode(r8->sizes[3].jpeg);
    REQUIRE(w.cols == r8->sizes.back().width);
    REQUIRE(y.cols == r8->sizes[3].width);
    // The same corner in the largest and a smaller size looks alike.
    auto corner = [](const cv::Mat& m) {
      return m.at<cv::Vec3b>(m.rows / 10, m.cols / 10);
    };
    CHECK(std::abs(corner(w)[1] - corner(y)[1]) < 40);
  }
}

TEST_CASE("broken, truncated and oversized images are refused, never crash") {
  auto good = jpeg_of(640, 480);
  CHECK(code_of(process_photo("")) == errc::photo_invalid);
  CHECK(code_of(process_photo("GIF89a....")) == errc::photo_invalid);
  CHECK(code_of(process_photo(good.substr(0, good.size() / 2))) == errc::photo_invalid);
  std::string garbage = good;
  for (std::size_t i = 200; i < garbage.size() - 2; i += 7)
    garbage[i] = static_cast<char>(garbage[i] ^ 0x5a);
  auto g = process_photo(garbage); // corrupt scan data: refused or decoded, never a crash
  CHECK((g || code_of(g) == errc::photo_invalid));
  // A header claiming 10,000 × 10,000 pixels is refused before decoding.
  auto bomb = good;
  auto sof = bomb.find("\xff\xc0");
  REQUIRE(sof != std::string::npos);
  bomb[sof + 5] = '\x27';
  bomb[sof + 6] = '\x10';
  bomb[sof + 7] = '\x27';
  bomb[sof + 8] = '\x10';
  CHECK(code_of(process_photo(bomb)) == errc::photo_invalid_dimensions);
}

TEST_CASE("the media pool processes photos off the scheduler: a bad one fails alone") {
  ag::test::memory_backend backend;
  ag::test::actor_fixture f{backend.db()};
  auto pool = spawn_media_pool(f.sys, 2, f.ctx);
  CHECK(f.ask_error(pool, photo_atom_v, std::string{"not an image"}) == errc::photo_invalid);
  auto r = f.ask<processed_photo>(pool, photo_atom_v, jpeg_of(1000, 600));
  CHECK(r.width == 1000);
  CHECK(r.sizes.size() == 4);
  caf::anon_send_exit(pool, caf::exit_reason::user_shutdown);
}
