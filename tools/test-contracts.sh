#!/usr/bin/env bash
# Tests the contracts: the committed artifacts match a fresh compile, the pytest suite passes on a real EVM
# (py-evm through titanoboa; unit tests and stateful property tests), and the committed behaviour vectors match
# a fresh run. Assumes tools/setup.sh has made .venv. Exits non-zero on the first failure.
# Usage: tools/test-contracts.sh [extra pytest arguments]   (HYPOTHESIS_PROFILE=thorough for longer property runs)
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python
if [ ! -x "$py" ]; then
    echo "test-contracts: .venv is missing; run tools/setup.sh first" >&2
    exit 1
fi

echo "== contracts-abi is current" >&2
"$py" tools/contracts/build.py --check

echo "== contract tests (pytest on py-evm)" >&2
"$py" -m pytest contracts/tests -q -p no:cacheprovider "$@"

echo "== vectors/contracts are current" >&2
"$py" tools/contracts/vectors.py --check
