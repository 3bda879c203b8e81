"""EIP-1559 signing and decoding next to eth-account and to the bare libsecp256k1 operation they are built on.

Workloads (the Swift side is Benchmarks/Benchmarks/Transactions/Transactions.swift, same key and transaction):

- "EIP-1559 sign+encode": build the signing payload, hash it, sign (RFC 6979, low s), encode the signed
  transaction and hash it. Peers: eth-account's Account.sign_transaction, and one bare C signature
  (secp256k1_ecdsa_sign_recoverable + serialize, tools/bench/c/secp_peer.c): the goal is that everything Swift
  adds around the signature costs at most 15% of it (Swift/C >= 0.87).
- "EIP-1559 decode+recover": strict decoding of the raw bytes (with the transaction hash), the signing hash, public
  key recovery and the address. Peers: eth-account's Account.recover_transaction, and one bare C recovery
  (parse + secp256k1_ecdsa_recover + serialize), with the same 15% budget.

The C peer is compiled by peers_signing.c_peer() with `cc -O2 -lsecp256k1` against the Debian libsecp256k1 the
Swift module links.
"""
from eth_account import Account
from peers_signing import c_ops
from timing import Workload, ops_per_second

KEY = bytes([0x11]) * 32
TRANSACTION = {
    "type": 2,
    "chainId": 1,
    "nonce": 42,
    "maxPriorityFeePerGas": 1_500_000_000,
    "maxFeePerGas": 30_000_000_000,
    "gas": 90_000,
    "to": "0x" + "35" * 20,
    "value": 0,
    "data": bytes([0xA9, 0x05, 0x9C, 0xBB]) + bytes(12) + bytes([0x19]) * 20 + bytes(31) + bytes([0x64]),
    "accessList": [{"address": "0x" + "35" * 20, "storageKeys": ["0x" + "01" * 32]}],
}
RAW = bytes(Account.sign_transaction(TRANSACTION, KEY).raw_transaction)
SENDER = Account.from_key(KEY).address
assert Account.recover_transaction(RAW) == SENDER


def _eth_account_sign() -> bytes:
    return Account.sign_transaction(TRANSACTION, KEY).raw_transaction


def _eth_account_recover() -> str:
    return Account.recover_transaction(RAW)


WORKLOADS = [
    Workload("EIP-1559 sign+encode", "TransactionsBenchmarks", "EIP-1559 sign+encode",
             {"one C signature (libsecp256k1)": lambda: c_ops("sign")},
             goal=("one C signature (libsecp256k1)", 0.87)),
    Workload("EIP-1559 sign+encode", "TransactionsBenchmarks", "EIP-1559 sign+encode",
             {"eth-account sign_transaction": lambda: ops_per_second(_eth_account_sign)}),
    Workload("EIP-1559 decode+recover", "TransactionsBenchmarks", "EIP-1559 decode+recover",
             {"one C recovery (libsecp256k1)": lambda: c_ops("recover")},
             goal=("one C recovery (libsecp256k1)", 0.87)),
    Workload("EIP-1559 decode+recover", "TransactionsBenchmarks", "EIP-1559 decode+recover",
             {"eth-account recover_transaction": lambda: ops_per_second(_eth_account_recover)}),
    Workload("EIP-1559 signing hash", "TransactionsBenchmarks", "EIP-1559 signing hash",
             {"one C signature (libsecp256k1)": lambda: c_ops("sign")}),
    Workload("EIP-1559 decode", "TransactionsBenchmarks", "EIP-1559 decode",
             {"one C recovery (libsecp256k1)": lambda: c_ops("recover")}),
]
