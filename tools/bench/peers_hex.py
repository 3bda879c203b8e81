"""Hex coding of a 32-byte word next to Python's bytes.hex()/bytes.fromhex() (C implementations)."""
from timing import Workload, ops_per_second

WORD = bytes([0xAB]) * 32
TEXT = "0x" + WORD.hex()

WORKLOADS = [
    Workload("hex encode 32 bytes", "Primitives", "Hex encode 32 bytes",
             {"Python bytes.hex": lambda: ops_per_second(lambda: "0x" + WORD.hex())}),
    Workload("hex decode 32 bytes", "Primitives", "Hex decode 32 bytes",
             {"Python bytes.fromhex": lambda: ops_per_second(lambda: bytes.fromhex(TEXT[2:]))}),
]
