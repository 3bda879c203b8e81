"""Vectors for the generated contract bindings (Tests/ContractsTests), from Vyper 0.4.3 and eth-abi (pinned in
tools/requirements.txt).

Writes under vectors/bindings/:

- "abi/Tricky.json": a hand-made, Solidity-style JSON ABI with everything that makes bindings hard: overloads (one
  without arguments), Swift keywords and reserved names as parameter and function names, unnamed and underscored
  parameters, nested tuples with and without `internalType`, a struct returned alone, fixed arrays of fixed arrays
  and of dynamic types, odd integer widths and byte-string sizes, the `function` type, events with indexed dynamic
  values (string, bytes, a tuple) and odd widths, an anonymous event, an event named like a function, and custom
  errors (one taking a struct). Tests/ContractsTests/Generated/Tricky.swift is generated from it.
- "tricky.json": calls, results, logs and reverts of that ABI with values, encoded by eth-abi: the generated
  bindings must decode each encoding to the values and encode the values back to the same bytes.
- "abi/DecodeProbe.json": the ABI of a small Vyper contract (its source is below) whose functions take one
  argument of each kind and return something of it, compiled by the pinned Vyper.
- "calldata.json": crafted calldata for the probe (dirty words, bad offsets and lengths, short and long input),
  each run on the compiled probe in py-evm: "contract" says whether the contract accepted the arguments (a bare
  revert means its argument checks refused them), "bindings" what `decode(calldata:)` of the generated bindings
  does, and "difference" why the two differ where they do. The generator fails if the contract's behaviour ever
  differs from the bindings' in a way not listed.
"""
import pathlib
import sys

from eth_abi import encode
from eth_utils import event_signature_to_log_topic, function_signature_to_4byte_selector, keccak, to_checksum_address

# --- The tricky ABI ------------------------------------------------------------------------------------------------


def param(name, type_, components=None, internal=None, indexed=None):
    entry = {"name": name, "type": type_}
    if components is not None:
        entry["components"] = components
    if internal is not None:
        entry["internalType"] = internal
    if indexed is not None:
        entry["indexed"] = indexed
    return entry


PART = [param("who", "address"), param("tags", "bytes4[2]"), param("when", "uint40")]
ORDER = [
    param("id", "uint256"),
    param("parts", "tuple[]", PART, "struct Book.Part[]"),
    param("note", "string"),
]
SPLIT = [param("owner", "address"), param("share", "uint16")]


def function(name, inputs, outputs=(), mutability="nonpayable"):
    return {"type": "function", "name": name, "inputs": list(inputs), "outputs": list(outputs),
            "stateMutability": mutability}


TRICKY_ABI = [
    {"type": "constructor", "stateMutability": "payable", "inputs": [
        param("name", "string"), param("cap", "uint96"), param("splits", "tuple[]", SPLIT, "struct Book.Split[]")]},
    function("transfer", [param("to", "address"), param("amount", "uint256")], [param("", "bool")]),
    function("transfer", [param("to", "address"), param("amount", "uint256"), param("data", "bytes")],
             [param("", "bool")]),
    function("transfer", []),
    function("default", [param("in", "uint256"), param("for", "bool"), param("self", "address"),
                         param("protocol", "string"), param("Type", "bytes4")], [param("_", "int24")], "view"),
    function("submit", [param("order", "tuple", ORDER, "struct Book.Order"), param("tick", "int24")],
             [param("orderId", "uint256"),
              param("results", "tuple[]", [param("ok", "bool"), param("reason", "bytes")])]),
    function("getOrder", [param("id", "uint256")], [param("", "tuple", ORDER, "struct Book.Order")], "view"),
    function("snapshot", [], [param("", "tuple", [param("at", "uint64"), param("total", "uint128")])], "view"),
    function("matrix", [param("grid", "uint256[2][3]"), param("names", "string[2]"), param("blobs", "bytes[]"),
                        param("deltas", "int8[]")], [param("", "uint256[3]")], "pure"),
    function("hash", [param("value", "bytes32")], [param("", "bytes32")], "pure"),
    function("schedule", [param("callback", "function"), param("delay", "uint32")]),
    function("_private_name", [param("_value", "uint256"), param("value", "uint256"), param("", "address")]),
    function("execute", [param("target", "address"), param("calldata_", "bytes")], [], "payable"),
    {"type": "event", "name": "Transfer", "anonymous": False, "inputs": [
        param("from", "address", indexed=True), param("to", "address", indexed=True),
        param("value", "uint256", indexed=False)]},
    {"type": "event", "name": "Registered", "anonymous": False, "inputs": [
        param("name", "string", indexed=True), param("blob", "bytes", indexed=True),
        param("pair", "tuple", [param("a", "uint8"), param("b", "bool")], indexed=True),
        param("amount", "uint96", indexed=False), param("tick", "int24", indexed=False)]},
    {"type": "event", "name": "Anon", "anonymous": True, "inputs": [
        param("a", "uint256", indexed=True), param("b", "bytes32", indexed=False)]},
    {"type": "event", "name": "Moved", "anonymous": False, "inputs": [
        param("who", "address", indexed=True), param("when", "uint40", indexed=True),
        param("tag", "bytes4", indexed=True)]},
    {"type": "error", "name": "InsufficientBalance", "inputs": [
        param("available", "uint256"), param("required", "uint256")]},
    {"type": "error", "name": "Unauthorized", "inputs": []},
    {"type": "error", "name": "Rejected", "inputs": [param("order", "tuple", ORDER, "struct Book.Order")]},
]


