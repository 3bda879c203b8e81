#!/usr/bin/env python3
"""Deploys the committed contracts (contracts-abi/*.bin, exactly what the tests and vectors ran) to any EVM chain
over JSON-RPC, with web3.py, and prints the deployment as JSON.

The deploying key is read from an environment variable (METERED_PRIVATE_KEY by default, 0x-prefixed hex) and
never printed or written. The deployer becomes the escrow's owner. In order, from the deployer's next nonce:
[TestToken, only with --test-token], SessionEscrow, SessionCredential(escrow, --min-seconds, --name, --symbol,
--base-uri), SessionRatings(escrow), then setRelayer(account, true) for each --relayer. Each transaction is
signed locally (EIP-1559 fees as the node suggests), sent, and awaited; the code then found at each address is
checked against the committed runtime bytecode.

    export METERED_PRIVATE_KEY=0x...        # a funded key; never commit it
    .venv/bin/python tools/contracts/deploy.py --rpc-url https://rpc.example --relayer 0xRelayer... > deployed.json

The output has the shape of one entry of contracts-abi/deployments.json, keyed by chain id.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from eth_abi import encode as abi_encode
from eth_account import Account
from eth_utils import to_checksum_address

from common import ABI_DIR, create_address

DEFAULT_KEY_ENV = "METERED_PRIVATE_KEY"


class DeployError(Exception):
    """deploy: a one-line explanation of what went wrong and what to do."""


def load(name: str) -> tuple[list, bytes, bytes]:
    abi = json.loads((ABI_DIR / f"{name}.json").read_text())
    bytecode = bytes.fromhex((ABI_DIR / f"{name}.bin").read_text().strip()[2:])
    runtime = bytes.fromhex((ABI_DIR / f"{name}.bin-runtime").read_text().strip()[2:])
    return abi, bytecode, runtime


def constructor_types(abi: list) -> list[dict]:
    return next((i for i in abi if i.get("type") == "constructor"), {"inputs": []})["inputs"]


def deploy(w3, private_key: str, relayers: list[str], test_token: bool, min_seconds: int, name: str, symbol: str,
           base_uri: str, timeout: float = 300.0, log=lambda message: None) -> dict:
    """Deploys with `w3` (a connected web3.Web3) from `private_key`; returns the deployment document."""
    account = Account.from_key(private_key)
    deployer = account.address
    chain_id = w3.eth.chain_id
    nonce = w3.eth.get_transaction_count(deployer, "pending")
    if min_seconds < 1:
        raise DeployError("deploy: --min-seconds must be at least 1")

    def send(tx: dict) -> dict:
        nonlocal nonce
        tx = dict(tx)
        tx.update({"from": deployer, "nonce": nonce, "chainId": chain_id})
        if "gas" not in tx:
            tx["gas"] = w3.eth.estimate_gas(tx) * 6 // 5  # 20 % headroom
        if "maxFeePerGas" not in tx and "gasPrice" not in tx:
            base = w3.eth.get_block("latest").get("baseFeePerGas")
            if base is None:
                tx["gasPrice"] = w3.eth.gas_price
            else:
                tip = w3.eth.max_priority_fee
                tx["maxPriorityFeePerGas"] = tip
                tx["maxFeePerGas"] = 2 * base + tip
        signed = account.sign_transaction(tx)
        tx_hash = w3.eth.send_raw_transaction(signed.raw_transaction)
        receipt = w3.eth.wait_for_transaction_receipt(tx_hash, timeout=timeout)
        if receipt["status"] != 1:
            raise DeployError(f"deploy: transaction {tx_hash.hex()} at nonce {nonce} reverted; check the key's "
                              "balance and the chain's limits")
        nonce += 1
        return receipt

    contracts: dict = {}

    def create(contract_name: str, args: list) -> str:
        abi, bytecode, runtime = load(contract_name)
        inputs = constructor_types(abi)
        encoded = abi_encode([i["type"] for i in inputs], args) if inputs else b""
        expected = create_address(deployer, nonce)
        used_nonce = nonce
        log(f"deploy: {contract_name} from {deployer} at nonce {nonce} -> {expected}")
        receipt = send({"data": "0x" + (bytecode + encoded).hex(), "value": 0})
        address = to_checksum_address(receipt["contractAddress"])
        if address != expected:
            raise DeployError(f"deploy: {contract_name} landed at {address}, not at {expected}")
        code = bytes(w3.eth.get_code(address))
        if code[: len(runtime)] != runtime:
            raise DeployError(f"deploy: the code at {address} is not contracts-abi/{contract_name}.bin-runtime")
        contracts[contract_name] = {
            "address": address,
            "deployer": deployer,
            "nonce": used_nonce,
            "constructorArgs": [{"name": i["name"], "type": i["type"],
                                 "value": str(v) if isinstance(v, int) else v} for i, v in zip(inputs, args)],
            "constructorArgsEncoded": "0x" + encoded.hex(),
            "bytecode": f"contracts-abi/{contract_name}.bin",
            "transactionHash": receipt["transactionHash"].hex() if hasattr(receipt["transactionHash"], "hex")
            else receipt["transactionHash"],
            "blockNumber": receipt["blockNumber"],
        }
        return address

    if test_token:
        create("TestToken", [])
    escrow = create("SessionEscrow", [])
    create("SessionCredential", [escrow, min_seconds, name, symbol, base_uri])
    create("SessionRatings", [escrow])

    escrow_abi = load("SessionEscrow")[0]
    escrow_contract = w3.eth.contract(address=escrow, abi=escrow_abi)
    setup = []
    for relayer in relayers:
        relayer = to_checksum_address(relayer)
        log(f"deploy: setRelayer({relayer}, true) at nonce {nonce}")
        tx = escrow_contract.functions.setRelayer(relayer, True).build_transaction(
            {"from": deployer, "nonce": nonce, "chainId": chain_id, "gas": 100_000})
        receipt = send({k: v for k, v in tx.items() if k in ("to", "data", "value", "gas")})
        setup.append({"from": deployer, "nonce": nonce - 1, "to": escrow, "function": "setRelayer(address,bool)",
                      "args": [relayer, True], "data": tx["data"]})
        if not escrow_contract.functions.isRelayer(relayer).call():
            raise DeployError(f"deploy: {relayer} is not a relayer after setRelayer")
    return {
        str(chain_id): {
            "chainId": chain_id,
            "deployer": deployer,
            "contracts": contracts,
            "relayers": [to_checksum_address(r) for r in relayers],
            "setup": setup,
        }
    }


def main(argv: list[str] | None = None, environ=os.environ) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rpc-url", required=True, help="the chain's JSON-RPC endpoint (http:// or https://)")
    parser.add_argument("--key-env", default=DEFAULT_KEY_ENV,
                        help=f"environment variable holding the deployer's private key (default {DEFAULT_KEY_ENV})")
    parser.add_argument("--relayer", action="append", default=[], help="an account to enable as relayer (repeat)")
    parser.add_argument("--test-token", action="store_true", help="also deploy TestToken (test chains only)")
    parser.add_argument("--min-seconds", type=int, default=60, help="SessionCredential's minSeconds (default 60)")
    parser.add_argument("--name", default="Metered Session Credential", help="SessionCredential's name")
    parser.add_argument("--symbol", default="MSC", help="SessionCredential's symbol")
    parser.add_argument("--base-uri", default="", help="SessionCredential's baseURI (default: none)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for each receipt")
    parser.add_argument("--out", help="also write the deployment JSON to this file")
    args = parser.parse_args(argv)

    key = environ.get(args.key_env)
    if not key:
        print(f"deploy: set {args.key_env} to the deployer's private key (0x-prefixed hex)", file=sys.stderr)
        return 2
    if not args.rpc_url.startswith(("http://", "https://")):
        print("deploy: --rpc-url must be an http:// or https:// endpoint", file=sys.stderr)
        return 2
    from web3 import Web3

    w3 = Web3(Web3.HTTPProvider(args.rpc_url, request_kwargs={"timeout": 60}))
    try:
        doc = deploy(w3, key, args.relayer, args.test_token, args.min_seconds, args.name, args.symbol,
                     args.base_uri, args.timeout, log=lambda m: print(m, file=sys.stderr))
    except DeployError as e:
        print(str(e), file=sys.stderr)
        return 1
    text = json.dumps(doc, indent=2) + "\n"
    sys.stdout.write(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
