"""ABI encoding and decoding next to eth-abi (the Python reference, pinned in tools/requirements.txt).

Workloads: the tuple (uint256,address,bytes,string,uint256[]) with a 100-byte bytes, a 20-character string and a
10-element array; and a transfer(address,uint256) call with its selector. Each Swift workload runs through the
static path (Swift types conforming to ABIEncodable/ABIDecodable) and the dynamic path (ABIValue/ABIType); eth-abi
has one path. Goal: at least 50 times eth-abi's rate.
"""
from eth_abi import decode, encode
from eth_utils import function_signature_to_4byte_selector

from timing import Workload, ops_per_second

AMOUNT = (2**256 - 1) >> 3
RECIPIENT = "0xcd2a3d9f938e13cd947ec05abc7fe734df8dd826"
PAYLOAD = bytes(range(100))
NOTE = "tutoring session #42"
MINUTES = [i * 60 for i in range(1, 11)]
MIXED_TYPES = ["uint256", "address", "bytes", "string", "uint256[]"]
MIXED_VALUES = [AMOUNT, RECIPIENT, PAYLOAD, NOTE, MINUTES]
MIXED = encode(MIXED_TYPES, MIXED_VALUES)

SELECTOR = function_signature_to_4byte_selector("transfer(address,uint256)")
VALUE = 10**18
CALLDATA = SELECTOR + encode(["address", "uint256"], [RECIPIENT, VALUE])


def encode_mixed():
    return encode(MIXED_TYPES, MIXED_VALUES)


def decode_mixed():
    return decode(MIXED_TYPES, MIXED)


def encode_transfer():
    return SELECTOR + encode(["address", "uint256"], [RECIPIENT, VALUE])


def decode_transfer():
    assert CALLDATA[:4] == SELECTOR
    return decode(["address", "uint256"], CALLDATA[4:])


def peer(fn):
    return {"eth-abi": lambda: ops_per_second(fn)}


WORKLOADS = [
    Workload("abi encode mixed, static", "ABIBenchmarks", "ABI encode mixed static", peer(encode_mixed), goal=("eth-abi", 50)),
    Workload("abi encode mixed, dynamic", "ABIBenchmarks", "ABI encode mixed dynamic", peer(encode_mixed), goal=("eth-abi", 50)),
    Workload("abi decode mixed, static", "ABIBenchmarks", "ABI decode mixed static", peer(decode_mixed), goal=("eth-abi", 50)),
    Workload("abi decode mixed, dynamic", "ABIBenchmarks", "ABI decode mixed dynamic", peer(decode_mixed), goal=("eth-abi", 50)),
    Workload("abi encode transfer, static", "ABIBenchmarks", "ABI encode transfer static", peer(encode_transfer),
             goal=("eth-abi", 50)),
    Workload("abi encode transfer, dynamic", "ABIBenchmarks", "ABI encode transfer dynamic", peer(encode_transfer),
             goal=("eth-abi", 50)),
    Workload("abi decode transfer, static", "ABIBenchmarks", "ABI decode transfer static", peer(decode_transfer),
             goal=("eth-abi", 50)),
    Workload("abi decode transfer, dynamic", "ABIBenchmarks", "ABI decode transfer dynamic", peer(decode_transfer),
             goal=("eth-abi", 50)),
]
