#!/usr/bin/env bash
# Installs what actorgram needs on Debian 12: the build toolchain, the
# libraries (DESIGN.md §8) and Node.js for the end-to-end tests. Idempotent:
# returns at once when everything is present.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache clang-format clang-tidy python3
  libcaf-dev librocksdb-dev libcpp-httplib-dev libsimdjson-dev doctest-dev
  libopencv-core-dev libopencv-imgproc-dev libopencv-imgcodecs-dev libopencv-videoio-dev
  libsodium-dev libyaml-cpp-dev libjemalloc-dev libcurl4-openssl-dev libssl-dev
  libavformat-dev libavcodec-dev libswscale-dev libavutil-dev libturbojpeg0-dev
  nodejs npm curl procps
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js may come from elsewhere than Debian (a newer build on the PATH).
if command -v node >/dev/null && command -v npm >/dev/null; then
  tmp=()
  for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || tmp+=("$p"); done
  missing=("${tmp[@]+"${tmp[@]}"}")
fi

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
echo "setup: all packages present"
