#!/usr/bin/env python3
"""Runs Metered's benchmarks and the reference peers side by side, in one run, and prints ratios.

Absolute times on shared machines are noise; ratios measured back to back are not. Each area describes its
workloads in tools/bench/peers_<area>.py as

    WORKLOADS = [
        Workload(
            name="keccak256 1 MiB",                       # shown in the table
            swift_target="Primitives",                   # executable target under Benchmarks/Benchmarks/
            swift_benchmark="Keccak256 1 MiB",           # the Benchmark(...) name
            peers={"OpenSSL SHA3-256": fn, ...},         # name -> zero-argument callable returning ops per second
            goal=("OpenSSL SHA3-256", 0.8),             # optional: Swift must reach this ratio of that peer
            goal_kind="min",                             # "min": ratio >= goal (default); "max": ratio <= goal
        ),
    ]

A peer callable measures one operation of the same workload and returns operations per second (see timing.py).
A peer may instead be `SwiftPeer(target, benchmark)`: another Swift benchmark, run in the same invocation of its
target as the workload's, so a ratio can compare two parts of Metered measured side by side.
The Swift side runs through package-benchmark (release build) and its throughput (ops/s) and mallocs per op
come from the JMH export; both sides report their median, so load on a shared machine
weighs on them alike.

    .venv/bin/python tools/bench/compare.py                 # every area
    .venv/bin/python tools/bench/compare.py keccak rlp      # only peers_keccak.py and peers_rlp.py
    .venv/bin/python tools/bench/compare.py --markdown      # a table for docs/performance.md
"""
import argparse
import importlib.util
import json
import pathlib
import re
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

from timing import SwiftPeer, Workload  # noqa: E402  (re-exported for the peers modules)


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def normalise(name: str) -> str:
    """package-benchmark's JMH export turns spaces into '_' but keeps other punctuation; compare on one form."""
    return re.sub(r"[^A-Za-z0-9.]", "_", name)


def jmh_key(target: str, benchmark: str) -> str:
    return normalise(f"package.benchmark.{target}.{benchmark}")


def run_swift(workloads: list[Workload]) -> dict[str, dict]:
    """Runs the Swift benchmarks the workloads name; returns jmh key -> {"ops": ops/s, "mallocs": per op}."""
    results: dict[str, dict] = {}
    by_target: dict[str, list[str]] = {}
    for w in workloads:
        by_target.setdefault(w.swift_target, []).append(w.swift_benchmark)
        for peer in w.peers.values():
            if isinstance(peer, SwiftPeer):
                by_target.setdefault(peer.target, []).append(peer.benchmark)
    for target, names in by_target.items():
        pattern = "^(" + "|".join(re.escape(n) for n in names) + ")$"
        with tempfile.TemporaryDirectory() as out:
            cmd = ["swift", "package", "--package-path", str(ROOT / "Benchmarks"), "benchmark",
                   "--target", f"^{target}$", "--filter", pattern, "--format", "jmh", "--path", out, "--no-progress"]
            print("running: " + " ".join(cmd), file=sys.stderr)
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
            for path in pathlib.Path(out).glob("*.json"):
                for entry in json.loads(path.read_text()):
                    row = {"ops": None, "mallocs": None}
                    primary = entry["primaryMetric"]
                    if primary["scoreUnit"].strip() == "# / s":
                        # The median sample, as the peers report their median batch: like for like under load.
                        row["ops"] = float(primary.get("scorePercentiles", {}).get("50.0", primary["score"]))
                    malloc = entry.get("secondaryMetrics", {}).get("Malloc (total)")
                    if malloc is not None:
                        row["mallocs"] = float(malloc["score"])
                    results[normalise(entry["benchmark"])] = row
    return results


def fmt_ops(x: float | None) -> str:
    if x is None:
        return "-"
    for unit, scale in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if x >= scale:
            return f"{x / scale:.2f}{unit}"
    return f"{x:.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("areas", nargs="*", help="areas (peers_<area>.py) to run; all when none is given")
    parser.add_argument("--markdown", action="store_true", help="print a markdown table")
    args = parser.parse_args()

    names = sorted(p.stem for p in HERE.glob("peers_*.py"))
    if args.areas:
        names = [f"peers_{a}" for a in args.areas]
    workloads = [w for n in names for w in load(n).WORKLOADS]
    swift = run_swift(workloads)

    rows = []
    failed = False
    for w in workloads:
        s = swift.get(jmh_key(w.swift_target, w.swift_benchmark), {"ops": None, "mallocs": None})
        for peer, fn in w.peers.items():
            if isinstance(fn, SwiftPeer):
                peer_ops = swift.get(jmh_key(fn.target, fn.benchmark), {"ops": None})["ops"]
            else:
                peer_ops = fn()
            ratio = s["ops"] / peer_ops if s["ops"] and peer_ops else None
            verdict = ""
            if w.goal and w.goal[0] == peer and ratio is not None:
                ok = ratio >= w.goal[1] if w.goal_kind == "min" else ratio <= w.goal[1]
                verdict = ("met" if ok else "MISSED") + f" ({'>=' if w.goal_kind == 'min' else '<='} {w.goal[1]}x)"
                failed |= not ok
            rows.append((w.name, fmt_ops(s["ops"]), "-" if s["mallocs"] is None else f"{s['mallocs']:.0f}",
                         peer, fmt_ops(peer_ops), "-" if ratio is None else f"{ratio:.2f}x", verdict))

    header = ("workload", "Swift ops/s", "mallocs/op", "peer", "peer ops/s", "Swift/peer", "goal")
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for r in rows:
            print("| " + " | ".join(r) + " |")
    else:
        widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
        for r in (header, *rows):
            print("  ".join(str(x).ljust(wd) for x, wd in zip(r, widths)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
