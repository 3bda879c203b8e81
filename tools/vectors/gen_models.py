"""Differential vectors for the Swift contract models (Tests/ChainSimTests/ModelCalldataProbeTests.swift): crafted and
mutated calldata for every function of the four contracts and the Wallet test helper, each run on the compiled
bytecode in py-evm (tools/contracts/evm.py), recording what the contract did.

Writes vectors/models/calldata.json:

- "setup": the state the probes run in, on top of the local genesis: a Wallet (contracts/tests/mocks/Wallet.vy)
  deployed by account 3, then transactions (a settled session attested and claimed, a funded tUSD session, an
  active native session), each mined in a block at its "timestamp".
- "cases": calls run one by one on that state (each on its own copy, at "timestamp"): the valid call of each
  function and variants of its calldata (one byte short, arguments missing, trailing bytes, dirty address bits, a
  bool of 2, a uint8 of 256, dirty bytes4 padding, value sent to a non-payable function, for `bytes` arguments
  offsets and lengths past the end and lengths around the Vyper bound), seeded random byte flips, and per contract
  plain payments, short calldata and an unknown selector. "expect" holds the status, the return or revert data and
  the logs.

Cases are what the contracts do, whatever the models do: where a model disagrees, the model is wrong.
"""
import pathlib
import random
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "contracts"))

from eth_abi import encode  # noqa: E402
from eth_utils import function_signature_to_4byte_selector, to_checksum_address  # noqa: E402

NATIVE = "0x0000000000000000000000000000000000000000"


def hex_(data: bytes) -> str:
    return "0x" + data.hex()


def word(n: int) -> bytes:
    return n.to_bytes(32, "big")


def abi_type(p: dict) -> str:
    t = p["type"]
    if t.startswith("tuple"):
        return "(" + ",".join(abi_type(c) for c in p["components"]) + ")" + t[len("tuple"):]
    return t


def signature(item: dict) -> str:
    return f"{item['name']}(" + ",".join(abi_type(i) for i in item["inputs"]) + ")"


def set_byte(data: bytes, index: int, value: int) -> bytes:
    return data[:index] + bytes([value]) + data[index + 1:]


def variants(item: dict, args: list, rng: random.Random) -> list[tuple[str, bytes, int | None]]:
    """(name, calldata, value override) for one function: the valid call, then the ways its calldata can be bad."""
    types = [abi_type(i) for i in item["inputs"]]
    selector = function_signature_to_4byte_selector(signature(item))
    body = encode(types, args)
    valid = selector + body
    rows = [("valid", valid, None)]
    if types:
        rows.append(("one byte short", valid[:-1], None))
        rows.append(("selector only", selector, None))
    rows.append(("trailing bytes", valid + b"\x00\xff\x01", None))
    for index, t in enumerate(types):
        at = 4 + 32 * index
        if t == "address":
            rows.append((f"argument {index}: address with a non-zero high byte", set_byte(valid, at, 1), None))
            rows.append((f"argument {index}: address with a non-zero byte 11", set_byte(valid, at + 11, 1), None))
        elif t == "bool":
            rows.append((f"argument {index}: bool 2", valid[:at] + word(2) + valid[at + 32:], None))
        elif t == "uint8":
            rows.append((f"argument {index}: uint8 256", valid[:at] + word(256) + valid[at + 32:], None))
            rows.append((f"argument {index}: uint8 255", valid[:at] + word(255) + valid[at + 32:], None))
        elif t == "bytes4":
            rows.append((f"argument {index}: bytes4 with dirty padding", set_byte(valid, at + 31, 1), None))
        elif t == "bytes":
            offset = int.from_bytes(valid[at:at + 32], "big")
            start = 4 + offset
            length = int.from_bytes(valid[start:start + 32], "big")
            for label, new in (("past the end", len(body) + 64), ("at 4096", 4096), ("at 2^64", 2**64),
                               ("at 2^255", 2**255), ("at 2^256 - 1", 2**256 - 1), ("at 2^256 - 4", 2**256 - 4),
                               ("at 2^256 - 5", 2**256 - 5), ("at 2^256 - 36", 2**256 - 36),
                               ("at 2^256 - 37", 2**256 - 37), ("at 2^256 - 2000", 2**256 - 2000),
                               ("inside, non-canonical", 32)):
                rows.append((f"argument {index}: bytes offset {label}", valid[:at] + word(new) + valid[at + 32:],
                             None))
            rows.append((f"argument {index}: bytes length running past the end",
                         valid[:start] + word(length + 40) + valid[start + 32:], None))
            rows.append((f"argument {index}: bytes length 2^255",
                         valid[:start] + word(2**255) + valid[start + 32:], None))
            if length % 32:
                rows.append((f"argument {index}: bytes with dirty padding", set_byte(valid, len(valid) - 1, 0xEE),
                             None))
            for size in (1024, 1025):
                long_args = [bytes([7]) * size if t == "bytes" and i == index else a for i, (t, a) in
                             enumerate(zip(types, args))]
                rows.append((f"argument {index}: bytes of {size}", selector + encode(types, long_args), None))
            rows.append((f"argument {index}: bytes without the final padding",
                         valid[:len(valid) - ((32 - length % 32) % 32)], None))
    if item["stateMutability"] != "payable":
        rows.append(("one wei sent", valid, 1))
    for flip in range(4):
        mutated = bytearray(valid)
        for _ in range(rng.randint(1, 3)):
            position = rng.randrange(len(mutated))
            mutated[position] = rng.randrange(256)
        rows.append((f"random flip {flip}", bytes(mutated), None))
    return rows


