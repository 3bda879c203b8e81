#!/usr/bin/env bash
# Builds the `metered` command in release mode (installing what it needs) and runs it.
# With no arguments it runs `metered up`, the whole backend on one machine.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh --no-python
swift build -c release --product metered >&2
if [ $# -eq 0 ]; then
    # `up` arrives with the services; until then show what the command can do.
    if .build/release/metered --help | grep -qE '^ +up( |$)'; then set -- up; else set -- --help; fi
fi
exec .build/release/metered "$@"
