"""Shared helpers for the benchmark peers: the Workload record and a steady ops-per-second timer."""
import dataclasses
import time
from typing import Callable


@dataclasses.dataclass
class Workload:
    name: str
    swift_target: str
    swift_benchmark: str
    peers: dict[str, Callable[[], float]]
    goal: tuple[str, float] | None = None
    goal_kind: str = "min"


def ops_per_second(fn: Callable[[], object], min_seconds: float = 1.0, repeats: int = 3) -> float:
    """Calls fn in growing batches until a batch takes min_seconds; returns the best of `repeats` batches' rate."""
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
    best = 0.0
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        best = max(best, n / (time.perf_counter() - start))
    return best