def generate() -> dict[str, object]:
    from evm import Chain, ZERO  # tools/contracts/evm.py

    chain = Chain()
    a = chain.accounts
    deployer, relayer, student, tutor, outsider = a[0], a[1], a[2], a[3], a[4]
    esc, tok, cred, rat = chain.escrow, chain.token, chain.credential, chain.ratings

    from common import artifact  # tools/contracts/common.py

    wallet = chain.deploy("Wallet", tutor, True, sender=tutor)
    wallet_init = artifact("Wallet").bytecode + encode(["address", "bool"], [tutor, True])

    setup = []

    def send(contract, method, *args, sender, value=0, after=1):
        chain.sleep(after)
        data = getattr(contract, method).calldata(*args)
        result = chain.tx(sender, contract.address, data, value=value)
        assert result.success, (method, result.reason)
        setup.append({"timestamp": chain.timestamp, "from": sender, "to": contract.address, "value": str(value),
                      "data": hex_(data), "note": f"{method}{args}"})

    rate, cap = 1_000, 600
    send(esc, "deposit", tutor, ZERO, rate, cap, sender=student, value=rate * cap)  # session 1
    send(esc, "startSession", 1, sender=relayer)
    send(esc, "stopSession", 1, sender=student, after=120)
    send(cred, "attest", 1, sender=tutor)
    send(cred, "claim", 1, sender=student)
    send(tok, "mint", student, 10**6, sender=student)
    send(tok, "approve", esc.address, 10**6, sender=student)
    send(esc, "deposit", tutor, tok.address, 10, 100, sender=student)  # session 2, funded tUSD
    send(esc, "deposit", tutor, ZERO, rate, cap, sender=student, value=rate * cap)  # session 3
    send(esc, "startSession", 3, sender=relayer)
    chain.sleep(10)
    now = chain.timestamp

    comment = b"\x11" * 32
    calls = {
        # TestToken
        "mint(address,uint256)": (tok, student, [student, 5], 0),
        "transfer(address,uint256)": (tok, student, [outsider, 1], 0),
        "transferFrom(address,address,uint256)": (tok, student, [student, outsider, 1], 0),
        "approve(address,uint256)": (tok, student, [outsider, 7], 0),
        "balanceOf(address)": (tok, outsider, [student], 0),
        "allowance(address,address)": (tok, outsider, [student, esc.address], 0),
        "name()": (tok, outsider, [], 0),
        "symbol()": (tok, outsider, [], 0),
        "decimals()": (tok, outsider, [], 0),
        "totalSupply()": (tok, outsider, [], 0),
        # SessionEscrow
        "deposit(address,address,uint256,uint256)": (esc, student, [tutor, NATIVE, 10, 60], 600),
        "extendSession(uint256,uint256)": (esc, student, [3, 10], 10 * rate),
        "startSession(uint256)": (esc, relayer, [2], 0),
        "stopSession(uint256)": (esc, student, [3], 0),
        "stopSessionAt(uint256,uint256)": (esc, relayer, [3, now - 5], 0),
        "settle(uint256)": (esc, outsider, [3], 0),
        "cancelSession(uint256)": (esc, student, [2], 0),
        "withdraw(address)": (esc, outsider, [NATIVE], 0),
        "setRelayer(address,bool)": (esc, deployer, [outsider, True], 0),
        "transferOwnership(address)": (esc, deployer, [outsider], 0),
        "getSession(uint256)": (esc, outsider, [1], 0),
        "billableSeconds(uint256)": (esc, outsider, [3], 0),
        "owed(uint256)": (esc, outsider, [3], 0),
        "isRelayer(address)": (esc, outsider, [relayer], 0),
        "withdrawable(address,address)": (esc, outsider, [tutor, NATIVE], 0),
        "secondsLearned(address)": (esc, outsider, [student], 0),
        "secondsTaught(address)": (esc, outsider, [tutor], 0),
        "owner()": (esc, outsider, [], 0),
        "nextSessionId()": (esc, outsider, [], 0),
        # SessionCredential
        "attest(uint256)": (cred, tutor, [1], 0),
        "claim(uint256)": (cred, student, [1], 0),
        "isAttested(uint256)": (cred, outsider, [1], 0),
        "credentialOf(uint256)": (cred, outsider, [1], 0),
        "ownerOf(uint256)": (cred, outsider, [1], 0),
        "tokenURI(uint256)": (cred, outsider, [1], 0),
        "getApproved(uint256)": (cred, outsider, [1], 0),
        "isApprovedForAll(address,address)": (cred, outsider, [student, tutor], 0),
        "locked(uint256)": (cred, outsider, [1], 0),
        "supportsInterface(bytes4)": (cred, outsider, [bytes.fromhex("80ac58cd")], 0),
        "safeTransferFrom(address,address,uint256)": (cred, student, [student, tutor, 1], 0),
        "safeTransferFrom(address,address,uint256,bytes)": (cred, student, [student, tutor, 1, b"hello"], 0),
        "approve(address,uint256)@credential": (cred, student, [tutor, 1], 0),
        "setApprovalForAll(address,bool)": (cred, student, [tutor, True], 0),
        "escrow()@credential": (cred, outsider, [], 0),
        "minSeconds()": (cred, outsider, [], 0),
        "name()@credential": (cred, outsider, [], 0),
        "symbol()@credential": (cred, outsider, [], 0),
        "baseURI()": (cred, outsider, [], 0),
        "transferFrom(address,address,uint256)@credential": (cred, student, [student, tutor, 1], 0),
        "balanceOf(address)@credential": (cred, outsider, [student], 0),
        # SessionRatings
        "rate(uint256,uint8,bytes32)": (rat, student, [1, 5, comment], 0),
        "ratingOf(address)": (rat, outsider, [tutor], 0),
        "ratingBy(uint256,address)": (rat, outsider, [1, student], 0),
        "escrow()@ratings": (rat, outsider, [], 0),
        # Wallet
        "setAccepting(bool)": (wallet, tutor, [False], 0),
        "execute(address,bytes,uint256)": (wallet, tutor, [outsider, b"\x01\x02", 0], 0),
        "owner()@wallet": (wallet, outsider, [], 0),
        "accepting()": (wallet, outsider, [], 0),
    }

    rng = random.Random(6)
    cases = []

    def run(name, contract, sender, data, value):
        result = chain.call(contract.address, data, sender=sender, value=value)
        expect = {"status": 1 if result.success else 0, "output": hex_(result.output),
                  "logs": [{"address": log.address, "topics": [hex_(t) for t in log.topics], "data": hex_(log.data)}
                           for log in result.logs]}
        cases.append({"name": name, "contract": contract.contract_name, "from": sender, "to": contract.address,
                      "value": str(value), "data": hex_(data), "expect": expect})

    covered = set()
    for key, (contract, sender, args, value) in calls.items():
        sig = key.split("@")[0]
        items = [i for i in contract.abi if i.get("type") == "function" and signature(i) == sig]
        assert len(items) == 1, key
        covered.add((contract.contract_name, sig))
        for name, data, override in variants(items[0], args, rng):
            run(f"{contract.contract_name}.{sig}: {name}", contract, sender, data,
                value if override is None else override)
    for contract in (tok, esc, cred, rat, wallet):
        functions = {signature(i) for i in contract.abi if i.get("type") == "function"}
        missing = functions - {sig for name, sig in covered if name == contract.contract_name}
        assert not missing, (contract.contract_name, missing)
        for name, data, value in (("plain payment", b"", 1), ("empty calldata", b"", 0), ("one byte", b"\x01", 0),
                                  ("three bytes", b"\x01\x02\x03", 0), ("unknown selector", b"\x12\x34\x56\x78", 0),
                                  ("unknown selector with value", b"\x12\x34\x56\x78" + word(1), 1)):
            run(f"{contract.contract_name}: {name}", contract, outsider, data, value)

    return {"models/calldata.json": {
        "format": 1,
        "description": "Calldata for every function of the four contracts and the Wallet test helper, valid and "
                       "crafted or mutated, each run as an eth_call on the compiled contracts in py-evm after "
                       "'setup' (on the local genesis); 'expect' is what the contract did. Replayed by the Swift "
                       "models in Tests/ChainSimTests/ModelCalldataProbeTests.swift.",
        "wallet": {"deployer": tutor, "address": wallet.address, "initcode": hex_(wallet_init)},
        "setup": setup,
        "timestamp": now,
        "cases": cases,
    }}


if __name__ == "__main__":
    for path, value in generate().items():
        print(path, len(value["cases"]), "cases")
