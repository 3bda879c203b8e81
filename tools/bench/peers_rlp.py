"""RLP of a 9-field legacy transaction next to pyrlp (the `rlp` package, rlp==5.0.0).

The same transaction as LegacyTransaction.sample in Benchmarks/Benchmarks/Primitives/RLP.swift: an ERC-20
transfer (68 bytes of calldata) with an EIP-155 v. Encode is `rlp.encode` of the field list (Python ints and
bytes); raw decode is `rlp.decode` to nested bytes/lists; typed decode is `rlp.decode` with a `Serializable`
sedes, as py-evm declares its transactions.
"""
import rlp
from rlp.sedes import Binary, big_endian_int, binary
from timing import Workload, ops_per_second

FIELDS = [
    9,
    20_000_000_000,
    21_000,
    bytes([0x35]) * 20,
    10**18,
    bytes.fromhex("a9059cbb") + bytes(12) + bytes([0x11]) * 20 + bytes(31) + bytes([0x64]),
    37,
    bytes(range(1, 33)),
    bytes(range(33, 65)),
]
ENCODED = rlp.encode(FIELDS)
assert ENCODED.hex().startswith("f8b1"), ENCODED.hex()


class LegacyTransaction(rlp.Serializable):
    fields = [
        ("nonce", big_endian_int),
        ("gas_price", big_endian_int),
        ("gas", big_endian_int),
        ("to", Binary.fixed_length(20)),
        ("value", big_endian_int),
        ("data", binary),
        ("v", big_endian_int),
        ("r", binary),
        ("s", binary),
    ]


assert rlp.encode(rlp.decode(ENCODED, sedes=LegacyTransaction)) == ENCODED

WORKLOADS = [
    Workload("RLP encode legacy tx", "Primitives", "RLP encode legacy tx",
             {"pyrlp rlp.encode": lambda: ops_per_second(lambda: rlp.encode(FIELDS))},
             goal=("pyrlp rlp.encode", 50.0)),
    Workload("RLP decode legacy tx (RLPItem)", "Primitives", "RLP decode legacy tx RLPItem",
             {"pyrlp rlp.decode": lambda: ops_per_second(lambda: rlp.decode(ENCODED))},
             goal=("pyrlp rlp.decode", 50.0)),
    Workload("RLP decode legacy tx (typed)", "Primitives", "RLP decode legacy tx typed",
             {"pyrlp Serializable": lambda: ops_per_second(lambda: rlp.decode(ENCODED, sedes=LegacyTransaction))}),
]
