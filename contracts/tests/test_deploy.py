"""tools/contracts/deploy.py against a real JSON-RPC-shaped chain (web3.py's EthereumTesterProvider on py-evm):
deploying from account 0 of the test mnemonic on a fresh chain lands every contract at its genesis address with
the committed runtime code, and the key never reaches the output."""

from __future__ import annotations

import io
import json
import sys
from contextlib import redirect_stderr, redirect_stdout

import pytest

from common import ABI_DIR, TOOLS_DIR, dev_accounts

sys.path.insert(0, str(TOOLS_DIR))
import deploy  # noqa: E402

import eth_tester  # noqa: E402,F401  (pinned in tools/requirements.txt: a missing one must fail, not skip)


@pytest.fixture
def w3():
    from web3 import EthereumTesterProvider, Web3

    w3 = Web3(EthereumTesterProvider())
    funder = w3.eth.accounts[0]
    for acct in dev_accounts()[:2]:
        w3.eth.send_transaction({"from": funder, "to": acct.address, "value": 10**20})
    return w3


def test_deploy_reproduces_the_local_genesis_addresses(w3):
    key = dev_accounts()[0].private_key
    relayer = dev_accounts()[1].address
    doc = deploy.deploy(w3, key, [relayer], test_token=True, min_seconds=60, name="Metered Session Credential",
                        symbol="MSC", base_uri="")
    (entry,) = doc.values()
    genesis = json.loads((ABI_DIR / "deployments.json").read_text())["31337"]
    for name, c in genesis["contracts"].items():
        assert entry["contracts"][name]["address"] == c["address"], name
        assert entry["contracts"][name]["nonce"] == c["nonce"]
        assert entry["contracts"][name]["constructorArgsEncoded"] == c["constructorArgsEncoded"]
    assert entry["setup"][0]["data"] == genesis["setup"][0]["data"]
    escrow = w3.eth.contract(address=entry["contracts"]["SessionEscrow"]["address"],
                             abi=json.loads((ABI_DIR / "SessionEscrow.json").read_text()))
    assert escrow.functions.owner().call() == dev_accounts()[0].address
    assert escrow.functions.isRelayer(relayer).call()
    cred = w3.eth.contract(address=entry["contracts"]["SessionCredential"]["address"],
                           abi=json.loads((ABI_DIR / "SessionCredential.json").read_text()))
    assert cred.functions.minSeconds().call() == 60
    assert cred.functions.escrow().call() == escrow.address


def test_a_session_runs_on_the_deployed_contracts(w3):
    accounts = dev_accounts()
    doc = deploy.deploy(w3, accounts[0].private_key, [], test_token=False, min_seconds=1, name="N", symbol="S",
                        base_uri="ipfs://x/")
    (entry,) = doc.values()
    assert "TestToken" not in entry["contracts"]
    escrow = w3.eth.contract(address=entry["contracts"]["SessionEscrow"]["address"],
                             abi=json.loads((ABI_DIR / "SessionEscrow.json").read_text()))
    student, tutor = w3.eth.accounts[2], w3.eth.accounts[3]
    escrow.functions.deposit(tutor, "0x" + "00" * 20, 10, 100).transact({"from": student, "value": 1000})
    escrow.functions.startSession(1).transact({"from": tutor})
    escrow.functions.stopSession(1).transact({"from": student})
    session = escrow.functions.getSession(1).call()
    assert session[8] == 3  # Settled
    assert session[9] + session[10] == 1000


def test_cli_reads_the_key_from_the_environment_and_never_prints_it(monkeypatch, w3):
    key = dev_accounts()[0].private_key
    from web3 import Web3

    class Provider:  # route the CLI's HTTP provider to the in-process chain
        def __new__(cls, *args, **kwargs):
            return w3.provider

    monkeypatch.setattr(Web3, "HTTPProvider", Provider)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = deploy.main(["--rpc-url", "http://127.0.0.1:1", "--test-token", "--relayer",
                            dev_accounts()[1].address], environ={"METERED_PRIVATE_KEY": key})
    assert code == 0, err.getvalue()
    doc = json.loads(out.getvalue())
    assert list(doc) == [str(w3.eth.chain_id)]
    for text in (out.getvalue(), err.getvalue()):
        assert key[2:].lower() not in text.lower()


def test_cli_without_a_key_explains_itself():
    err = io.StringIO()
    with redirect_stderr(err):
        code = deploy.main(["--rpc-url", "http://127.0.0.1:1"], environ={})
    assert code == 2
    assert "METERED_PRIVATE_KEY" in err.getvalue()
