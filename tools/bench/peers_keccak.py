"""Keccak-256 next to OpenSSL's SHA3-256 (C, through EVP) and pycryptodome's Keccak-256 (C behind Python).

SHA3-256 and Keccak-256 run the same permutation at the same rate (136 bytes) and differ only in the padding byte,
so OpenSSL's SHA3-256 is a fair speed reference for Keccak-256; OpenSSL has no Keccak-256 of its own in 3.0.

The C peer, tools/bench/c/sha3_peer.c, is compiled here with `cc -O2 ... -lcrypto` into a temporary directory
(libssl-dev comes from tools/setup.sh). It is run as `sha3_peer <mode> <size>` and prints operations per second:
`reuse` reuses one EVP_MD_CTX (Init/Update/Final per hash, the fastest way to hash many small inputs through
EVP), `oneshot` calls EVP_Digest. pycryptodome goes through Python, so its small-input figures are mostly
interpreter overhead; it is there as the implementation eth-hash uses, not as a speed target.

Goals (from the brief): Keccak-256 over 1 MiB at least 0.8x OpenSSL's SHA3-256 throughput; 32-byte hashes at
least as many per second as OpenSSL with a reused context.
"""
import functools
import pathlib
import subprocess
import tempfile

from Crypto.Hash import keccak
from eth_utils import to_checksum_address
from timing import Workload, ops_per_second

HERE = pathlib.Path(__file__).resolve().parent
_BUILD = tempfile.TemporaryDirectory(prefix="metered-bench-keccak-")


@functools.cache
def sha3_peer() -> pathlib.Path:
    """Builds tools/bench/c/sha3_peer.c once per run and returns the executable's path."""
    exe = pathlib.Path(_BUILD.name) / "sha3_peer"
    subprocess.run(["cc", "-O2", "-o", str(exe), str(HERE / "c" / "sha3_peer.c"), "-lcrypto"], check=True)
    return exe


def openssl(mode: str, size: int) -> float:
    out = subprocess.run([str(sha3_peer()), mode, str(size)], check=True, capture_output=True, text=True)
    return float(out.stdout.strip())


def data(size: int) -> bytes:
    """The same deterministic bytes as the Swift benchmark (xorshift32 from 0x9e3779b9)."""
    x, out = 0x9E3779B9, bytearray(size)
    for i in range(size):
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        out[i] = x & 0xFF
    return bytes(out)


def pycryptodome(size: int) -> float:
    buf = data(size)
    return ops_per_second(lambda: keccak.new(digest_bits=256, data=buf).digest())


ADDRESS = "0x" + data(32)[:20].hex()

WORKLOADS = [
    Workload("keccak256 32 B", "Primitives", "Keccak256 32 bytes",
             {"OpenSSL SHA3-256 (reused ctx)": lambda: openssl("reuse", 32),
              "pycryptodome keccak": lambda: pycryptodome(32)},
             goal=("OpenSSL SHA3-256 (reused ctx)", 1.0)),
    Workload("keccak256 32 B, init/update/finalize", "Primitives", "Keccak256 32 bytes incremental",
             {"OpenSSL SHA3-256 (reused ctx)": lambda: openssl("reuse", 32)}),
    Workload("keccak256 1 KiB", "Primitives", "Keccak256 1 KiB",
             {"OpenSSL SHA3-256 (reused ctx)": lambda: openssl("reuse", 1024),
              "pycryptodome keccak": lambda: pycryptodome(1024)}),
    Workload("keccak256 1 MiB", "Primitives", "Keccak256 1 MiB",
             {"OpenSSL SHA3-256 (EVP_Digest)": lambda: openssl("oneshot", 1 << 20),
              "pycryptodome keccak": lambda: pycryptodome(1 << 20)},
             goal=("OpenSSL SHA3-256 (EVP_Digest)", 0.8)),
    Workload("EIP-55 checksummed text", "Primitives", "Address checksummed",
             {"eth-utils to_checksum_address": lambda: ops_per_second(lambda: to_checksum_address(ADDRESS))}),
]