def abi_type(p) -> str:
    t = p["type"]
    if t.startswith("tuple"):
        return "(" + ",".join(abi_type(c) for c in p["components"]) + ")" + t[len("tuple"):]
    return t


def signature(item) -> str:
    return f"{item['name']}(" + ",".join(abi_type(i) for i in item["inputs"]) + ")"


def find(kind, sig):
    return next(i for i in TRICKY_ABI if i["type"] == kind and signature(i) == sig)


def to_json(type_: str, value):
    """A value in the JSON form ABIValue(json:as:) reads: integers as decimal strings, bytes as 0x hex, addresses
    checksummed, arrays and tuples as arrays."""
    if type_.endswith("]"):
        element = type_[:type_.rindex("[")]
        return [to_json(element, v) for v in value]
    if type_.startswith("("):
        members = split_tuple(type_)
        return [to_json(t, v) for t, v in zip(members, value)]
    if type_.startswith(("uint", "int")):
        return str(value)
    if type_ == "address":
        return to_checksum_address(value)
    if type_.startswith("bytes") or type_ == "function":
        return "0x" + bytes(value).hex()
    return value


def split_tuple(type_: str) -> list[str]:
    inner, depth, start, parts = type_[1:-1], 0, 0, []
    for i, c in enumerate(inner):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(inner[start:i])
            start = i + 1
    parts.append(inner[start:])
    return [p for p in parts if p]


def hex_(data: bytes) -> str:
    return "0x" + data.hex()


ALICE = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"
BOB = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc"
ORDER_VALUE = (7, [(ALICE, [b"\x01\x02\x03\x04", b"\xaa\xbb\xcc\xdd"], 1_735_689_600),
                   (BOB, [b"\x00\x00\x00\x00", b"\xff\xff\xff\xff"], 2**40 - 1)], "two parts, é")

CALLS = [
    ("transfer(address,uint256)", [BOB, 10**18], [True]),
    ("transfer(address,uint256,bytes)", [BOB, 2**256 - 1, b"\x00hello"], [False]),
    ("transfer()", [], None),
    ("default(uint256,bool,address,string,bytes4)", [0, True, ALICE, "", b"\xde\xad\xbe\xef"], [-(2**23)]),
    ("submit((uint256,(address,bytes4[2],uint40)[],string),int24)", [ORDER_VALUE, 2**23 - 1],
     [9, [(True, b""), (False, b"\x08\xc3\x79\xa0" + b"\x00" * 40)]]),
    ("getOrder(uint256)", [7], [ORDER_VALUE]),
    ("snapshot()", [], [(2**64 - 1, 2**128 - 1)]),
    ("matrix(uint256[2][3],string[2],bytes[],int8[])",
     [[[1, 2], [3, 4], [5, 2**256 - 1]], ["a", "longer than thirty-two bytes, to take two words"], [b"", b"\x01" * 33],
      [-128, 127, 0, -1]], [[0, 1, 2]]),
    ("hash(bytes32)", [b"\x11" * 32], [b"\x22" * 32]),
    ("schedule(function,uint32)", [bytes.fromhex(ALICE[2:]) + b"\xa9\x05\x9c\xbb", 3600], None),
    ("_private_name(uint256,uint256,address)", [1, 2, BOB], None),
    ("execute(address,bytes)", [ALICE, b"\x12\x34\x56\x78"], None),
]

