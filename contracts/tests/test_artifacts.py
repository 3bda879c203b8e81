"""The committed artifacts: they match a fresh compile, the genesis lands at the well-known addresses with the
committed runtime code, and each ABI is exactly the interface of CONTRACTS.md (plus the documented additions)."""

from __future__ import annotations

import json
import sys

import pytest
from eth_abi import encode as abi_encode

from common import ABI_DIR, CONTRACT_NAMES, TOOLS_DIR, artifact, genesis_deployments
from evm import abi_type

sys.path.insert(0, str(TOOLS_DIR))
import build  # noqa: E402


def test_committed_artifacts_match_a_fresh_compile():
    for rel, text in build.outputs().items():
        assert (ABI_DIR / rel).read_text() == text, f"contracts-abi/{rel} is stale: run tools/contracts/build.py"


def test_genesis_addresses_are_the_well_known_ones(chain):
    # The CREATE addresses of 0xf39F...2266 at nonces 0..3, as every local node's users know them.
    assert [d.address for d in genesis_deployments()] == [
        "0x5FbDB2315678afecb367f032d93F642f64180aa3", "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
        "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0", "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9"]
    doc = json.loads((ABI_DIR / "deployments.json").read_text())["31337"]
    assert {n: c["address"] for n, c in doc["contracts"].items()} == {d.name: d.address for d in genesis_deployments()}
    assert doc["relayers"] == ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8"]


def test_deployed_code_is_the_committed_runtime_plus_immutables(chain):
    immutables = {
        "TestToken": b"",
        "SessionEscrow": b"",
        "SessionCredential": abi_encode(["address", "uint256"], [chain.escrow.address, 60]),
        "SessionRatings": abi_encode(["address"], [chain.escrow.address]),
    }
    for name in CONTRACT_NAMES:
        runtime = bytes.fromhex((ABI_DIR / f"{name}.bin-runtime").read_text().strip()[2:])
        address = next(d.address for d in genesis_deployments() if d.name == name)
        assert chain.code(address) == runtime + immutables[name], name


def sig(item: dict) -> str:
    args = ",".join(abi_type(i) for i in item["inputs"])
    outs = ",".join(abi_type(o) for o in item.get("outputs", []))
    return f"{item['name']}({args})->({outs}) {item['stateMutability']}"


def event(item: dict) -> str:
    return item["name"] + "(" + ",".join(abi_type(i) + (" indexed" if i["indexed"] else "") for i in item["inputs"]) + ")"


SESSION = "(address,address,address,uint256,uint256,uint256,uint256,uint256,uint8,uint256,uint256)"

