#!/usr/bin/env bash
# Builds a libFuzzer target from the package's sources and runs it.
#
#   tools/fuzz/run.sh <target> <seconds> [libFuzzer options...]
#   tools/fuzz/run.sh rlp 600                     # ten minutes on the RLP decoder (0: until stopped)
#   tools/fuzz/run.sh rlp 0 fuzz/out/rlp/crash-…  # replay one input (seconds are ignored with a file)
#
# A target is a folder tools/fuzz/<target>/ holding:
#   Harness.swift  defines `@_cdecl("LLVMFuzzerTestOneInput") func …(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt`
#   modules        the Sources/ modules it imports, one per line, dependencies first (# starts a comment)
#   seed.py        optional: `seed.py <corpus-dir>` writes seed inputs there (from vectors/); run on every start
#   dict           optional: a libFuzzer dictionary (-dict=)
#
# Each module is compiled once per run, whole-module, with the same instrumentation as the harness
# (swiftc -O -sanitize=fuzzer,address -parse-as-library), into fuzz/out/<target>/; the corpus grows in
# fuzz/corpus/<target>/ (both ignored by git). A crash, leak or timeout stops the run; libFuzzer writes the
# input to fuzz/out/<target>/ and this script exits non-zero. Turn such an input into a named regression test.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ $# -lt 2 ]; then
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
fi
target=$1
seconds=$2
shift 2
dir=tools/fuzz/$target
[ -f "$dir/Harness.swift" ] || { echo "fuzz: no $dir/Harness.swift" >&2; exit 2; }
[ -f "$dir/modules" ] || { echo "fuzz: no $dir/modules" >&2; exit 2; }

out=fuzz/out/$target
corpus=fuzz/corpus/$target
mkdir -p "$out/modules" "$corpus"

flags=(-O -sanitize=fuzzer,address -parse-as-library -swift-version 6 -enable-upcoming-feature ExistentialAny)
objects=()
while read -r module; do
    module=${module%%#*}
    module=$(echo "$module" | tr -d '[:space:]')
    [ -n "$module" ] || continue
    sources=()
    while IFS= read -r -d '' f; do sources+=("$f"); done < <(find "Sources/$module" -name '*.swift' -print0 | sort -z)
    [ ${#sources[@]} -gt 0 ] || { echo "fuzz: no Swift sources in Sources/$module" >&2; exit 2; }
    echo "fuzz: compiling $module (${#sources[@]} files)" >&2
    swiftc "${flags[@]}" -wmo -module-name "$module" -I "$out/modules" \
        -emit-module -emit-module-path "$out/modules/$module.swiftmodule" \
        -c "${sources[@]}" -o "$out/modules/$module.o"
    objects+=("$out/modules/$module.o")
done < "$dir/modules"

echo "fuzz: linking $out/$target-fuzzer" >&2
# ld.gold warns about every ASan symbol it cannot export; those lines are noise.
swiftc "${flags[@]}" -module-name "${target//-/_}_fuzz" -I "$out/modules" \
    "$dir/Harness.swift" "${objects[@]}" -o "$out/$target-fuzzer" 2> >(grep -v "Cannot export local symbol" >&2)

if [ -f "$dir/seed.py" ]; then
    python=python3
    [ -x .venv/bin/python ] && python=.venv/bin/python
    "$python" "$dir/seed.py" "$corpus"
fi

options=(-max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$out/" -timeout=10 -rss_limit_mb=2048)
[ -f "$dir/dict" ] && options+=(-dict="$dir/dict")

# Replaying files: run them once each, without the corpus.
for arg in "$@"; do
    if [ -f "$arg" ]; then
        exec "$out/$target-fuzzer" "$@"
    fi
done
echo "fuzz: running $target for $seconds s (corpus $corpus: $(ls "$corpus" | wc -l) inputs)" >&2
exec "$out/$target-fuzzer" "${options[@]}" "$@" "$corpus"