LOGS = [
    ("Transfer(address,address,uint256)", [ALICE, BOB, 5]),
    ("Registered(string,bytes,(uint8,bool),uint96,int24)", ["alice", b"\x00\x01", (255, True), 2**96 - 1, -1]),
    ("Anon(uint256,bytes32)", [42, b"\x33" * 32]),
    ("Moved(address,uint40,bytes4)", [BOB, 2**40 - 1, b"\xca\xfe\xba\xbe"]),
]

ERRORS = [
    ("InsufficientBalance(uint256,uint256)", [5, 10]),
    ("Unauthorized()", []),
    ("Rejected((uint256,(address,bytes4[2],uint40)[],string))", [ORDER_VALUE]),
]


def topic_of(type_: str, value) -> bytes:
    """The topic of an indexed value: its word, or for dynamic types the Keccak-256 of its in-place encoding
    (string and bytes: their bytes; a static tuple: its standard encoding)."""
    if type_ == "string":
        return keccak(value.encode())
    if type_ == "bytes":
        return keccak(value)
    if type_.startswith("("):
        return keccak(encode([type_], [value]))
    return encode([type_], [value])


def tricky_vectors() -> dict:
    calls = []
    for sig, args, results in CALLS:
        item = find("function", sig)
        types = [abi_type(i) for i in item["inputs"]]
        row = {
            "signature": sig,
            "args": [to_json(t, v) for t, v in zip(types, args)],
            "calldata": hex_(function_signature_to_4byte_selector(sig) + encode(types, args)),
        }
        if results is not None:
            out_types = [abi_type(o) for o in item["outputs"]]
            row["results"] = [to_json(t, v) for t, v in zip(out_types, results)]
            row["returnData"] = hex_(encode(out_types, results))
        calls.append(row)
    logs = []
    for sig, args in LOGS:
        item = find("event", sig)
        types = [abi_type(i) for i in item["inputs"]]
        topics = [] if item["anonymous"] else [event_signature_to_log_topic(sig)]
        data_types, data_values = [], []
        for p, t, v in zip(item["inputs"], types, args):
            if p["indexed"]:
                topics.append(topic_of(t, v))
            else:
                data_types.append(t)
                data_values.append(v)
        logs.append({
            "signature": sig,
            "args": [to_json(t, v) for t, v in zip(types, args)],
            "topics": [hex_(t) for t in topics],
            "data": hex_(encode(data_types, data_values)),
        })
    errors = []
    for sig, args in ERRORS:
        item = find("error", sig)
        types = [abi_type(i) for i in item["inputs"]]
        errors.append({
            "signature": sig,
            "args": [to_json(t, v) for t, v in zip(types, args)],
            "revertData": hex_(function_signature_to_4byte_selector(sig) + encode(types, args)),
        })
    constructor = TRICKY_ABI[0]
    ctor_types = [abi_type(i) for i in constructor["inputs"]]
    ctor_args = ["Book", 2**96 - 1, [(ALICE, 7000), (BOB, 3000)]]
    return {
        "format": 1,
        "description": "Calls, results, logs, reverts and constructor arguments of abi/Tricky.json, encoded by "
                       "eth-abi; topics of indexed dynamic values are Keccak-256 hashes of their encodings.",
        "calls": calls,
        "logs": logs,
        "errors": errors,
        "constructor": {"args": [to_json(t, v) for t, v in zip(ctor_types, ctor_args)],
                        "encoded": hex_(encode(ctor_types, ctor_args))},
    }


# --- The decoding probe --------------------------------------------------------------------------------------------

