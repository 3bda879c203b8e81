"""The chain simulator's transaction pipeline next to the signature recoveries it needs and to eth-tester on py-evm.

Scenario (the Swift side is Benchmarks/Benchmarks/ChainSim/Chain.swift, target ChainSimBenchmarks): the Metered
genesis (TestToken, SessionEscrow, SessionCredential and SessionRatings deployed by account 0 of the test mnemonic,
account 1 made a relayer), then 20 escrow sessions, 60 pre-signed EIP-1559 transactions: for session k, student
`2 + k % 8` deposits 1 gwei/s x 3600 s of native currency for tutor `2 + (k + 1) % 8`, the relayer starts the
session, the student stops it (both sides are paid). Each transaction is sent raw with automine, one block each.
Signing happens outside the timing; every batch starts from the genesis state (outside the timing too), and every
transaction is checked to succeed once before timing.

Workload "escrow pipeline 60 tx" (one op = the 60 transactions):

- "60 Swift recoveries" (SwiftPeer): `ECDSA.recoverAddress` of the same 60 transactions in the same process and
  run: the recovery-bound rate. The goal is that the pipeline spends at most a third of its time outside recovery,
  a ratio of at least 0.67.
- "eth-tester (py-evm)": eth-tester's `EthereumTester(PyEVMBackend)` with the same genesis (the contracts deployed
  from contracts-abi/*.bin by raw transactions) and the same 60 transactions, signed by eth-account for
  eth-tester's chain id (131277322940537); `send_raw_transaction` with its default automine. Batches start from a
  snapshot (`revert_to_snapshot`, untimed).
"""
import functools
import json
import pathlib
import statistics
import time

from eth_abi import encode
from eth_account import Account
from eth_utils import function_signature_to_4byte_selector, to_checksum_address
from timing import SwiftPeer, Workload

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
ARTIFACTS = ROOT / "contracts-abi"
SESSIONS = 20
RATE = 1_000_000_000
CAP_SECONDS = 3600
ETHER = 10**18

Account.enable_unaudited_hdwallet_features()


def _call(signature: str, types: list[str], args: list) -> bytes:
    return function_signature_to_4byte_selector(signature) + encode(types, args)


@functools.cache
def _tester():
    """eth-tester on py-evm at the Metered genesis; returns (tester, snapshot, raw transactions of the scenario)."""
    from eth_tester import EthereumTester, PyEVMBackend

    deployments = json.loads((ARTIFACTS / "deployments.json").read_text())["31337"]
    mnemonic = deployments["mnemonic"]
    keys = [Account.from_mnemonic(mnemonic, account_path=f"m/44'/60'/0'/0/{i}").key for i in range(10)]
    balance = int(deployments["accountBalance"])
    genesis = {bytes.fromhex(Account.from_key(k).address[2:]): {"balance": balance, "nonce": 0, "code": b"",
                                                                  "storage": {}} for k in keys}
    backend = PyEVMBackend(genesis_state=genesis)
    tester = EthereumTester(backend=backend)
    chain_id = backend.chain.chain_id
    nonces = [0] * 10

    def sign(account: int, to: str | None, data: bytes, value: int = 0, gas: int = 300_000) -> bytes:
        transaction = {"type": 2, "chainId": chain_id, "nonce": nonces[account], "maxPriorityFeePerGas": 10**9,
                       "maxFeePerGas": 10 * 10**9, "gas": gas, "value": value, "data": data}
        if to is not None:
            transaction["to"] = to
        nonces[account] += 1
        return bytes(Account.sign_transaction(transaction, keys[account]).raw_transaction)

    def send(raw: bytes):
        receipt = tester.get_transaction_receipt(tester.send_raw_transaction("0x" + raw.hex()))
        assert receipt["status"] == 1, receipt

    # The genesis of ChainConfig.metered: the four contracts by account 0 at nonces 0…3, then setRelayer at nonce 4.
    contracts = deployments["contracts"]
    for name in ("TestToken", "SessionEscrow", "SessionCredential", "SessionRatings"):
        code = bytes.fromhex((ARTIFACTS / f"{name}.bin").read_text().strip().removeprefix("0x"))
        args = bytes.fromhex(contracts[name]["constructorArgsEncoded"].removeprefix("0x"))
        send(sign(0, None, code + args, gas=5_000_000))
    accounts = [Account.from_key(k).address for k in keys]
    escrow = to_checksum_address(_create_address(bytes.fromhex(accounts[0][2:]), 1))
    assert escrow == contracts["SessionEscrow"]["address"]
    send(sign(0, escrow, _call("setRelayer(address,bool)", ["address", "bool"], [accounts[1], True])))

    raw = []
    for k in range(SESSIONS):
        student, tutor = 2 + k % 8, 2 + (k + 1) % 8
        raw.append(sign(student, escrow, _call(
            "deposit(address,address,uint256,uint256)", ["address", "address", "uint256", "uint256"],
            [accounts[tutor], "0x" + "00" * 20, RATE, CAP_SECONDS]), value=RATE * CAP_SECONDS))
        raw.append(sign(1, escrow, _call("startSession(uint256)", ["uint256"], [k + 1])))
        raw.append(sign(student, escrow, _call("stopSession(uint256)", ["uint256"], [k + 1])))
    snapshot = tester.take_snapshot()
    for transaction in raw:  # every transaction succeeds, once, untimed
        send(transaction)
    tester.revert_to_snapshot(snapshot)
    return tester, snapshot, ["0x" + r.hex() for r in raw]


def _create_address(sender: bytes, nonce: int) -> str:
    import rlp
    from eth_hash.auto import keccak

    return "0x" + keccak(rlp.encode([sender, nonce]))[12:].hex()


def eth_tester_batches_per_second(repeats: int = 5) -> float:
    """The median rate of `repeats` batches (each the scenario's 60 transactions from the genesis snapshot)."""
    tester, snapshot, raw = _tester()
    rates = []
    for _ in range(repeats):
        tester.revert_to_snapshot(snapshot)
        start = time.perf_counter()
        for transaction in raw:
            tester.send_raw_transaction(transaction)
        rates.append(1 / (time.perf_counter() - start))
    tester.revert_to_snapshot(snapshot)
    return statistics.median(rates)


WORKLOADS = [
    Workload(f"escrow pipeline {3 * SESSIONS} tx", "ChainSimBenchmarks", f"escrow pipeline {3 * SESSIONS} tx",
             {f"{3 * SESSIONS} Swift recoveries": SwiftPeer("ChainSimBenchmarks",
                                                            f"escrow recover {3 * SESSIONS} senders"),
              "eth-tester (py-evm)": eth_tester_batches_per_second},
             goal=(f"{3 * SESSIONS} Swift recoveries", 0.67)),
]
