#!/usr/bin/env python3
"""Load test of the heartbeat over loopback with a lean external client: wrk sending pre-signed pings.

For each connection count, a fresh `heartbeat-load serve` (release build of the Benchmarks package): the heartbeat
exactly as `heartbeat-load pings` runs it (Hummingbird, the engine, the service's timer, the SQLite store in a file
with `synchronous = FULL` unless `--store memory`), over `--sessions` Active sessions. It signs the pings, sends the
warm-up round itself (one ping per participant, which loads every session into memory), and writes the measured
pings as request bodies, one file per connection (participant p on connection p mod N, `seq` rising). Then `wrk`
(Debian's, with tools/bench/load_heartbeat.lua) runs N threads with one keep-alive connection each; each connection
sends its own file's pings in order, one at a time.

A run is refused, not reported, when:
- any ping was answered with anything but 200;
- a connection ran out of pings before the end (wrk divides by the whole duration; sign more with --pings);
- the server's own counter (`heartbeat_pings_total{result="accepted"}` at GET /metrics, read before and after wrk)
  disagrees with wrk's count of 200s: it may exceed it by at most one ping per connection (in flight when wrk
  stopped), and no ping may have been counted under any other result.

Reported per run: verified pings per second (wrk's 200s over its duration), latency p50/p99 (wrk --latency, per
request), the pings accepted (wrk / server), the bare signature recovery rate measured by the server process right
after the run on 1 and 2 threads, the CPU time per accepted ping of the server process (all its threads, from
/proc) and of wrk during the run, and the load average before the run.

    .venv/bin/python tools/bench/load_heartbeat.py                            # 8, 16 and 32 connections, 5 s each
    .venv/bin/python tools/bench/load_heartbeat.py --connections 16 --seconds 5 --repeat 3 --store memory
"""
import argparse
import pathlib
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
HERE = pathlib.Path(__file__).resolve().parent


def build_tool() -> pathlib.Path:
    """Builds `heartbeat-load` in release through the Benchmarks package."""
    subprocess.run(["swift", "build", "-c", "release", "--product", "heartbeat-load"], cwd=ROOT / "Benchmarks",
                   check=True, stdout=subprocess.DEVNULL)
    bin_path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT / "Benchmarks",
                              check=True, capture_output=True, text=True).stdout.strip()
    return pathlib.Path(bin_path) / "heartbeat-load"


