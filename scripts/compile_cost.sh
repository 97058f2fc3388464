#!/usr/bin/env bash
# Measures what ctnn costs to compile, with `-O2 -std=c++20`, via /usr/bin/time, for two
# translation units holding the README's seed network (Net<Dense<784,100,Sigmoid>,
# Dense<100,10>, SoftmaxCE>):
#   tests/compile_cost/seed_forward.cpp   <ctnn/core.hpp> and one forward pass
#                                         (budget 1.5 s, 250 MB)
#   tests/compile_cost/seed_training.cpp  core, Trainer<..., SGD> and one step (budget 3 s, 400 MB)
# Prints, per compiler and unit, the best of N runs (least wall time, least max RSS), e.g.
#   g++ -O2 seed_forward: 1.21 s, 160 MB (budget 1.5 s, 250 MB)
# Exits 1 if a unit needs more memory than its budget. Memory is repeatable, but wall time on a
# shared machine is not: time is reported against its budget, never asserted.
#
# Usage: scripts/compile_cost.sh [--compiler CXX]... [--runs N]
#   default: --compiler g++ --compiler clang++ --runs 3
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# unit, time budget (s), memory budget (MB)
units=("seed_forward 1.5 250" "seed_training 3 400")
compilers=()
runs=3

while [[ $# -gt 0 ]]; do
  case "$1" in
    --compiler) compilers+=("$2"); shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "compile_cost.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ ${#compilers[@]} -gt 0 ]] || compilers=(g++ clang++)
[[ -x /usr/bin/time ]] || { echo "compile_cost.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

status=0
for cxx in "${compilers[@]}"; do
  for unit_line in "${units[@]}"; do
    read -r unit time_budget_s memory_budget_mb <<<"$unit_line"
    source_file="$repo/tests/compile_cost/$unit.cpp"
    best_s=""
    best_kb=""
    for ((run = 1; run <= runs; ++run)); do
      if ! /usr/bin/time -f "%e %M" -o "$scratch/time" \
          "$cxx" -O2 -std=c++20 -I"$repo/include" -c "$source_file" -o "$scratch/$unit.o" \
          2>"$scratch/errors"; then
        cat "$scratch/errors" >&2
        echo "compile_cost.sh: $cxx failed to compile $source_file" >&2
        exit 1
      fi
      read -r seconds kb < <(tail -n 1 "$scratch/time")
      if [[ -z "$best_s" ]] || awk -v a="$seconds" -v b="$best_s" 'BEGIN { exit !(a < b) }'; then
        best_s="$seconds"
      fi
      if [[ -z "$best_kb" || "$kb" -lt "$best_kb" ]]; then best_kb="$kb"; fi
    done
    mb=$(((best_kb + 1023) / 1024))
    line="$(printf '%s -O2 %s: %.2f s, %d MB (budget %s s, %s MB)' "$(basename "$cxx")" "$unit" \
            "$best_s" "$mb" "$time_budget_s" "$memory_budget_mb")"
    if ((mb > memory_budget_mb)); then
      line+=" FAILED: over the memory budget"
      status=1
    elif awk -v a="$best_s" -v b="$time_budget_s" 'BEGIN { exit !(a > b) }'; then
      line+=" (over the time budget: reported, not asserted)"
    fi
    echo "$line"
  done
done
exit "$status"
