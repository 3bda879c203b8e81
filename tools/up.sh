#!/usr/bin/env bash
# Builds the `metered` command in release mode (installing what it needs) and runs it.
# With no arguments it runs `metered up`, the whole backend on one machine.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh --no-python
swift build -c release --product metered >&2
if [ $# -eq 0 ]; then
    if .build/release/metered up --help >/dev/null 2>&1; then set -- up; else set -- --help; fi
fi
exec .build/release/metered "$@"
