#!/usr/bin/env bash
# Installs every Debian package that ctnn's build, tests, benchmarks and examples need.
# Idempotent: apt-get install leaves installed packages alone.
#
# Usage: scripts/setup.sh [--with-libtorch]
#   --with-libtorch (or CTNN_WITH_LIBTORCH=1) also installs libtorch-dev, for the benchmarks that
#   compare against libtorch, and single-threaded OpenBLAS as the system's BLAS, which libtorch
#   calls for its matrix products. The tests do not need them.
set -euo pipefail

# The one list of packages, each with why.
packages=(
  cmake                  # the build system (3.21+ for PROJECT_IS_TOP_LEVEL)
  ninja-build            # the generator scripts/test.sh uses (faster than make)
  g++-12                 # the reference compiler (C++20)
  g++                    # makes g++ (= g++-12 on Debian 12) the default c++
  clang-14               # the second compiler that CI builds with
  clang-19               # the newest clang of Debian 12: the formula activations' tests
  clang                  # clang++ (= clang++-14 on Debian 12), used by scripts/compile_cost.sh
  libboost-dev           # Boost.Hana, one of the project's named packages; no header needs it
  libxsimd-dev           # xsimd 8.1+: the SIMD batches of the kernels
  zlib1g-dev             # ctnn/data/idx.hpp reads gzip-compressed IDX files
  nlohmann-json3-dev     # nlohmann/json 3: ctnn/io/safetensors.hpp parses safetensors headers
  catch2                 # Catch2 2.13: the test framework of ctnn_tests
  libbenchmark-dev       # Google Benchmark: bench/ (ctnn_bench)
  libeigen3-dev          # Eigen: bench_inference's fixed-size reference, standing in for RTNeural
  python3                # /usr/bin/python3, run by the tests for reference values
  python3-torch          # PyTorch for /usr/bin/python3: reference values in the tests
  dataset-fashion-mnist  # Fashion-MNIST IDX files for the data tests and examples
  libxml2-utils          # xmllint: the report tests check that written SVG is well-formed XML
  librsvg2-bin           # rsvg-convert: the report tests check that SVG charts render
  time                   # /usr/bin/time -f: wall time and max RSS in scripts/compile_cost.sh
)

with_libtorch="${CTNN_WITH_LIBTORCH:-0}"
for arg in "$@"; do
  case "$arg" in
    --with-libtorch) with_libtorch=1 ;;
    -h | --help)
      sed -n '2,8p' "$0"
      exit 0
      ;;
    *)
      echo "setup.sh: unknown option '$arg' (see --help)" >&2
      exit 2
      ;;
  esac
done
if [[ "$with_libtorch" == 1 ]]; then
  packages+=(libtorch-dev)  # libtorch (C++ PyTorch): the reference in the comparison benchmarks
  # Debian's libtorch calls whatever libblas.so.3 is; without this, the reference (netlib) BLAS,
  # ~20x slower, which would flatter every ratio. The serial build: one thread, as the benchmark
  # asks of libtorch.
  packages+=(libopenblas0-serial)
fi

if [[ "$(id -u)" -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null; then
  sudo=(sudo)
else
  echo "setup.sh: not root and no sudo: cannot install packages" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "setup.sh: apt-get update"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
echo "setup.sh: installing ${packages[*]}"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -q --no-install-recommends "${packages[@]}"
echo "setup.sh: all packages installed"
