#!/usr/bin/env bash
# THE test command: installs the packages (scripts/setup.sh), then configures, builds and runs
# ctest for each configuration, stopping at the first step that fails. The last line it prints
# is the total over the ctest runs, in the form `N passed, N failed`.
#
# Usage: scripts/test.sh [CONFIG...]
#   CONFIG is one or more of (default: all three, in this order)
#     gcc-release    g++-12 Release at -O2, -DCTNN_WERROR=ON; the threaded tests also under
#                    ThreadSanitizer; the SIMD tests and the width sweep for SSE2 and AVX2+FMA
#                    (x86-64, x86-64-v3) besides the machine's own registers (AVX-512 where it
#                    has them)
#     gcc-asan       g++-12 Debug at -Og with AddressSanitizer + UndefinedBehaviorSanitizer, the
#                    width sweep included for the machine's own registers; not the examples nor
#                    the comparisons with recorded values
#     clang-release  clang++-14 Release at -O1, -DCTNN_WERROR=ON, the file parsers' fuzzers
#     clang19-expr   clang++-19 Release at -O1, -DCTNN_WERROR=ON: the activations written as
#                    formulas alone (ctnn_expr_tests), with the newest clang Debian 12 has
#
# Environment:
#   CTNN_SKIP_SETUP=1   do not run scripts/setup.sh
#   CTNN_BUILD_ROOT     where the build directories go (default: <repo>/build)
#   CTNN_JOBS           parallel build and test jobs (default: nproc)
#   CTNN_GXX, CTNN_CLANGXX, CTNN_CLANG19XX  the compilers (default: g++-12, clang++-14,
#                       clang++-19)
#
# A configure or build step that fails counts as one failed test in the summary, so the
# summary never reads "0 failed" for a run that failed.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_root="${CTNN_BUILD_ROOT:-$repo/build}"
jobs="${CTNN_JOBS:-$(nproc)}"
gxx="${CTNN_GXX:-g++-12}"
clangxx="${CTNN_CLANGXX:-clang++-14}"
clang19xx="${CTNN_CLANG19XX:-clang++-19}"
all_configs=(gcc-release gcc-asan clang-release clang19-expr)

configs=()
for arg in "$@"; do
  case "$arg" in
    gcc-release | gcc-asan | clang-release | clang19-expr) configs+=("$arg") ;;
    all) configs+=("${all_configs[@]}") ;;
    -h | --help)
      sed -n '2,20p' "$0"
      exit 0
      ;;
    *)
      echo "test.sh: unknown configuration '$arg'; choose from: ${all_configs[*]}" >&2
      exit 2
      ;;
  esac
