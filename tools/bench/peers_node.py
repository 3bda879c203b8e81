"""The local node answering in process, next to eth-tester on py-evm (pinned in tools/requirements.txt): the
in-process chain web3.py users test against, reached through web3's EthereumTesterProvider. Each side goes from a
JSON-RPC request to its decoded answer without a network: an account read (eth_getBalance), a contract read
(eth_call of TestToken's balanceOf: a Swift model on ChainSim, the compiled Vyper bytecode on py-evm), and 100
balance reads (one JSON-RPC batch on the Swift side; web3.py's EthereumTesterProvider answers batches by running
each call, so the peer makes the 100 calls). Goal: at least 10 times eth-tester's rate on every workload.
"""
import json
import pathlib

from timing import Workload, ops_per_second

ROOT = pathlib.Path(__file__).resolve().parents[2]
STUDENT = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"

_peer = None


def peer():
    """A web3 on eth-tester with TestToken deployed from the committed bytecode and some tokens minted."""
    global _peer
    if _peer is None:
        from web3 import EthereumTesterProvider, Web3

        w3 = Web3(EthereumTesterProvider())
        abi = json.loads((ROOT / "contracts-abi" / "TestToken.json").read_text())
        bytecode = (ROOT / "contracts-abi" / "TestToken.bin").read_text().strip()
        deployer = w3.eth.accounts[0]
        factory = w3.eth.contract(abi=abi, bytecode=bytecode)
        receipt = w3.eth.wait_for_transaction_receipt(factory.constructor().transact({"from": deployer}))
        token = w3.eth.contract(address=receipt["contractAddress"], abi=abi)
        w3.eth.wait_for_transaction_receipt(token.functions.mint(STUDENT, 5_000_000).transact({"from": deployer}))
        _peer = (w3, token)
    return _peer


def get_balance():
    w3, _ = peer()
    return w3.eth.get_balance(STUDENT)


def call_balance_of():
    _, token = peer()
    return token.functions.balanceOf(STUDENT).call()


def hundred_balances():
    w3, _ = peer()
    accounts = w3.eth.accounts
    return [w3.eth.get_balance(accounts[i % len(accounts)]) for i in range(100)]


def eth_tester(fn):
    return {"eth-tester (py-evm) via web3": lambda: ops_per_second(fn)}


WORKLOADS = [
    Workload("eth_getBalance in process", "NodeBenchmarks", "Node eth_getBalance", eth_tester(get_balance),
             goal=("eth-tester (py-evm) via web3", 10)),
    Workload("eth_call balanceOf in process", "NodeBenchmarks", "Node eth_call balanceOf",
             eth_tester(call_balance_of), goal=("eth-tester (py-evm) via web3", 10)),
    Workload("100 eth_getBalance in process", "NodeBenchmarks", "Node client batch of 100 eth_getBalance",
             eth_tester(hundred_balances), goal=("eth-tester (py-evm) via web3", 10)),
]
