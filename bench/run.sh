#!/usr/bin/env bash
# Builds the benchmarks (Release, in build/bench), runs them with repetitions and writes the
# Markdown table of medians and ratios to bench/results.md (and prints it). The hand-written
# notes at the end of bench/results.md, from its line "## Notes" on, are kept: appended as they
# were after the new tables.
#
#   bench/run.sh [--repetitions N] [--min-time SECONDS]   (defaults: 5 and 0.2)
#
# Single-thread benchmarks run pinned to one core with taskset (the last CPU), when taskset
# exists; the two-thread ones are pinned to the last two CPUs. Timings on a shared machine are
# noisy: medians of repetitions, and ratios measured side by side in the same run, are what
# to read.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$repo/build/bench"
repetitions=5
min_time=0.2
while [[ $# -gt 0 ]]; do
  case "$1" in
    --repetitions) repetitions="$2"; shift 2 ;;
    --min-time) min_time="$2"; shift 2 ;;
    -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCTNN_BUILD_TESTS=OFF \
  -DCTNN_BUILD_EXAMPLES=OFF -DCTNN_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$build" --target bench_peak bench_gemm bench_inference bench_training -j "$(nproc)"

cpus="$(nproc)"
one_core=()
two_cores=()
if command -v taskset >/dev/null; then
  one_core=(taskset -c "$((cpus - 1))")
  if ((cpus >= 2)); then two_cores=(taskset -c "$((cpus - 2)),$((cpus - 1))"); fi
fi

# OpenBLAS (the BLAS that Debian's libtorch calls, and bench_gemm's reference) picks its kernels
# for the processor it finds, unless OPENBLAS_CORETYPE names one; some machines set it (with
# OPENBLAS_L2_SIZE) to an older core, e.g. Haswell on an AVX-512 machine, which would halve
# libtorch's speed. The benchmarks run without both, so that libtorch gets this machine's best
# kernels; ctnn does not call a BLAS, so nothing else changes. The kernel is named in the results.
for variable in OPENBLAS_CORETYPE OPENBLAS_L2_SIZE; do
  if [[ -n "${!variable:-}" ]]; then
    echo "run.sh: the benchmarks run without $variable=${!variable} (OpenBLAS picks its own kernels)" >&2
  fi
done
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
blas="$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || true)"
blas_kernel="$(/usr/bin/python3 -c 'import ctypes, sys
lib = ctypes.CDLL(sys.argv[1])
lib.openblas_get_corename.restype = ctypes.c_char_p
print(lib.openblas_get_corename().decode())' "$blas" 2>/dev/null || echo "none: not OpenBLAS")"
echo "run.sh: libtorch's BLAS: ${blas:-unknown}, kernels for: $blas_kernel" >&2

out="$build/results"
mkdir -p "$out"
run() {  # run <pinning...> -- <binary> <json name> [benchmark flags...]
  local pin=()
  while [[ "$1" != "--" ]]; do pin+=("$1"); shift; done
  shift
  local binary="$1" json="$2"
  shift 2
  echo "== $binary $*" >&2
  # Random interleaving: the repetitions of all benchmarks of a binary run in a shuffled order,
  # so a slow spell of the shared machine falls on ctnn and libtorch alike.
  "${pin[@]}" "$build/bench/$binary" --benchmark_repetitions="$repetitions" \
    --benchmark_min_time="$min_time" --benchmark_report_aggregates_only=true \
    --benchmark_enable_random_interleaving=true \
    --benchmark_out="$out/$json.json" --benchmark_out_format=json "$@" >&2
}

run "${one_core[@]}" -- bench_peak peak
run "${one_core[@]}" -- bench_gemm gemm
run "${one_core[@]}" -- bench_inference inference
run "${one_core[@]}" -- bench_training training_1 --benchmark_filter='/(ctnn|libtorch)(/|$)'
# The two-thread cases, and the one-thread ones they are compared with, interleaved in one
# invocation: the other guests' load on the second core comes and goes within minutes.
run "${two_cores[@]}" -- bench_training training_2 \
  --benchmark_filter='2threads|b256/ctnn(/|$)'

# write_results FILE < GENERATED: FILE becomes GENERATED followed by the hand-written notes of
# the FILE it replaces, everything from its first line starting with "## Notes" to its end.
write_results() {
  local file="$1" notes=""
  if [[ -f "$file" ]]; then notes="$(sed -n '/^## Notes/,$p' "$file")"; fi
  {
    cat
    if [[ -n "$notes" ]]; then printf '\n%s\n' "$notes"; fi
  } >"$file.new"
  mv "$file.new" "$file"
}

{
  echo "# Benchmark results"
  echo
  echo "Measured by bench/run.sh ($repetitions repetitions) on $(date -u '+%Y-%m-%d %H:%M UTC'):"
  echo "$(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $cpus CPUs,"\
       "$("$(grep -m1 CMAKE_CXX_COMPILER: "$build/CMakeCache.txt" | cut -d= -f2)" --version | head -n 1),"\
       "commit $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)."
  # The BLAS that Debian's libtorch calls: the libblas.so.3 alternative (see bench/README.md).
  echo "libtorch's BLAS (libblas.so.3): ${blas:-unknown}, its kernels chosen for: $blas_kernel"\
       "(run without OPENBLAS_CORETYPE)."
  echo
  python3 "$repo/bench/report.py" "$out"/peak.json "$out"/gemm.json "$out"/inference.json \
    "$out"/training_1.json --threads "$out"/training_2.json
} >"$out/results.md"
write_results "$repo/bench/results.md" <"$out/results.md"
cat "$repo/bench/results.md"
