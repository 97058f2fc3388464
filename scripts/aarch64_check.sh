#!/usr/bin/env bash
# Cross-builds ctnn's test executable for aarch64 (64-bit ARM, where xsimd uses NEON's 128-bit
# registers) with g++ 12 on an x86-64 Debian 12 machine and runs its tests under qemu-user: how
# the kernels are checked on ARM without an ARM machine. Installs what it needs first (the cross
# compiler, qemu-user-static, zlib for arm64) unless CTNN_SKIP_SETUP=1.
#
# The build is for plain ARMv8-A (-DCTNN_NATIVE=OFF), statically linked so that qemu needs no
# ARM system libraries. The tests that build other programs (the find_package and
# add_subdirectory consumers, the programs that must not compile) are left out: they would run
# the ARM compiler's output on this machine.
#
# Usage: scripts/aarch64_check.sh   (build directory: $CTNN_BUILD_ROOT/aarch64, default build/)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${CTNN_BUILD_ROOT:-$repo/build}/aarch64"
jobs="${CTNN_JOBS:-$(nproc)}"

if [[ "${CTNN_SKIP_SETUP:-0}" != 1 ]]; then
  "$repo/scripts/setup.sh"
  sudo=()
  [[ "$(id -u)" -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" dpkg --add-architecture arm64
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" apt-get install -y --no-install-recommends \
    g++-12-aarch64-linux-gnu qemu-user-static zlib1g-dev:arm64
fi

# ctnn's dependencies are headers only (xsimd, nlohmann-json, Catch2): the x86-64 packages' CMake
# files serve; zlib is arm64's static library. g++ prints a note (not a warning) that passing a
# std::pair<double, double> changed in GCC 10.1 on aarch64: it concerns mixing objects built by
# older compilers, which this build does not.
cmake -S "$repo" -B "$dir" -G Ninja \
  -DCMAKE_SYSTEM_NAME=Linux -DCMAKE_SYSTEM_PROCESSOR=aarch64 \
  -DCMAKE_CXX_COMPILER=aarch64-linux-gnu-g++-12 \
  -DCMAKE_CROSSCOMPILING_EMULATOR=qemu-aarch64-static \
  -DCMAKE_EXE_LINKER_FLAGS=-static \
  -Dxsimd_DIR=/usr/lib/x86_64-linux-gnu/cmake/xsimd \
  -DZLIB_LIBRARY=/usr/lib/aarch64-linux-gnu/libz.a \
  -DCMAKE_BUILD_TYPE=Release -DCTNN_WERROR=ON -DCTNN_NATIVE=OFF \
  -DCTNN_BUILD_TESTS=ON -DCTNN_BUILD_EXAMPLES=OFF -DCTNN_BUILD_BENCHMARKS=OFF \
  -DCTNN_TEST_COMPILE_CHECKS=OFF
cmake --build "$dir" --target ctnn_tests -j "$jobs"
ctest --test-dir "$dir" -j "$jobs" --output-on-failure -E "consumer"