PROBE_SOURCE = """\
# pragma version ==0.4.3
# One argument of each kind; each function returns something computed from it, so its checks cannot be skipped.

struct Point:
    x: uint256
    owner: address

@external
def addr(a: address) -> address:
    return a

@external
def flag(b: bool) -> bool:
    return b

@external
def small(x: uint8) -> uint8:
    return x

@external
def signed(x: int8) -> int8:
    return x

@external
def odd(x: uint40) -> uint40:
    return x

@external
def fixed4(b: bytes4) -> bytes4:
    return b

@external
def blob(d: Bytes[64]) -> uint256:
    return len(d)

@external
def text(s: String[64]) -> uint256:
    return len(s)

@external
def many(xs: DynArray[uint256, 8]) -> uint256:
    return len(xs)

@external
def pair(d: Bytes[64], e: Bytes[64]) -> uint256:
    return len(d) + len(e)

@external
def point(p: Point) -> address:
    return p.owner

@external
def grid(g: uint256[2]) -> uint256:
    return g[0] + g[1]

@external
def blobs(ds: DynArray[Bytes[8], 4]) -> uint256:
    return len(ds)
"""


def word(n: int) -> bytes:
    return n.to_bytes(32, "big")


def padded(data: bytes) -> bytes:
    return data + b"\x00" * (-len(data) % 32)


# (name, signature, arguments after the selector, bindings' verdict, why they differ from the contract or None).
# The contract's verdict is measured.
OUT_OF_BOUNDS = ("the contract reads calldata past its end as zeros; the bindings refuse offsets and lengths "
                 "that point outside the calldata, which no encoder writes")
OVER_MAXIMUM = ("the contract refuses more than its declared maximum (Bytes[64], DynArray[…, 8]), which the ABI "
                "does not state")
NOT_UTF8 = "the contract keeps any bytes in a String; a Swift String holds only UTF-8, so the bindings refuse"

PROBES = [
    ("address", "addr(address)", word(0x1234), True, None),
    ("address with a non-zero high byte", "addr(address)", b"\x01" + b"\x00" * 11 + b"\x11" * 20, False, None),
    ("address with a non-zero byte 11", "addr(address)", b"\x00" * 11 + b"\x01" + b"\x11" * 20, False, None),
    ("address followed by trailing bytes", "addr(address)", word(0x1234) + b"\x00\xff", True, None),
    ("address one byte short", "addr(address)", word(0x1234)[:31], False, None),
    ("no arguments at all", "addr(address)", b"", False, None),
    ("bool 1", "flag(bool)", word(1), True, None),
    ("bool 2", "flag(bool)", word(2), False, None),
    ("bool with a high bit", "flag(bool)", word(1 | 1 << 255), False, None),
    ("uint8 255", "small(uint8)", word(255), True, None),
    ("uint8 256", "small(uint8)", word(256), False, None),
    ("int8 -128", "signed(int8)", word(2**256 - 128), True, None),
    ("int8 128 (not sign-extended)", "signed(int8)", word(128), False, None),
    ("int8 -129", "signed(int8)", word(2**256 - 129), False, None),
    ("uint40 2^40-1", "odd(uint40)", word(2**40 - 1), True, None),
    ("uint40 2^40", "odd(uint40)", word(2**40), False, None),
    ("bytes4", "fixed4(bytes4)", b"\xca\xfe\xba\xbe" + b"\x00" * 28, True, None),
    ("bytes4 with a non-zero fifth byte", "fixed4(bytes4)", b"\xca\xfe\xba\xbe\x01" + b"\x00" * 27, False, None),
    ("bytes", "blob(bytes)", encode(["bytes"], [b"abc"]), True, None),
    ("bytes without the final padding", "blob(bytes)", encode(["bytes"], [b"abc"])[:67], True, None),
    ("bytes with dirty padding", "blob(bytes)", word(32) + word(3) + b"abc\x01" + b"\x00" * 28, True, None),
    ("bytes at a non-canonical offset", "blob(bytes)", word(64) + word(0) + word(3) + padded(b"abc"), True, None),
    ("bytes at an offset past the end", "blob(bytes)", word(4096) + word(3) + padded(b"abc"), False, OUT_OF_BOUNDS),
    ("bytes whose length runs past the end", "blob(bytes)", word(32) + word(40) + padded(b"abc"), False,
     OUT_OF_BOUNDS),
    ("bytes of 64, its maximum", "blob(bytes)", encode(["bytes"], [b"a" * 64]), True, None),
    ("bytes of 65, over the maximum", "blob(bytes)", encode(["bytes"], [b"a" * 65]), True, OVER_MAXIMUM),
    ("string", "text(string)", encode(["string"], ["héllo"]), True, None),
    ("string that is not UTF-8", "text(string)", encode(["bytes"], [b"\xff\xfe"]), False, NOT_UTF8),
    ("uint256[]", "many(uint256[])", encode(["uint256[]"], [[1, 2]]), True, None),
    ("uint256[] whose count runs past the end", "many(uint256[])", word(32) + word(3) + word(1) + word(2), False,
     OUT_OF_BOUNDS),
    ("uint256[] of 9, over the maximum", "many(uint256[])", encode(["uint256[]"], [[1] * 9]), True, OVER_MAXIMUM),
    ("two bytes sharing one offset", "pair(bytes,bytes)", word(64) + word(64) + word(3) + padded(b"abc"), True,
     None),
    ("two bytes in reverse order", "pair(bytes,bytes)",
     word(128) + word(64) + word(1) + padded(b"e") + word(1) + padded(b"d"), True, None),
    ("struct", "point((uint256,address))", word(5) + word(0x1234), True, None),
    ("struct with a dirty address", "point((uint256,address))", word(5) + word(1 << 160 | 0x1234), False, None),
    ("struct one word short", "point((uint256,address))", word(5), False, None),
    ("uint256[2]", "grid(uint256[2])", word(1) + word(2), True, None),
    ("uint256[2] one byte short", "grid(uint256[2])", (word(1) + word(2))[:63], False, None),
    ("bytes[]", "blobs(bytes[])", encode(["bytes[]"], [[b"a", b"bc"]]), True, None),
    ("bytes[] with an element offset past the end", "blobs(bytes[])",
     word(32) + word(2) + word(64) + word(4096) + word(1) + padded(b"a"), False, OUT_OF_BOUNDS),
]


