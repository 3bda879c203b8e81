#!/usr/bin/env python3
"""Load test of `metered node` over loopback: concurrent clients sending pre-signed `eth_sendRawTransaction`.

For each client count, a fresh `metered node` (release build, automine, Metered genesis, a random free port) and
`wrk` (Debian's, with tools/bench/load_node.lua) with one thread and one keep-alive connection per client. Client i
owns development account 2 + i and sends its native-currency escrow deposits (`deposit(tutor, 0x0, 1 gwei/s,
3600 s)`, EIP-1559, chain 31337) in nonce order, one request at a time, so no transaction waits for another
client's. The transactions are signed before the node starts (coincurve, checked against eth-account), enough for
the whole run.

Reported per run: transactions per second (wrk's requests per second), latency p50/p99 (wrk's, per request), the
requests answered with anything but a JSON-RPC result, and the blocks the node mined (`eth_blockNumber` after the
run less before it: one per accepted transaction under automine; a run where they disagree is refused, since its
requests were not all mined transactions).

    .venv/bin/python tools/bench/load_node.py                      # 1, 4 and 8 clients, 5 s each
    .venv/bin/python tools/bench/load_node.py --clients 8 --seconds 10 --binary path/to/metered
"""
import argparse
import json
import pathlib
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

import coincurve
import rlp
from eth_abi import encode
from eth_account import Account
from eth_hash.auto import keccak
from eth_utils import function_signature_to_4byte_selector

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
HERE = pathlib.Path(__file__).resolve().parent
CHAIN_ID = 31337
RATE, CAP_SECONDS = 1_000_000_000, 3600

Account.enable_unaudited_hdwallet_features()


def dev_keys() -> list[bytes]:
    deployments = json.loads((ROOT / "contracts-abi" / "deployments.json").read_text())["31337"]
    mnemonic = deployments["mnemonic"]
    return [bytes(Account.from_mnemonic(mnemonic, account_path=f"m/44'/60'/0'/0/{i}").key) for i in range(10)]


def escrow_address() -> bytes:
    deployments = json.loads((ROOT / "contracts-abi" / "deployments.json").read_text())["31337"]
    return bytes.fromhex(deployments["contracts"]["SessionEscrow"]["address"][2:])


def sign_1559(key: coincurve.PrivateKey, nonce: int, to: bytes, value: int, data: bytes) -> bytes:
    fields = [CHAIN_ID, nonce, 10**9, 10 * 10**9, 300_000, to, value, data, []]
    digest = keccak(b"\x02" + rlp.encode(fields))
    signature = key.sign_recoverable(digest, hasher=None)
    r, s, y = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:64], "big"), signature[64]
    return b"\x02" + rlp.encode(fields + [y, r, s])


def deposits(keys: list[bytes], client: int, count: int) -> list[bytes]:
    student = coincurve.PrivateKey(keys[2 + client])
    tutor = Account.from_key(keys[2 + (client + 1) % 8]).address
    data = function_signature_to_4byte_selector("deposit(address,address,uint256,uint256)") + encode(
        ["address", "address", "uint256", "uint256"], [tutor, "0x" + "00" * 20, RATE, CAP_SECONDS])
    escrow = escrow_address()
    return [sign_1559(student, nonce, escrow, RATE * CAP_SECONDS, data) for nonce in range(count)]


def rpc(port: int, method: str, params: list) -> object:
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["result"]


def build_metered() -> pathlib.Path:
    """Builds Metered's `metered` product in release through the Benchmarks package, which already holds the release
    build of ChainSim and the rest that compare.py made."""
    subprocess.run(["swift", "build", "-c", "release", "--product", "metered"], cwd=ROOT / "Benchmarks", check=True,
                   stdout=subprocess.DEVNULL)
    bin_path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT / "Benchmarks",
                              check=True, capture_output=True, text=True).stdout.strip()
    return pathlib.Path(bin_path) / "metered"


