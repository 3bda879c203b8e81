"""End-to-end test of `metered node` with a real JSON-RPC client: web3.py over HTTP, transactions signed by
eth-account, contracts driven through the committed ABIs in contracts-abi/.

It starts the already-built binary (`.build/debug/metered`, or the one named by METERED_BIN) on a free port, then
walks a tutoring session the way the backend and the wallets do: a plain transfer, a token mint and approval, an
escrow deposit, the relayer (account 1) starting the session, time travel, the relayer stopping it at a moment in
the past, settlement with its events and balances, a credential attested and claimed, ratings both ways. Finally it
stops the node with SIGTERM and checks that the state file it saved brings the chain back.

    swift build --product metered && .venv/bin/python -m pytest tools/node/test_web3.py
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from eth_account import Account
from web3 import Web3
from web3.exceptions import ContractLogicError, Web3RPCError
from web3.logs import DISCARD

ROOT = Path(__file__).resolve().parents[2]
ABI_DIR = ROOT / "contracts-abi"
DEPLOYMENTS = json.loads((ABI_DIR / "deployments.json").read_text())["31337"]
MNEMONIC = "test test test test test test test test test test test junk"
ETHER = 10**18

Account.enable_unaudited_hdwallet_features()
KEYS = [Account.from_mnemonic(MNEMONIC, account_path=f"m/44'/60'/0'/0/{i}") for i in range(10)]
DEPLOYER, RELAYER, STUDENT, TUTOR, STRANGER = (KEYS[i] for i in (0, 1, 2, 3, 4))


def binary() -> Path:
    path = Path(os.environ.get("METERED_BIN", ROOT / ".build" / "debug" / "metered"))
    if not path.exists():
        pytest.fail(f"{path} does not exist: build it first (swift build --product metered)")
    return path


class Node:
    """A running `metered node` process and what it printed."""

    def __init__(self, *arguments: str):
        self.process = subprocess.Popen(
            [str(binary()), "node", "--port", "0", *arguments],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.banner: list[str] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError(f"metered node exited early: {self.process.stderr.read()}")
            self.banner.append(line.rstrip("\n"))
            match = re.match(r"Listening on ([\d.]+):(\d+) ", line)
            if match:
                self.url = f"http://{match[1]}:{match[2]}"
                break
        else:
            raise RuntimeError("metered node did not start listening within 60 s")
        self.w3 = Web3(Web3.HTTPProvider(self.url, request_kwargs={"timeout": 30}))

    def rpc(self, method: str, params: list):
        response = self.w3.provider.make_request(method, params)
        assert "error" not in response, response
        return response["result"]

    def stop(self) -> tuple[int, str]:
        self.process.send_signal(signal.SIGTERM)
        _, err = self.process.communicate(timeout=30)
        return self.process.returncode, err


@pytest.fixture(scope="module")
def state_file():
    with tempfile.TemporaryDirectory() as directory:
        yield Path(directory) / "chain.json"


@pytest.fixture(scope="module")
def node(state_file):
    running = Node("--state", str(state_file))
    yield running
    if running.process.poll() is None:
        running.stop()


def contract(w3: Web3, name: str):
    abi = json.loads((ABI_DIR / f"{name}.json").read_text())
    return w3.eth.contract(address=DEPLOYMENTS["contracts"][name]["address"], abi=abi)


def send(w3: Web3, account, tx: dict) -> dict:
    """Fills nonce, chain id, gas and EIP-1559 fees as wallets do, signs with eth-account, sends, waits."""
    tx = dict(tx)
    tx.setdefault("from", account.address)
    tx.setdefault("nonce", w3.eth.get_transaction_count(account.address, "pending"))
    tx.setdefault("chainId", w3.eth.chain_id)
    tx.setdefault("maxPriorityFeePerGas", w3.eth.max_priority_fee)
    tx.setdefault("maxFeePerGas", 2 * w3.eth.get_block("latest")["baseFeePerGas"] + tx["maxPriorityFeePerGas"])
    tx.setdefault("gas", w3.eth.estimate_gas(tx))
    signed = account.sign_transaction(tx)
    tx_hash = w3.eth.send_raw_transaction(signed.raw_transaction)
    receipt = w3.eth.wait_for_transaction_receipt(tx_hash, timeout=30, poll_latency=0.05)
    assert receipt["status"] == 1, receipt
    return receipt


def call_tx(w3: Web3, account, function, value: int = 0) -> dict:
    return send(w3, account, function.build_transaction({"from": account.address, "value": value, "gas": 500_000}))


def test_banner_lists_the_public_test_accounts_and_contracts(node):
    text = "\n".join(node.banner)
    for index, key in enumerate(KEYS):
        assert f"({index}) {key.address} (10000.000000000000000000 ETH)" in text
        assert f"({index}) 0x{key.key.hex().removeprefix('0x')}" in text
    assert "publicly known" in text
    for name, entry in DEPLOYMENTS["contracts"].items():
        assert re.search(rf"^{name}\s+{entry['address']}$", text, re.MULTILINE), name


def test_chain_id_accounts_and_balances(node):
    w3 = node.w3
    assert w3.is_connected()
    assert w3.eth.chain_id == 31337
    assert node.rpc("net_version", []) == "31337"
    assert w3.eth.accounts == DEPLOYMENTS["accounts"]
    assert w3.eth.get_balance(STRANGER.address) == 10_000 * ETHER
    assert w3.client_version.startswith("Metered/")
    for name, entry in DEPLOYMENTS["contracts"].items():
        # Vyper appends the immutables (constructor arguments kept in code) after the runtime bytecode.
        runtime = (ABI_DIR / f"{name}.bin-runtime").read_text().strip()
        assert w3.eth.get_code(entry["address"]).to_0x_hex().startswith(runtime), name


def test_transfer_signed_by_eth_account(node):
    w3 = node.w3
    before_student = w3.eth.get_balance(STUDENT.address)
    before_stranger = w3.eth.get_balance(STRANGER.address)
    receipt = send(w3, STUDENT, {"to": STRANGER.address, "value": ETHER})
    assert receipt["gasUsed"] == 21_000
    fee = receipt["gasUsed"] * receipt["effectiveGasPrice"]
    assert w3.eth.get_balance(STUDENT.address) == before_student - ETHER - fee
    assert w3.eth.get_balance(STRANGER.address) == before_stranger + ETHER
    transaction = w3.eth.get_transaction(receipt["transactionHash"])
    assert transaction["from"] == STUDENT.address and transaction["value"] == ETHER


def test_a_rejected_transaction_has_geths_message(node):
    w3 = node.w3
    tx = {"to": STRANGER.address, "value": 1, "gas": 21_000, "nonce": 0, "chainId": 31337,
          "maxFeePerGas": 10**10, "maxPriorityFeePerGas": 10**9}
    with pytest.raises(Web3RPCError, match=r"nonce too low: next nonce \d+, tx nonce 0"):
        w3.eth.send_raw_transaction(STUDENT.sign_transaction(tx).raw_transaction)


def test_tutoring_session_end_to_end(node):
    w3 = node.w3
    token, escrow = contract(w3, "TestToken"), contract(w3, "SessionEscrow")
    credential, ratings = contract(w3, "SessionCredential"), contract(w3, "SessionRatings")
    rate, cap = 1_000, 600
    amount = rate * cap

    # Token: the student mints test dollars and lets the escrow pull the deposit.
    call_tx(w3, STUDENT, token.functions.mint(STUDENT.address, 1_000_000))
    receipt = call_tx(w3, STUDENT, token.functions.approve(escrow.address, amount))
    (approval,) = token.events.Approval().process_receipt(receipt, errors=DISCARD)
    assert approval["args"]["value"] == amount
    assert token.functions.allowance(STUDENT.address, escrow.address).call() == amount

    # Deposit: the escrow pulls rate * cap tokens; Deposited names the session.
    receipt = call_tx(w3, STUDENT, escrow.functions.deposit(TUTOR.address, token.address, rate, cap))
    (deposited,) = escrow.events.Deposited().process_receipt(receipt, errors=DISCARD)
    session = deposited["args"]["sessionId"]
    assert deposited["args"]["student"] == STUDENT.address and deposited["args"]["tutor"] == TUTOR.address
    assert token.functions.balanceOf(escrow.address).call() >= amount

    # Start: the relayer (account 1, enabled at genesis) starts it once both peers are in the room.
    assert escrow.functions.isRelayer(RELAYER.address).call()
    receipt = call_tx(w3, RELAYER, escrow.functions.startSession(session))
    (started,) = escrow.events.SessionStarted().process_receipt(receipt, errors=DISCARD)
    started_at = started["args"]["startedAt"]
    assert started_at == w3.eth.get_block(receipt["blockNumber"])["timestamp"]

    # A second start reverts, with the reason in the error as geth and anvil give it.
    with pytest.raises(ContractLogicError, match="escrow: not funded"):
        escrow.functions.startSession(session).call({"from": RELAYER.address})

    # Time travel: five minutes pass (the chain runs on the wall clock plus the offset).
    offset = node.rpc("evm_increaseTime", [300])
    assert isinstance(offset, int) and offset >= 300
    assert node.rpc("evm_mine", []) == "0x0"
    assert w3.eth.get_block("latest")["timestamp"] >= int(time.time()) + 300 - 1
    assert escrow.functions.billableSeconds(session).call() >= 290

    # The relayer stops the session at the last moment both peers were seen: two minutes in, in the past.
    ended_at = started_at + 120
    student_before = token.functions.balanceOf(STUDENT.address).call()
    receipt = call_tx(w3, RELAYER, escrow.functions.stopSessionAt(session, ended_at))
    (stopped,) = escrow.events.SessionStopped().process_receipt(receipt, errors=DISCARD)
    assert stopped["args"]["endedAt"] == ended_at
    assert stopped["args"]["stoppedBy"] == RELAYER.address
    assert stopped["args"]["reason"] == 2
    (settled,) = escrow.events.Settled().process_receipt(receipt, errors=DISCARD)
    assert settled["args"]["tutorAmount"] == 120 * rate
    assert settled["args"]["studentRefund"] == amount - 120 * rate
    assert token.functions.balanceOf(TUTOR.address).call() == 120 * rate
    assert token.functions.balanceOf(STUDENT.address).call() == student_before + amount - 120 * rate
    record = escrow.functions.getSession(session).call()
    assert 3 in record  # status Settled
    logs = w3.eth.get_logs({"address": escrow.address, "fromBlock": 0, "topics": [escrow.events.Settled().topic]})
    assert [log["transactionHash"] for log in logs][-1] == receipt["transactionHash"]

    # Credential: the tutor attests two minutes of teaching (minSeconds is 60), the student claims the token.
    call_tx(w3, TUTOR, credential.functions.attest(session))
    receipt = call_tx(w3, STUDENT, credential.functions.claim(session))
    (minted,) = credential.events.Transfer().process_receipt(receipt, errors=DISCARD)
    assert minted["args"]["tokenId"] == session
    assert credential.functions.ownerOf(session).call() == STUDENT.address
    assert credential.functions.locked(session).call() is True
    student, tutor, billed, _issued = credential.functions.credentialOf(session).call()
    assert (student, tutor, billed) == (STUDENT.address, TUTOR.address, 120)
    with pytest.raises(ContractLogicError, match="credential: soulbound"):
        credential.functions.transferFrom(STUDENT.address, STRANGER.address, session).call({"from": STUDENT.address})

    # Ratings: both sides rate each other once.
    receipt = call_tx(w3, STUDENT, ratings.functions.rate(session, 5, b"\x00" * 32))
    (rated,) = ratings.events.Rated().process_receipt(receipt, errors=DISCARD)
    assert rated["args"]["ratee"] == TUTOR.address and rated["args"]["stars"] == 5
    call_tx(w3, TUTOR, ratings.functions.rate(session, 4, b"\x11" * 32))
    assert ratings.functions.ratingOf(TUTOR.address).call() == [1, 5]
    assert ratings.functions.ratingOf(STUDENT.address).call() == [1, 4]
    with pytest.raises(ContractLogicError, match="ratings: already rated"):
        ratings.functions.rate(session, 1, b"\x00" * 32).call({"from": STUDENT.address})


def test_snapshots_and_filters(node):
    w3 = node.w3
    snapshot = node.rpc("evm_snapshot", [])
    block_filter = w3.eth.filter("latest")
    send(w3, STRANGER, {"to": STUDENT.address, "value": 1})
    assert len(block_filter.get_new_entries()) == 1
    assert node.rpc("evm_revert", [snapshot]) is True
    assert w3.eth.get_block("latest")["number"] == w3.eth.block_number


def test_sigterm_saves_the_state_and_a_restart_loads_it(node, state_file):
    number = node.w3.eth.block_number
    balance = node.w3.eth.get_balance(STRANGER.address)
    code, err = node.stop()
    assert code == 0, err
    assert f"Saved the chain to {state_file}: block {number}" in err
    saved = json.loads(state_file.read_text())
    assert saved["chainId"] == 31337 and saved["latestBlockNumber"] == number

    again = Node("--state", str(state_file))
    try:
        assert again.w3.eth.block_number == number
        assert again.w3.eth.get_balance(STRANGER.address) == balance
    finally:
        code, _ = again.stop()
        assert code == 0