done
[[ ${#configs[@]} -gt 0 ]] || configs=("${all_configs[@]}")

total_passed=0
total_failed=0
start_all=$SECONDS

summary() {
  echo "test.sh: finished in $((SECONDS - start_all)) s"
  echo "${total_passed} passed, ${total_failed} failed"
}

# Stops the run: a message naming the configuration and step, then the summary.
fail() {
  local config="$1" step="$2"
  echo
  echo "test.sh: FAILED: the $config build failed at its $step step (see the output above)" >&2
  summary
  exit 1
}

# Runs one step of a configuration, with its duration.
step() {
  local config="$1" name="$2"
  shift 2
  echo
  echo "=== test.sh: $config: $name"
  local start=$SECONDS
  if ! "$@"; then
    total_failed=$((total_failed + 1))
    fail "$config" "$name"
  fi
  echo "=== test.sh: $config: $name done in $((SECONDS - start)) s"
}

if [[ "${CTNN_SKIP_SETUP:-0}" == 1 ]]; then
  echo "test.sh: CTNN_SKIP_SETUP=1: not running scripts/setup.sh"
else
  step setup "scripts/setup.sh" bash "$repo/scripts/setup.sh"
fi

# Sanitizers: any report ends the program with a failure.
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1:strict_string_checks=1:print_summary=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:print_summary=1"

# The benchmarks and examples are built when their folders have a CMakeLists.txt. The benchmarks
# are built (so that they keep compiling) but not run, and without their libtorch comparison:
# the tests do not need libtorch, and compiling against it would double the build time where
# it happens to be installed.
folder_option() {
  if [[ -f "$repo/$1/CMakeLists.txt" ]]; then echo ON; else echo OFF; fi
}

for config in "${configs[@]}"; do
  dir="$build_root/$config"
  cmake_args=(-S "$repo" -B "$dir" -G Ninja -DCTNN_BUILD_TESTS=ON)
  build_args=()  # empty: every target
  ctest_args=()  # empty: every test
  case "$config" in
    gcc-release)
      # The SIMD tests and the sweep for SSE2 and AVX2+FMA where this machine runs them (only
      # compiled where it does not); the machine's own registers (AVX-512 where it has them)
      # are -march=native's, their sweep the sanitizer build's. -O2, the level most programs are
      # built at (and the compile cost's), a little quicker to compile than Release's -O3: the
      # whole test command must stay well within CI's 30 minutes on two cores.
      cmake_args+=(-DCMAKE_CXX_COMPILER="$gxx" -DCMAKE_BUILD_TYPE=Release
                   "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" -DCTNN_WERROR=ON
                   -DCTNN_TEST_THREAD_SANITIZER=ON
                   "-DCTNN_TEST_LEVELS=x86-64;x86-64-v3"
                   "-DCTNN_TEST_SWEEP_LEVELS=x86-64;x86-64-v3"
                   -DCTNN_BUILD_EXAMPLES="$(folder_option examples)"
                   -DCTNN_BUILD_BENCHMARKS="$(folder_option bench)" -DCTNN_BENCH_LIBTORCH=OFF)
      ;;
    gcc-asan)
      # -Og, not -O1: on 2 cores the build took 228 s instead of 765 s, the tests 121 s instead
      # of 70 s (the demo's epoch, the longest, 121 s instead of 71 s; -O0: 291 s). -g1 (line
      # tables: all a sanitizer's stack trace needs) instead of Debug's -g, whose variable
      # tracking took 40% of the compile time of the big test files. The benchmarks are not run
      # by ctest and the release builds already compile them, so this build leaves them out.
      # The compile-time tests
      # (programs that must not compile, headers alone, the compile cost, the projects built
      # against ctnn) check the compiler and the build,
      # not the running code: the release builds run them (at -O1, a tenth of this build).
      # float-cast-overflow is not part of GCC's "undefined" (it is of clang's): a float out of
      # an integer's range, converted to it. The width sweep runs here for this machine's own
      # registers (AVX-512 on an AVX-512 machine); SSE2 and AVX2 are the release build's.
      # A process start takes 0.7 s in this build: one ctest test per test file, not per case.
      # The fused update's width chains (164 s of compiling here, a tenth of this build), the
      # comparisons with PyTorch's values and the formula tests (280 s) compare values, which
      # the release builds check; the code they run is run here by the other tests. So do the
      # examples (the amp model's training alone took 150 s here), which run the library's code
      # at the scale of a program: the release builds run them.
      sanitize="-fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all"
      sanitize+=" -fno-omit-frame-pointer"
      cmake_args+=(-DCMAKE_CXX_COMPILER="$gxx" -DCMAKE_BUILD_TYPE=Debug
                   "-DCMAKE_CXX_FLAGS=$sanitize -Og" -DCMAKE_CXX_FLAGS_DEBUG=-g1
                   "-DCMAKE_EXE_LINKER_FLAGS=$sanitize"
                   "-DCMAKE_SHARED_LINKER_FLAGS=$sanitize"
                   -DCTNN_BUILD_EXAMPLES=OFF -DCTNN_BUILD_BENCHMARKS=OFF
                   -DCTNN_TEST_COMPILE_CHECKS=OFF -DCTNN_TEST_LEVELS= -DCTNN_TEST_SWEEP_LEVELS=native
                   -DCTNN_TEST_EACH_CASE=OFF -DCTNN_TEST_FUSED_UPDATE_WIDTHS=OFF
                   -DCTNN_TEST_REFERENCE_VALUES=OFF)
      ;;
    clang-release)
      # The second compiler's warnings and messages (the compile-time tests), its code run by
      # every test case, and the fuzzers (libFuzzer is clang's). At -O1, which compiles faster:
      # the optimizer's further passes are g++'s build's to exercise.
      # The x86-64 levels, the sweep, the headers compiled alone (the same libstdc++), the
      # projects built against ctnn (the same CMake package) and the benchmarks are g++'s.
      cmake_args+=(-DCMAKE_CXX_COMPILER="$clangxx" -DCMAKE_BUILD_TYPE=Release
                   "-DCMAKE_CXX_FLAGS_RELEASE=-O1 -DNDEBUG" -DCTNN_WERROR=ON
                   -DCTNN_TEST_LEVELS= -DCTNN_TEST_SWEEP_LEVELS= -DCTNN_TEST_HEADERS=OFF
                   -DCTNN_TEST_CONSUMERS=OFF -DCTNN_TEST_FUSED_UPDATE_WIDTHS=OFF
                   -DCTNN_BUILD_EXAMPLES="$(folder_option examples)"
                   -DCTNN_BUILD_BENCHMARKS=OFF)
      ;;
    clang19-expr)
      # The formulas lean on class-type template arguments holding doubles, which compilers
      # took up at different times: the newest clang Debian 12 has checks them too, alone.
      cmake_args+=(-DCMAKE_CXX_COMPILER="$clang19xx" -DCMAKE_BUILD_TYPE=Release
                   "-DCMAKE_CXX_FLAGS_RELEASE=-O1 -DNDEBUG" -DCTNN_WERROR=ON
                   -DCTNN_TEST_LEVELS= -DCTNN_TEST_SWEEP_LEVELS= -DCTNN_TEST_COMPILE_CHECKS=OFF
                   -DCTNN_TEST_FUSED_UPDATE_WIDTHS=OFF
                   -DCTNN_BUILD_EXAMPLES=OFF -DCTNN_BUILD_BENCHMARKS=OFF)
      build_args=(--target ctnn_expr_tests)
      ctest_args=(-R "^expr\\.")
      ;;
  esac

  step "$config" configure cmake "${cmake_args[@]}"
  step "$config" build cmake --build "$dir" -j "$jobs" "${build_args[@]}"

  echo
  echo "=== test.sh: $config: ctest"
  log="$dir/ctest.log"
  start=$SECONDS
  set +e
  (cd "$dir" && ctest --output-on-failure -j "$jobs" --timeout 900 "${ctest_args[@]}") 2>&1 |
    tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  # ctest closes with e.g. "100% tests passed, 0 tests failed out of 42".
  line="$(grep -E '[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1 || true)"
  if [[ -n "$line" ]]; then
    failed="$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")"
    out_of="$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\2/' <<<"$line")"
    total_passed=$((total_passed + out_of - failed))
    total_failed=$((total_failed + failed))
    echo "=== test.sh: $config: $((out_of - failed)) of $out_of tests passed in $((SECONDS - start)) s"
  else
    echo "test.sh: $config: ctest printed no summary line (no tests found?)" >&2
    total_failed=$((total_failed + 1))
    fail "$config" ctest
  fi
  if [[ $rc -ne 0 || $failed -ne 0 ]]; then
    [[ $failed -ne 0 ]] || total_failed=$((total_failed + 1))
    fail "$config" ctest
  fi
done

summary
