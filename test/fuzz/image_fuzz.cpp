// Fuzz target for the image path: header sniffing and photo
// processing (decode, sizes, stripped thumbnail) on broken images. Built
// with clang's -fsanitize=fuzzer it is a libFuzzer target; built normally it
// runs N inputs from a fixed seed — truncations, bit flips, byte runs,
// tampered dimensions and chunk splices of valid JPEGs and PNGs — checking
// that every input is refused with PHOTO_INVALID/PHOTO_INVALID_DIMENSIONS or
// processed into the planned sizes, never a crash or a hang.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "actors/media/codec/photo.hpp"
#include "core/error.hpp"
#include "core/rules/photo_sizes.hpp"
#include "test/fuzz/fuzz_target.hpp"

namespace {

std::size_t accepted = 0;
std::size_t refused = 0;
double slowest_ms = 0;

using fuzz::check;

std::string encode(const cv::Mat& img, const char* ext) {
  std::vector<unsigned char> out;
  cv::imencode(ext, img, out, {cv::IMWRITE_JPEG_QUALITY, 80});
  return {out.begin(), out.end()};
}

/// Writes `value` big-endian into `s` at `at` (PNG IHDR dimensions).
void put_be32(std::string& s, std::size_t at, std::uint32_t value) {
  for (int i = 0; i < 4; ++i)
    s[at + i] = static_cast<char>(value >> (24 - 8 * i));
}

} // namespace

void fuzz_one(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes{reinterpret_cast<const char*>(data), size};
  auto header = ag::photos::sniff_image(bytes);
  auto t0 = std::chrono::steady_clock::now();
  auto r = ag::process_photo(bytes);
  auto ms =
    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  slowest_ms = std::max(slowest_ms, ms);
  if (!r) {
    auto code = static_cast<ag::errc>(r.error().code());
    check(code == ag::errc::photo_invalid || code == ag::errc::photo_invalid_dimensions,
          "refusals are PHOTO_INVALID or PHOTO_INVALID_DIMENSIONS");
    ++refused;
    return;
  }
  ++accepted;
  check(header.has_value(), "only sniffable images are accepted");
  check(std::uint64_t{header->width} * header->height <= ag::photos::max_pixels,
        "nothing over the pixel limit is decoded");
  auto plan = ag::photos::plan_sizes(r->width, r->height);
  check(r->sizes.size() == plan.size(), "the planned sizes are made");
  for (std::size_t i = 0; i < plan.size(); ++i) {
    check(r->sizes[i].width == plan[i].width && r->sizes[i].height == plan[i].height,
          "sizes have the planned dimensions");
    check(r->sizes[i].jpeg.size() > 2 && static_cast<unsigned char>(r->sizes[i].jpeg[0]) == 0xFF,
          "sizes are JPEGs");
  }
  check(!r->stripped.empty(), "a stripped thumbnail is made");
  (void) ag::process_thumbnail(bytes);
}

#ifndef ACTORGRAM_LIBFUZZER
int main(int argc, char** argv) {
  long runs = fuzz::runs(argc, argv, 2000);
  cv::setNumThreads(1);
  std::mt19937_64 rng{20261122};
  std::vector<std::string> seeds;
  for (auto [w, h] : std::vector<std::pair<int, int>>{{1, 1}, {64, 48}, {300, 200}, {97, 1000}}) {
    cv::Mat img(h, w, CV_8UC3);
    cv::randu(img, cv::Scalar::all(0), cv::Scalar::all(255));
    seeds.push_back(encode(img, ".jpg"));
    seeds.push_back(encode(img, ".png"));
  }
  // A large photo: the largest size takes libjpeg-turbo's YUV path and the
  // others a reduced decode on a second thread.
  {
    cv::Mat img(2000, 3000, CV_8UC3);
    cv::randu(img, cv::Scalar::all(0), cv::Scalar::all(255));
    cv::GaussianBlur(img, img, cv::Size(9, 9), 3);
    seeds.push_back(encode(img, ".jpg"));
  }
  // A PNG that claims 100,000 × 100,000 pixels (a decompression bomb).
  auto bomb = seeds[1];
  put_be32(bomb, 16, 100000);
  put_be32(bomb, 20, 100000);
  seeds.push_back(bomb);
  for (long i = 0; i < runs; ++i) {
    auto input = seeds[rng() % seeds.size()];
    switch (rng() % 6) {
    case 0: // truncated
      input.resize(rng() % (input.size() + 1));
      break;
    case 1: // bit flips
      for (int m = 0, n = 1 + static_cast<int>(rng() % 8); m < n; ++m)
        input[rng() % input.size()] ^= static_cast<char>(1 << (rng() % 8));
      break;
    case 2: { // a run of one byte
      auto at = rng() % input.size();
      auto n = std::min<std::size_t>(input.size() - at, rng() % 256);
      std::fill_n(input.begin() + static_cast<long>(at), n, static_cast<char>(rng()));
      break;
    }
    case 3: { // a splice of two images
      auto& other = seeds[rng() % seeds.size()];
      input = input.substr(0, rng() % input.size()) + other.substr(rng() % other.size());
      break;
    }
    case 4: // random bytes behind a valid signature
      input.resize(8 + rng() % 512);
      for (std::size_t k = 8; k < input.size(); ++k)
        input[k] = static_cast<char>(rng());
      break;
    default: // unchanged: must be accepted (the bomb must not)
      break;
    }
    fuzz_one(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
  }
  std::printf("image_fuzz: %ld inputs (%zu accepted, %zu refused), slowest %.1f ms, no invariant "
              "violated\n",
              runs, accepted, refused, slowest_ms);
  if (accepted == 0 || refused == 0)
    return 1; // the corpus no longer exercises both paths
  return 0;
}
#endif