INTERFACES = {
    "SessionEscrow": {
        "functions": {
            "deposit(address,address,uint256,uint256)->(uint256) payable",
            "startSession(uint256)->() nonpayable",
            "stopSession(uint256)->() nonpayable",
            "stopSessionAt(uint256,uint256)->() nonpayable",
            "settle(uint256)->() nonpayable",
            "extendSession(uint256,uint256)->() payable",
            "cancelSession(uint256)->() nonpayable",
            "setRelayer(address,bool)->() nonpayable",
            "transferOwnership(address)->() nonpayable",
            "withdraw(address)->() nonpayable",
            f"getSession(uint256)->({SESSION}) view",
            "billableSeconds(uint256)->(uint256) view",
            "owed(uint256)->(uint256,uint256) view",
            "nextSessionId()->(uint256) view",
            "isRelayer(address)->(bool) view",
            "owner()->(address) view",
            "withdrawable(address,address)->(uint256) view",
            "secondsLearned(address)->(uint256) view",
            "secondsTaught(address)->(uint256) view",
        },
        "events": {
            "Deposited(uint256 indexed,address indexed,address indexed,address,uint256,uint256)",
            "SessionStarted(uint256 indexed,uint256)",
            "SessionStopped(uint256 indexed,uint256,address indexed,uint8)",
            "Settled(uint256 indexed,uint256,uint256)",
            "SessionExtended(uint256 indexed,uint256)",
            "SessionCancelled(uint256 indexed,address indexed)",
            "RelayerSet(address indexed,bool)",
            # additions (docs/contracts.md)
            "PaymentCredited(uint256 indexed,address indexed,address indexed,uint256)",
            "Withdrawn(address indexed,address indexed,uint256)",
            "OwnershipTransferred(address indexed,address indexed)",
        },
    },
    "SessionCredential": {
        "functions": {
            "attest(uint256)->() nonpayable",
            "claim(uint256)->(uint256) nonpayable",
            "name()->(string) view",
            "symbol()->(string) view",
            "balanceOf(address)->(uint256) view",
            "ownerOf(uint256)->(address) view",
            "tokenURI(uint256)->(string) view",
            "getApproved(uint256)->(address) view",
            "isApprovedForAll(address,address)->(bool) view",
            "supportsInterface(bytes4)->(bool) view",
            "locked(uint256)->(bool) view",
            "credentialOf(uint256)->((address,address,uint256,uint256)) view",
            "transferFrom(address,address,uint256)->() nonpayable",
            "safeTransferFrom(address,address,uint256)->() nonpayable",
            "safeTransferFrom(address,address,uint256,bytes)->() nonpayable",
            "approve(address,uint256)->() nonpayable",
            "setApprovalForAll(address,bool)->() nonpayable",
            # additions
            "isAttested(uint256)->(bool) view",
            "escrow()->(address) view",
            "minSeconds()->(uint256) view",
            "baseURI()->(string) view",
        },
        "events": {
            "Transfer(address indexed,address indexed,uint256 indexed)",
            "Approval(address indexed,address indexed,uint256 indexed)",
            "ApprovalForAll(address indexed,address indexed,bool)",
            "Locked(uint256)",
            "Attested(uint256 indexed,address indexed,address indexed,uint256)",
        },
    },
    "SessionRatings": {
        "functions": {
            "rate(uint256,uint8,bytes32)->() nonpayable",
            "ratingOf(address)->(uint256,uint256) view",
            "ratingBy(uint256,address)->(uint8) view",
            "escrow()->(address) view",
        },
        "events": {"Rated(uint256 indexed,address indexed,address indexed,uint8,bytes32)"},
    },
    "TestToken": {
        "functions": {
            "name()->(string) view",
            "symbol()->(string) view",
            "decimals()->(uint8) view",
            "totalSupply()->(uint256) view",
            "balanceOf(address)->(uint256) view",
            "allowance(address,address)->(uint256) view",
            "transfer(address,uint256)->(bool) nonpayable",
            "transferFrom(address,address,uint256)->(bool) nonpayable",
            "approve(address,uint256)->(bool) nonpayable",
            "mint(address,uint256)->() nonpayable",
        },
        "events": {
            "Transfer(address indexed,address indexed,uint256)",
            "Approval(address indexed,address indexed,uint256)",
        },
    },
}


@pytest.mark.parametrize("name", CONTRACT_NAMES)
def test_abi_is_the_documented_interface(name):
    abi = json.loads((ABI_DIR / f"{name}.json").read_text())
    assert abi == artifact(name).abi
    assert {sig(i) for i in abi if i["type"] == "function"} == INTERFACES[name]["functions"]
    assert {event(i) for i in abi if i["type"] == "event"} == INTERFACES[name]["events"]


def test_session_record_field_names():
    item = next(i for i in artifact("SessionEscrow").abi if i.get("name") == "getSession")
    assert [c["name"] for c in item["outputs"][0]["components"]] == [
        "student", "tutor", "token", "ratePerSecond", "capSeconds", "openedAt", "startedAt", "endedAt", "status",
        "tutorPaid", "studentRefunded"]


def test_every_revert_reason_is_exercised():
    """Every reason string in the sources is hit by a behaviour vector, or — for the few a vector cannot reach
    (gas, misbehaving tokens, constructor arguments) — by a test here."""
    import glob
    import re

    from common import CONTRACTS_DIR, ROOT, VECTORS_DIR

    reasons = set()
    for path in CONTRACTS_DIR.glob("*.vy"):
        reasons |= set(re.findall(r'"((?:escrow|credential|ratings|token): [^"]+)"', path.read_text()))
    in_vectors = set()
    for path in VECTORS_DIR.glob("*.json"):
        for step in json.loads(path.read_text())["steps"]:
            if step["expect"]["status"] == 0 and step["expect"]["revertReason"]:
                in_vectors.add(step["expect"]["revertReason"])
    tests_text = "".join(open(p).read() for p in glob.glob(str(ROOT / "contracts" / "tests" / "test_*.py")))
    only_in_tests = {"escrow: gas too low for push", "escrow: fee on transfer", "escrow: transfer failed",
                     "credential: escrow not a contract", "credential: zero minSeconds",
                     "ratings: escrow not a contract"}
    assert reasons - in_vectors == only_in_tests
    for reason in only_in_tests:
        assert reason in tests_text or reason.split(": ")[1] in tests_text, reason