def start_node(binary: pathlib.Path) -> tuple[subprocess.Popen, int]:
    node = subprocess.Popen([str(binary), "node", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    deadline = time.monotonic() + 60
    for line in node.stdout:
        match = re.search(r"Listening on [^:]+:(\d+)", line)
        if match:
            return node, int(match.group(1))
        if time.monotonic() > deadline:
            break
    node.kill()
    raise SystemExit("load_node: the node did not print its port")


def parse_wrk(output: str) -> dict:
    def latency_ms(label: str) -> float:
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    return {
        "tps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "p50_ms": latency_ms("50"),
        "p99_ms": latency_ms("99"),
        "errors": int(re.search(r"^rpc errors (\d+)$", output, re.M).group(1)),
        "exhausted": int(re.search(r"^clients out of transactions (\d+)$", output, re.M).group(1)),
    }


def run(binary: pathlib.Path, clients: int, seconds: int, per_client: int) -> dict:
    keys = dev_keys()
    with tempfile.TemporaryDirectory(prefix="metered-load-") as directory:
        for client in range(clients):
            bodies = [json.dumps({"jsonrpc": "2.0", "id": n, "method": "eth_sendRawTransaction",
                                  "params": ["0x" + raw.hex()]}, separators=(",", ":"))
                      for n, raw in enumerate(deposits(keys, client, per_client))]
            (pathlib.Path(directory) / f"client_{client}.txt").write_text("\n".join(bodies) + "\n")
        node, port = start_node(binary)
        try:
            genesis_head = int(rpc(port, "eth_blockNumber", []), 16)
            output = subprocess.run(
                ["wrk", "-t", str(clients), "-c", str(clients), "-d", f"{seconds}s", "--latency", "--timeout", "10s",
                 "-s", str(HERE / "load_node.lua"), f"http://127.0.0.1:{port}/", "--", directory],
                check=True, capture_output=True, text=True).stdout
            result = parse_wrk(output)
            result["blocks"] = int(rpc(port, "eth_blockNumber", []), 16) - genesis_head
        finally:
            node.terminate()
            node.wait(timeout=30)
    result["clients"] = clients
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 8], help="concurrent clients (1…8)")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--signed", type=int, default=20_000,
                        help="transactions signed per run, split among the clients (a run where a client ran out "
                             "before the end is refused: wrk divides by the whole duration)")
    parser.add_argument("--binary", type=pathlib.Path, help="a release `metered` (default: build it)")
    args = parser.parse_args()
    if any(not 1 <= c <= 8 for c in args.clients):
        parser.error("--clients must be 1…8: each client owns one of the development accounts 2…9")
    binary = args.binary or build_metered()
    # The hand-made encoding is the one eth-account makes.
    key = dev_keys()[2]
    probe = sign_1559(coincurve.PrivateKey(key), 0, escrow_address(), 1, b"")
    assert Account.recover_transaction(probe) == Account.from_key(key).address
    print("| clients | tx/s | p50 | p99 | requests | RPC errors | blocks mined |")
    print("|---|---|---|---|---|---|---|")
    for clients in args.clients:
        r = run(binary, clients, args.seconds, -(-args.signed // clients))
        if r["exhausted"]:
            raise SystemExit(f"load_node: {r['exhausted']} of {clients} clients ran out of signed transactions "
                             f"before {args.seconds} s; sign more (--signed) or run shorter (--seconds)")
        accepted = r["requests"] - r["errors"]
        # Automine: one block per accepted transaction; a request still in flight when wrk stopped may add one per
        # client. Anything else means requests were counted that did not become transactions.
        if not accepted <= r["blocks"] <= accepted + clients:
            raise SystemExit(f"load_node: {accepted} transactions accepted but {r['blocks']} blocks mined with "
                             f"{clients} clients: the clients did not send what they signed, in nonce order")
        print(f"| {r['clients']} | {r['tps']:.0f} | {r['p50_ms']:.2f} ms | {r['p99_ms']:.2f} ms | {r['requests']} | "
              f"{r['errors']} | {r['blocks']} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
