#!/usr/bin/env bash
# The README's first command: installs what ctnn needs (scripts/setup.sh), builds the examples
# in Release and trains the Fashion-MNIST demo. Arguments go to the demo, e.g.
#   scripts/demo.sh --model deep --epochs 20
# Defaults: --model small --out out/fashion_mnist (history.csv, learning_curves.svg and
# model.safetensors there).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ "${CTNN_SKIP_SETUP:-0}" != 1 ]]; then
  bash scripts/setup.sh
fi
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCTNN_BUILD_TESTS=OFF -DCTNN_BUILD_BENCHMARKS=OFF -DCTNN_BUILD_EXAMPLES=ON
cmake --build build/release --target ctnn_example_fashion_mnist ctnn_example_xor \
  ctnn_example_perceptron ctnn_example_regression -j "$(nproc)"

args=("$@")
[[ " ${args[*]} " == *" --model "* ]] || args+=(--model small)
[[ " ${args[*]} " == *" --out "* ]] || args+=(--out out/fashion_mnist)
exec build/release/examples/ctnn_example_fashion_mnist "${args[@]}"