def pings_counted(port: int) -> dict[str, int]:
    """The server's `heartbeat_pings_total` by result, from GET /metrics."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=30) as response:
        text = response.read().decode()
    counts = {}
    for match in re.finditer(r'^heartbeat_pings_total\{result="([^"]+)"\}\s+([\d.e+]+)$', text, re.M):
        counts[match.group(1)] = int(float(match.group(2)))
    return counts


def parse_wrk(output: str) -> dict:
    def latency_ms(label: str) -> float:
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    duration = re.search(r"requests in ([\d.]+)(ms|s|m),", output)
    seconds = float(duration.group(1)) * {"ms": 0.001, "s": 1.0, "m": 60.0}[duration.group(2)]
    refusal = re.search(r"^first refusal (.*)$", output, re.M)
    socket_errors = re.search(r"Socket errors: (.*)$", output, re.M)
    return {
        "seconds": seconds,
        "p50_ms": latency_ms("50"),
        "p99_ms": latency_ms("99"),
        "accepted": int(re.search(r"^pings accepted (\d+)$", output, re.M).group(1)),
        "refused": int(re.search(r"^pings refused (\d+)$", output, re.M).group(1)),
        "exhausted": int(re.search(r"^connections out of pings (\d+)$", output, re.M).group(1)),
        "first_refusal": refusal.group(1) if refusal else None,
        "socket_errors": socket_errors.group(1) if socket_errors else None,
    }


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` so far (all its threads), from /proc/<pid>/stat."""
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds() -> float:
    """User + system CPU time of this script's children that have been waited for (wrk, once it has exited)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def load_average() -> str:
    return " ".join(pathlib.Path("/proc/loadavg").read_text().split()[:3])


def run(tool: pathlib.Path, connections: int, seconds: int, sessions: int, pings: int, store: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="metered-heartbeat-load-") as directory:
        folder = pathlib.Path(directory)
        port_file = folder / "port"
        server = subprocess.Popen(
            [str(tool), "serve", "--connections", str(connections), "--sessions", str(sessions), "--pings",
             str(pings), "--store", store, "--out", str(folder / "pings"), "--port-file", str(port_file)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 300
            while not port_file.exists():
                if server.poll() is not None:
                    raise SystemExit(f"load_heartbeat: the server exited: {server.stderr.read().strip()}")
                if time.monotonic() > deadline:
                    raise SystemExit("load_heartbeat: the server did not write its port within 300 s")
                time.sleep(0.1)
            port = int(port_file.read_text())
            before = pings_counted(port)
            load = load_average()
            server_cpu, wrk_cpu = cpu_seconds(server.pid), children_cpu_seconds()
            output = subprocess.run(
                ["wrk", "-t", str(connections), "-c", str(connections), "-d", f"{seconds}s", "--latency",
                 "--timeout", "10s", "-s", str(HERE / "load_heartbeat.lua"), f"http://127.0.0.1:{port}/",
                 "--", str(folder / "pings")],
                check=True, capture_output=True, text=True).stdout
            server_cpu, wrk_cpu = cpu_seconds(server.pid) - server_cpu, children_cpu_seconds() - wrk_cpu
            after = pings_counted(port)
            # Closing standard input stops the server, which then measures the recovery rate.
            out, err = server.communicate(input="", timeout=120)
        finally:
            if server.poll() is None:
                server.kill()
                server.wait()
    if server.returncode != 0:
        raise SystemExit(f"load_heartbeat: the server failed: {err.strip()}")
    result = parse_wrk(output)
    recovery = re.search(r"^recovery rate: (\d+)/s on 1 thread, (\d+)/s on 2 threads$", out, re.M)
    result.update(
        connections=connections, load=load, rate=result["accepted"] / result["seconds"],
        server_accepted=after.get("accepted", 0) - before.get("accepted", 0),
        server_other={k: v - before.get(k, 0) for k, v in after.items() if k != "accepted" and v != before.get(k, 0)},
        server_us=server_cpu / max(result["accepted"], 1) * 1e6, wrk_us=wrk_cpu / max(result["accepted"], 1) * 1e6,
        recovery_1=int(recovery.group(1)), recovery_2=int(recovery.group(2)), wrk_output=output)
    return result


def check(r: dict) -> None:
    """Refuses a run whose pings were not all accepted, by wrk's count and the server's own. Running out of pings
    is checked first: wrk then sends a last body again, which the server rightly refuses as a replay."""
    if r["exhausted"]:
        raise SystemExit(f"load_heartbeat: {r['exhausted']} of {r['connections']} connections ran out of pings "
                         "before the end; sign more (--pings) or run shorter (--seconds)")
    if r["refused"] or r["server_other"]:
        raise SystemExit(f"load_heartbeat: {r['refused']} pings refused at {r['connections']} connections "
                         f"(server: {r['server_other']}); first: {r['first_refusal']}")
    if r["socket_errors"]:
        raise SystemExit(f"load_heartbeat: wrk saw socket errors: {r['socket_errors']}\n{r['wrk_output']}")
    if not r["accepted"] <= r["server_accepted"] <= r["accepted"] + r["connections"]:
        raise SystemExit(f"load_heartbeat: wrk counted {r['accepted']} pings answered 200 but the server accepted "
                         f"{r['server_accepted']} with {r['connections']} connections")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connections", type=int, nargs="+", default=[8, 16, 32],
                        help="keep-alive connections, one wrk thread each")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=1, help="runs per connection count, each on a fresh server")
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--pings", type=int, default=60_000,
                        help="measured pings signed per run, split among the connections")
    parser.add_argument("--store", choices=["file", "memory"], default="file")
    parser.add_argument("--binary", type=pathlib.Path, help="a release `heartbeat-load` (default: build it)")
    args = parser.parse_args()
    if any(c < 1 for c in args.connections) or args.seconds < 1 or args.repeat < 1:
        parser.error("--connections, --seconds and --repeat must be positive")
    tool = args.binary or build_tool()
    print("| connections | store | pings/s | p50 | p99 | accepted (wrk / server) | recoveries/s (1 / 2 threads) "
          "| pings/s ÷ 1-thread recoveries/s | CPU per ping: server / wrk | load average before |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for connections in args.connections:
        for _ in range(args.repeat):
            r = run(tool, connections, args.seconds, args.sessions, args.pings, args.store)
            check(r)
            print(f"| {connections} | {args.store} | {r['rate']:,.0f} | {r['p50_ms']:.2f} ms | {r['p99_ms']:.2f} ms "
                  f"| {r['accepted']:,} / {r['server_accepted']:,} | {r['recovery_1'] / 1000:.1f}k / "
                  f"{r['recovery_2'] / 1000:.1f}k | {r['rate'] / r['recovery_1']:.2f} | {r['server_us']:.0f} µs / {r['wrk_us']:.0f} µs "
                  f"| {r['load']} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