def probe_vectors() -> tuple[list, dict]:
    import boa
    import vyper

    abi = vyper.compile_code(PROBE_SOURCE, output_formats=["abi"])["abi"]
    contract = boa.loads(PROBE_SOURCE)
    rows = []
    for name, sig, arguments, bindings, difference in PROBES:
        calldata = function_signature_to_4byte_selector(sig) + arguments
        computation = boa.env.execute_code(to_address=contract.address, data=calldata, gas=10_000_000)
        if computation.is_error:
            output = computation.error.args[0] if computation.error.args else b""
            if output not in (b"", None):
                raise SystemExit(f"gen_bindings: probe {name!r} reverted with data {output!r}, not bare")
            accepted = False
        else:
            accepted = True
        if (accepted == bindings) != (difference is None):
            raise SystemExit(f"gen_bindings: probe {name!r}: the contract {'accepts' if accepted else 'refuses'}, "
                             f"the bindings {'accept' if bindings else 'refuse'}, and the difference is "
                             f"{'not ' if difference is None else ''}expected")
        row = {"name": name, "signature": sig, "calldata": hex_(calldata), "contract": accepted,
               "bindings": bindings}
        if difference is not None:
            row["difference"] = difference
        rows.append(row)
    return abi, {
        "format": 1,
        "description": "Crafted calldata run on the probe contract (abi/DecodeProbe.json, Vyper 0.4.3, py-evm): "
                       "contract = the contract's argument checks accepted it (a bare revert means they refused "
                       "it); bindings = the generated bindings' decode(calldata:) accepts it; difference = why the "
                       "two differ.",
        "compiler": "vyper " + vyper.__version__,
        "source": PROBE_SOURCE,
        "cases": rows,
    }


def generate() -> dict[str, object]:
    probe_abi, calldata = probe_vectors()
    return {
        "bindings/abi/Tricky.json": TRICKY_ABI,
        "bindings/tricky.json": tricky_vectors(),
        "bindings/abi/DecodeProbe.json": probe_abi,
        "bindings/calldata.json": calldata,
    }


if __name__ == "__main__":
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
    for path, value in generate().items():
        print(path, len(str(value)))
