#!/usr/bin/env python3
"""Compiles the contracts and writes their artifacts under contracts-abi/, deterministically.

For each of TestToken, SessionEscrow, SessionCredential, SessionRatings (contracts/<Name>.vy):

    contracts-abi/<Name>.json         the JSON ABI exactly as the compiler emits it (a list), pretty-printed
    contracts-abi/<Name>.bin          deployment bytecode (no constructor arguments), 0x-prefixed lowercase hex
    contracts-abi/<Name>.bin-runtime  runtime bytecode (what is stored at the address), 0x-prefixed lowercase hex

and, for all of them,

    contracts-abi/build.json          compiler version and settings, each source's sha256, each bytecode's keccak
    contracts-abi/deployments.json    the local genesis (chain 31337): addresses, nonces, constructor arguments

The compiler settings come from the `# pragma` lines of each source (version 0.4.3, evm-version cancun,
optimize gas), so the same bytecode results wherever the pinned vyper runs.

    .venv/bin/python tools/contracts/build.py           # (re)write contracts-abi/
    .venv/bin/python tools/contracts/build.py --check   # fail if a committed file differs from a fresh compile
"""

from __future__ import annotations

import argparse
import json
import sys

import vyper
from eth_abi import encode as abi_encode
from eth_utils import function_signature_to_4byte_selector, keccak

from common import (
    ABI_DIR,
    CHAIN_ID,
    CONTRACT_NAMES,
    CONTRACTS_DIR,
    GENESIS_BALANCE,
    ROOT,
    artifact,
    dev_accounts,
    genesis_deployments,
    genesis_relayers,
)


def hexstr(data: bytes) -> str:
    return "0x" + data.hex()


def render(value) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def constructor_inputs(abi: list) -> list:
    for item in abi:
        if item.get("type") == "constructor":
            return item["inputs"]
    return []


def json_value(abi_type: str, value):
    """A constructor argument as JSON: integers as decimal strings, everything else as is."""
    if abi_type.startswith(("uint", "int")):
        return str(value)
    return value


def deployments_document() -> dict:
    accounts = dev_accounts()
    deployer = accounts[0].address
    contracts = {}
    for d in genesis_deployments():
        inputs = constructor_inputs(artifact(d.name).abi)
        assert [i["type"] for i in inputs] == list(d.arg_types), d.name
        contracts[d.name] = {
            "address": d.address,
            "deployer": d.deployer,
            "nonce": d.nonce,
            "constructorArgs": [
                {"name": i["name"], "type": i["type"], "value": json_value(i["type"], v)}
                for i, v in zip(inputs, d.args)
            ],
            "constructorArgsEncoded": hexstr(d.encoded_args),
            "bytecode": f"contracts-abi/{d.name}.bin",
        }
    escrow = contracts["SessionEscrow"]["address"]
    selector = function_signature_to_4byte_selector("setRelayer(address,bool)")
    setup = [
        {
            "from": deployer,
            "nonce": len(CONTRACT_NAMES) + n,
            "to": escrow,
            "function": "setRelayer(address,bool)",
            "args": [relayer, True],
            "data": hexstr(selector + abi_encode(["address", "bool"], [relayer, True])),
        }
        for n, relayer in enumerate(genesis_relayers())
    ]
    return {
        str(CHAIN_ID): {
            "chainId": CHAIN_ID,
            "mnemonic": "test test test test test test test test test test test junk",
            "derivationPath": "m/44'/60'/0'/0/i",
            "accounts": [a.address for a in accounts],
            "accountBalance": str(GENESIS_BALANCE),
            "deployer": deployer,
            "contracts": contracts,
            "relayers": list(genesis_relayers()),
            "setup": setup,
        }
    }


def build_document() -> dict:
    entries = {}
    for name in CONTRACT_NAMES:
        a = artifact(name)
        entries[name] = {
            "source": f"contracts/{name}.vy",
            "sourceSha256": a.source_sha256,
            "bytecodeKeccak256": hexstr(keccak(a.bytecode)),
            "runtimeKeccak256": hexstr(keccak(a.runtime)),
            "bytecodeSize": len(a.bytecode),
            "runtimeSize": len(a.runtime),
        }
    return {
        "compiler": f"vyper {vyper.__version__}",
        "settings": {"evmVersion": "cancun", "optimize": "gas", "from": "# pragma lines of each source"},
        "contracts": entries,
    }


def outputs() -> dict[str, str]:
    """Relative path under contracts-abi/ -> exact file text."""
    files: dict[str, str] = {}
    for name in CONTRACT_NAMES:
        path = CONTRACTS_DIR / f"{name}.vy"
        text = path.read_text()
        for line, want in (("# pragma version ", "0.4.3"), ("# pragma evm-version ", "cancun"),
                           ("# pragma optimize ", "gas")):
            if f"{line}{want}\n" not in text:
                raise SystemExit(f"build: {path.relative_to(ROOT)} must carry '{line}{want}'")
        a = artifact(name)
        files[f"{name}.json"] = render(a.abi)
        files[f"{name}.bin"] = hexstr(a.bytecode) + "\n"
        files[f"{name}.bin-runtime"] = hexstr(a.runtime) + "\n"
    files["build.json"] = render(build_document())
    files["deployments.json"] = render(deployments_document())
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with the committed files instead of writing")
    args = parser.parse_args()

    files = outputs()
    if args.check:
        stale = [rel for rel, text in files.items()
                 if not (ABI_DIR / rel).exists() or (ABI_DIR / rel).read_text() != text]
        known = set(files)
        extra = sorted(p.name for p in ABI_DIR.glob("*") if p.is_file() and p.name not in known) \
            if ABI_DIR.exists() else []
        if stale or extra:
            if stale:
                print("contracts-abi out of date (run tools/contracts/build.py): " + ", ".join(stale),
                      file=sys.stderr)
            if extra:
                print("contracts-abi holds files build.py does not make: " + ", ".join(extra), file=sys.stderr)
            return 1
        print(f"contracts-abi current: {len(files)} files", file=sys.stderr)
        return 0
    ABI_DIR.mkdir(exist_ok=True)
    for rel, text in files.items():
        (ABI_DIR / rel).write_text(text)
    print(f"wrote {len(files)} files to contracts-abi/", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
