"""UInt256 arithmetic and text next to Python's arbitrary-precision int (C, masked to 256 bits where it wraps).

Each workload is a batch of 1000 operations over 1000 operand sets, like Benchmarks/Primitives/UInt256.swift, with
operands of the same shape (full-width dividends, factors and moduli; divisors of exactly 192, 128 and 64 bits).
Python's per-element loop overhead is part of what a Python user pays, so it is left in. There is no goal: the
ratio says how far ahead (or behind) the Swift code is.
"""
import random

from timing import Workload, ops_per_second

MASK = (1 << 256) - 1
COUNT = 1000
rng = random.Random(0x5EED_0256)


def word(bits: int) -> int:
    """A value with exactly `bits` significant bits."""
    return rng.getrandbits(bits) | (1 << (bits - 1))


A = [word(256) for _ in range(COUNT)]
B = [word(256) for _ in range(COUNT)]
M = [word(256) for _ in range(COUNT)]
D192 = [word(192) for _ in range(COUNT)]
D128 = [word(128) for _ in range(COUNT)]
D64 = [word(64) for _ in range(COUNT)]
DECIMAL = [str(a) for a in A]
HEX = [hex(a) for a in A]


def add():
    for a, b in zip(A, B):
        (a + b) & MASK


def multiply():
    for a, b in zip(A, B):
        (a * b) & MASK


def divide(divisors):
    def run():
        for a, d in zip(A, divisors):
            divmod(a, d)
    return run


def mulmod():
    for a, b, m in zip(A, B, M):
        a * b % m


def decimal_print():
    for a in A:
        str(a)


def decimal_parse():
    for s in DECIMAL:
        int(s)


def hex_parse():
    for s in HEX:
        int(s, 16)


def peer(fn):
    return {"Python int": lambda: ops_per_second(fn)}


WORKLOADS = [
    Workload("add x1000", "Primitives", "UInt256 add x1000", peer(add)),
    Workload("multiply 256x256 x1000", "Primitives", "UInt256 multiply 256x256 x1000", peer(multiply)),
    Workload("divide 256 by 192 x1000", "Primitives", "UInt256 divide 256 by 192 x1000", peer(divide(D192))),
    Workload("divide 256 by 128 x1000", "Primitives", "UInt256 divide 256 by 128 x1000", peer(divide(D128))),
    Workload("divide 256 by 64 x1000", "Primitives", "UInt256 divide 256 by 64 x1000", peer(divide(D64))),
    Workload("mulmod x1000", "Primitives", "UInt256 mulmod x1000", peer(mulmod)),
    Workload("decimal print x1000", "Primitives", "UInt256 decimal print x1000", peer(decimal_print)),
    Workload("decimal parse x1000", "Primitives", "UInt256 decimal parse x1000", peer(decimal_parse)),
    Workload("hex parse x1000", "Primitives", "UInt256 hex parse x1000", peer(hex_parse)),
]
