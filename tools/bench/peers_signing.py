"""Signing next to direct libsecp256k1 calls (C), coincurve, and eth-account's EIP-712/EIP-191 hashing.

The C peer (tools/bench/c/secp_peer.c) is compiled here with `cc -O2 -lsecp256k1` against the same Debian
libsecp256k1 the Swift module links, so the sign/recover ratios measure only what the Swift wall adds.
The hashing workloads also list "one C signature" as a peer: their goal says hashing must be at least 20 times
faster than signing, i.e. under 5% of the cost of the signature that follows it.
"""
import functools
import pathlib
import subprocess
import tempfile

import coincurve
from eth_account.messages import _hash_eip191_message, encode_defunct, encode_typed_data
from timing import Workload, ops_per_second

HERE = pathlib.Path(__file__).resolve().parent
KEY = bytes([0x11]) * 32
DIGEST = bytes([0x22]) * 32


@functools.cache
def c_peer() -> str:
    out = pathlib.Path(tempfile.mkdtemp(prefix="metered-secp-peer-")) / "secp_peer"
    subprocess.run(["cc", "-O2", "-o", str(out), str(HERE / "c" / "secp_peer.c"), "-lsecp256k1"], check=True)
    return str(out)


def c_ops(mode: str) -> float:
    return float(subprocess.run([c_peer(), mode, "1.5"], check=True, capture_output=True, text=True).stdout)


_cc_key = coincurve.PrivateKey(KEY)
_cc_sig = _cc_key.sign_recoverable(DIGEST, hasher=None)

HEARTBEAT = {
    "types": {
        "EIP712Domain": [{"name": "name", "type": "string"}, {"name": "version", "type": "string"},
                         {"name": "chainId", "type": "uint256"}, {"name": "verifyingContract", "type": "address"}],
        "Heartbeat": [{"name": "sessionId", "type": "uint256"}, {"name": "participant", "type": "address"},
                      {"name": "seq", "type": "uint64"}, {"name": "issuedAt", "type": "uint64"}],
    },
    "primaryType": "Heartbeat",
    "domain": {"name": "Metered", "version": "1", "chainId": 31337,
               "verifyingContract": "0x" + "cc" * 20},
    "message": {"sessionId": 7, "participant": "0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A", "seq": 42,
                "issuedAt": 1767225600},
}
MESSAGE = bytes([0x33]) * 32

WORKLOADS = [
    Workload("secp256k1 sign", "SigningBenchmarks", "secp256k1 sign",
             {"libsecp256k1 (C)": lambda: c_ops("sign"),
              "coincurve": lambda: ops_per_second(lambda: _cc_key.sign_recoverable(DIGEST, hasher=None))},
             goal=("libsecp256k1 (C)", 0.95)),
    Workload("secp256k1 recover", "SigningBenchmarks", "secp256k1 recover",
             {"libsecp256k1 (C)": lambda: c_ops("recover"),
              "coincurve": lambda: ops_per_second(
                  lambda: coincurve.PublicKey.from_signature_and_message(_cc_sig, DIGEST, hasher=None).format(False))},
             goal=("libsecp256k1 (C)", 0.95)),
    Workload("EIP-712 heartbeat signing hash", "SigningBenchmarks", "EIP-712 heartbeat signing hash",
             {"eth-account": lambda: ops_per_second(
                 lambda: _hash_eip191_message(encode_typed_data(full_message=HEARTBEAT))),
              "one C signature": lambda: c_ops("sign")},
             goal=("one C signature", 20.0)),
    Workload("EIP-191 hash 32 bytes", "SigningBenchmarks", "EIP-191 hash 32 bytes",
             {"eth-account": lambda: ops_per_second(lambda: _hash_eip191_message(encode_defunct(primitive=MESSAGE))),
              "one C signature": lambda: c_ops("sign")},
             goal=("one C signature", 20.0)),
]
