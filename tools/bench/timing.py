"""Shared helpers for the benchmark peers: the Workload record and a steady ops-per-second timer."""
import dataclasses
import statistics
import time
from typing import Callable


@dataclasses.dataclass(frozen=True)
class SwiftPeer:
    """A peer that is another Swift benchmark of the same run (compare.py runs it with the workload's own), for
    ratios inside one process such as "the pipeline against the signature recoveries it needs"."""
    target: str
    benchmark: str


@dataclasses.dataclass
class Workload:
    name: str
    swift_target: str
    swift_benchmark: str
    peers: dict[str, Callable[[], float] | SwiftPeer]
    goal: tuple[str, float] | None = None
    goal_kind: str = "min"


def ops_per_second(fn: Callable[[], object], min_seconds: float = 1.0, repeats: int = 5) -> float:
    """Calls fn in growing batches until a batch takes about min_seconds; returns the median of `repeats` batches'
    rates (the Swift side reports its median sample too)."""
    n = 1
    while True:
        start = time.perf_counter()
        for _ in range(n):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds / 4:
            break
        n *= 4
    n = max(1, int(n * min_seconds / max(elapsed, 1e-9) / 4 * 4))
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        rates.append(n / (time.perf_counter() - start))
    return statistics.median(rates)
