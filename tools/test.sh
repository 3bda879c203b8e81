#!/usr/bin/env bash
# Runs every test of Metered: installs what it needs (tools/setup.sh), then the Swift tests (which replay the
# committed vectors and Ethereum's own test files from ../shared/vectors when present), web3.py against the built
# `metered node`, the checks that the committed vectors and contract artifacts are current, and the contracts'
# tests on a real EVM (py-evm).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh

echo "== swift format lint" >&2
swift format lint --strict --recursive --parallel Package.swift Sources Tests Benchmarks/Package.swift Benchmarks/Benchmarks Benchmarks/Load tools/fuzz

echo "== swift test" >&2
swift build --build-tests
swift test --skip-build

echo "== node: web3.py against the built metered" >&2
METERED_BIN="$(swift build --show-bin-path)/metered" .venv/bin/python -m pytest -q tools/node/test_web3.py

echo "== vectors are current" >&2
.venv/bin/python tools/vectors/generate.py --check

echo "== contracts" >&2
tools/test-contracts.sh
