"""ABI vectors from eth-abi and eth-utils (pinned in tools/requirements.txt), for Tests/ABITests/VectorTests.swift.

Writes vectors/abi.json:

- "encode": types, values and their standard encoding (eth_abi.encode), and the packed encoding where an
  independent implementation gets Solidity's rules right: eth_abi.packed for elementary types, bytes and string;
  web3's hex_encode_abi_type for arrays of integers, bools and addresses (eth_abi.packed does not pad array
  elements, web3 does not pad bytesN ones, so neither is used there). "packable" says whether Solidity's packed mode
  has the type at all (no tuples, nested arrays or arrays of dynamic types). Edge cases first (extremes, empty and
  long dynamic values, arrays of tuples of dynamic types, nested arrays), then seeded random ones.
- "decodeFailures": crafted inputs that a strict decoder must refuse (dirty bits, bad offsets, short input, huge
  lengths, non-canonical offsets, trailing bytes, invalid UTF-8), each with the error kind (the ABIError case
  name), the byte offset when it is determined, what eth-abi makes of it, and, when a lenient decoder (Solidity's
  rules, which eth-abi follows) accepts it, the values eth-abi decodes.
- "selectors": canonical signatures with their selector and event topic (eth_utils).

Values are in the JSON form `metered abi-decode` prints: integers and fixed-point numbers as decimal strings,
addresses EIP-55 checksummed, bools as JSON booleans, bytes/bytesN/function as lowercase 0x hex, strings as JSON
strings, arrays and tuples as JSON arrays.
"""
import random
from decimal import Decimal, localcontext

import eth_abi
from eth_abi import decode, encode
from eth_abi.packed import encode_packed
from eth_utils import event_signature_to_log_topic, function_signature_to_4byte_selector, to_checksum_address
from web3._utils.encoding import hex_encode_abi_type

SEED = 0xAB1_2024


# Types are tuples: ("uint", bits), ("int", bits), ("address",), ("bool",), ("fbytes", n), ("bytes",), ("string",),
# ("function",), ("fixed", bits, decimals), ("ufixed", bits, decimals), ("array", T), ("farray", T, k),
# ("tuple", [T...]).

def name(t) -> str:
    kind = t[0]
    if kind in ("uint", "int"):
        return f"{kind}{t[1]}"
    if kind == "fbytes":
        return f"bytes{t[1]}"
    if kind in ("fixed", "ufixed"):
        return f"{kind}{t[1]}x{t[2]}"
    if kind == "array":
        return name(t[1]) + "[]"
    if kind == "farray":
        return name(t[1]) + f"[{t[2]}]"
    if kind == "tuple":
        return "(" + ",".join(name(c) for c in t[1]) + ")"
    return kind


def is_dynamic(t) -> bool:
    kind = t[0]
    if kind in ("bytes", "string", "array"):
        return True
    if kind == "farray":
        return is_dynamic(t[1])
    if kind == "tuple":
        return any(is_dynamic(c) for c in t[1])
    return False


def is_elementary(t) -> bool:
    return t[0] not in ("bytes", "string", "array", "farray", "tuple")


def to_json(t, v):
    kind = t[0]
    if kind in ("uint", "int"):
        return str(v)
    if kind in ("fixed", "ufixed"):
        # Exact digits (normalize() would round to the context's 28 digits), without trailing zeros.
        text = format(v, "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    if kind == "address":
        return to_checksum_address(v)
    if kind == "bool":
        return v
    if kind in ("fbytes", "bytes", "function"):
        return "0x" + v.hex()
    if kind == "string":
        return v
    if kind in ("array", "farray"):
        return [to_json(t[1], x) for x in v]
    if kind == "tuple":
        return [to_json(c, x) for c, x in zip(t[1], v)]
    raise ValueError(kind)


def fixed_value(signed: bool, bits: int, decimals: int, raw: int) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 200
        return Decimal(raw).scaleb(-decimals)


# MARK: random types and values

ELEMENTARY_KINDS = ["uint", "int", "address", "bool", "fbytes", "bytes", "string", "function", "fixed", "ufixed"]


def random_elementary(rng: random.Random):
    kind = rng.choices(ELEMENTARY_KINDS, weights=[6, 5, 4, 3, 4, 4, 4, 1, 1, 1])[0]
    if kind in ("uint", "int"):
        return (kind, rng.choice([8, 16, 24, 32, 64, 96, 128, 160, 200, 248, 256, rng.randrange(8, 257, 8)]))
    if kind == "fbytes":
        return (kind, rng.randint(1, 32))
    if kind in ("fixed", "ufixed"):
        return (kind, rng.choice([8, 64, 128, 168, 256]), rng.choice([1, 2, 10, 18, 40]))
    return (kind,)


def random_type(rng: random.Random, depth: int):
    roll = rng.random()
    if depth >= 3 or roll < 0.45:
        return random_elementary(rng)
    if roll < 0.65:
        return ("array", random_type(rng, depth + 1))
    if roll < 0.8:
        return ("farray", random_type(rng, depth + 1), rng.randint(1, 3))
    return ("tuple", [random_type(rng, depth + 1) for _ in range(rng.randint(1, 4))])


def random_int(rng: random.Random, bits: int, signed: bool) -> int:
    lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    pick = rng.random()
    if pick < 0.2:
        return rng.choice([lo, hi, 0, 1 if hi >= 1 else 0, -1 if signed else hi])
    if pick < 0.5:
        # Small magnitudes, the common case.
        return max(lo, min(hi, rng.randint(-1000 if signed else 0, 1000)))
    return rng.randint(lo, hi)


STRINGS = ["", "a", "hello", "Hello, world!", "héllo wörld", "日本語のテキスト", "emoji 😀🎉", "quote \" and \\ backslash",
           "line\nbreak\ttab", "nul\u0000inside", "x" * 31, "y" * 32, "z" * 33, "comma, and ] bracket ) paren"]


def random_value(rng: random.Random, t):
    kind = t[0]
    if kind == "uint":
        return random_int(rng, t[1], False)
    if kind == "int":
        return random_int(rng, t[1], True)
    if kind in ("fixed", "ufixed"):
        return fixed_value(kind == "fixed", t[1], t[2], random_int(rng, t[1], kind == "fixed"))
    if kind == "address":
        return "0x" + bytes(rng.getrandbits(8) for _ in range(20)).hex()
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "fbytes":
        return bytes(rng.getrandbits(8) for _ in range(t[1]))
    if kind == "function":
        return bytes(rng.getrandbits(8) for _ in range(24))
    if kind == "bytes":
        size = rng.choice([0, 1, 5, 31, 32, 33, 64, 100, rng.randint(0, 300)])
        return bytes(rng.getrandbits(8) for _ in range(size))
    if kind == "string":
        if rng.random() < 0.5:
            return rng.choice(STRINGS)
        return "".join(rng.choice("abcXYZ 09,[]()\"\\é漢😀") for _ in range(rng.randint(0, 80)))
    if kind == "array":
        return [random_value(rng, t[1]) for _ in range(rng.choice([0, 1, 2, 3, rng.randint(0, 6)]))]
    if kind == "farray":
        return [random_value(rng, t[1]) for _ in range(t[2])]
    if kind == "tuple":
        return tuple(random_value(rng, c) for c in t[1])
    raise ValueError(kind)


# MARK: packed encodings from references that follow Solidity

def packable(t) -> bool:
    if t[0] == "tuple":
        return False
    if t[0] in ("array", "farray"):
        return is_elementary(t[1])
    return True


def packed_reference(types, values):
    """Packed encoding from a reference that gets this type right, or None."""
    out = b""
    for t, v in zip(types, values):
        if not packable(t):
            return None
        if t[0] in ("array", "farray"):
            if t[1][0] not in ("uint", "int", "bool", "address"):
                return None
            if t[1][0] == "address":
                v = [to_checksum_address(a) for a in v]
            out += bytes.fromhex(hex_encode_abi_type(name(t), v).removeprefix("0x"))
        else:
            out += encode_packed([name(t)], [v])
    return out


def encode_case(case_name, types, values):
    type_names = [name(t) for t in types]
    encoded = encode(type_names, values)
    json_values = [to_json(t, v) for t, v in zip(types, values)]
    # eth-abi must read back what it wrote.
    assert [to_json(t, v) for t, v in zip(types, decode(type_names, encoded))] == json_values, case_name
    row = {
        "name": case_name,
        "types": type_names,
        "values": json_values,
        "encoded": "0x" + encoded.hex(),
        "packable": all(packable(t) for t in types),
    }
    packed = packed_reference(types, values)
    if packed is not None:
        row["packed"] = "0x" + packed.hex()
    return row


def edge_cases():
    rows = []
    for bits in range(8, 257, 8):
        rows.append(encode_case(f"uint{bits} extremes", [("uint", bits)] * 3, [0, 1, (1 << bits) - 1]))
        rows.append(encode_case(f"int{bits} extremes", [("int", bits)] * 4,
                                [-(1 << (bits - 1)), -1, 0, (1 << (bits - 1)) - 1]))
    for n in range(1, 33):
        rows.append(encode_case(f"bytes{n}", [("fbytes", n)] * 2, [b"\x00" * n, bytes(range(0xff, 0xff - n, -1))]))
    rows.append(encode_case("address zero and max", [("address",)] * 2, ["0x" + "00" * 20, "0x" + "ff" * 20]))
    rows.append(encode_case("bools", [("bool",)] * 2, [True, False]))
    rows.append(encode_case("function", [("function",)], [bytes(range(1, 25))]))
    for size in [0, 1, 31, 32, 33, 63, 64, 65, 1000]:
        rows.append(encode_case(f"bytes of {size}", [("bytes",)], [bytes((i * 7) & 0xff for i in range(size))]))
    for i, s in enumerate(STRINGS):
        rows.append(encode_case(f"string {i}", [("string",)], [s]))
    rows.append(encode_case("long string", [("string",)], ["The quick brown fox. " * 40]))
    rows.append(encode_case("empty dynamic array", [("array", ("uint", 256))], [[]]))
    rows.append(encode_case("array of empty strings", [("array", ("string",))], [["", "", ""]]))
    rows.append(encode_case("empty arrays and strings", [("array", ("array", ("uint", 8))), ("string",), ("bytes",)],
                            [[[], [1], []], "", b""]))
    rows.append(encode_case("nested arrays uint256[][]", [("array", ("array", ("uint", 256)))],
                            [[[1, 2], [3], [], [4, 5, 6]]]))
    rows.append(encode_case("static nested arrays uint8[2][3]", [("farray", ("farray", ("uint", 8), 2), 3)],
                            [[[1, 2], [3, 4], [5, 6]]]))
    rows.append(encode_case("dynamic inside static string[2][]", [("array", ("farray", ("string",), 2))],
                            [[["a", "b"], ["", "long " * 10]]]))
    rows.append(encode_case("array of tuples of dynamic types (uint256,string,bytes)[]",
                            [("array", ("tuple", [("uint", 256), ("string",), ("bytes",)]))],
                            [[(1, "one", b"\x01"), (2, "", b""), (3, "three" * 9, bytes(40))]]))
    rows.append(encode_case("tuple with nested dynamic (bytes,(string,uint8[])[])[2]",
                            [("farray", ("tuple", [("bytes",), ("array", ("tuple", [("string",), ("array", ("uint", 8))]))]),
                              2)],
                            [[(b"ab", [("x", [1, 2]), ("", [])]), (b"", [])]]))
    rows.append(encode_case("static tuple (address,uint96,bool)", [("tuple", [("address",), ("uint", 96), ("bool",)])],
                            [("0x" + "12" * 20, (1 << 96) - 1, True)]))
    rows.append(encode_case("Solidity spec f", [("uint", 256), ("array", ("uint", 32)), ("fbytes", 10), ("bytes",)],
                            [0x123, [0x456, 0x789], b"1234567890", b"Hello, world!"]))
    rows.append(encode_case("packed mix", [("int", 16), ("fbytes", 1), ("uint", 16), ("string",)],
                            [-1, b"\x42", 3, "Hello, world!"]))
    rows.append(encode_case("packed arrays", [("array", ("uint", 8)), ("farray", ("int", 16), 2), ("array", ("bool",)),
                                              ("array", ("address",))],
                            [[1, 2, 255], [-1, 5], [True, False], ["0x" + "ab" * 20]]))
    rows.append(encode_case("fixed-point", [("fixed", 128, 18), ("ufixed", 8, 1), ("fixed", 168, 10)],
                            [Decimal("-1.5"), Decimal("25.5"), Decimal("12345.0000000001")]))
    rows.append(encode_case("no arguments", [], []))
    return rows


def random_cases(rng: random.Random, count: int):
    rows = []
    for i in range(count):
        types = [random_type(rng, 0) for _ in range(rng.randint(1, 4))]
        values = [random_value(rng, t) for t in types]
        rows.append(encode_case(f"random {i}", types, values))
    return rows


# MARK: decoding failures

def word(n: int) -> bytes:
    return (n % (1 << 256)).to_bytes(32, "big")


def eth_abi_outcome(types, data):
    try:
        return "accepted", decode(types, data)
    except Exception as error:  # noqa: BLE001 - we record which exception eth-abi raises
        return type(error).__name__, None


def failure(case_name, types, data, strict, offset=None, lenient="same", lenient_values=None):
    """A decode case. `lenient` is "same" (the same error), another error kind, or None when Solidity's rules accept
    it: then eth-abi's decoding gives the values, or `lenient_values` where eth-abi is stricter than Solidity."""
    outcome, values = eth_abi_outcome(types, data)
    row = {"name": case_name, "types": types, "data": "0x" + data.hex(), "strict": strict}
    if offset is not None:
        row["offset"] = offset
    if lenient == "same":
        row["lenient"] = strict
    elif lenient is not None:
        row["lenient"] = lenient
    elif lenient_values is not None:
        row["lenientValues"] = lenient_values
    else:
        assert outcome == "accepted", (case_name, outcome)
        parsed = [eth_abi.grammar.parse(t) for t in types]
        row["lenientValues"] = [to_json(to_tuple_type(p), v) for p, v in zip(parsed, values)]
    row["ethAbi"] = outcome
    return row


def to_tuple_type(p):
    """eth_abi.grammar's parsed type to this script's tuple form."""
    if p.arrlist:
        last = p.arrlist[-1]
        inner = to_tuple_type(p.item_type)
        return ("array", inner) if len(last) == 0 else ("farray", inner, last[0])
    if hasattr(p, "components"):
        return ("tuple", [to_tuple_type(c) for c in p.components])
    base, sub = p.base, p.sub
    if base in ("uint", "int"):
        return (base, sub)
    if base == "bytes":
        return ("fbytes", sub) if sub else ("bytes",)
    if base in ("fixed", "ufixed"):
        return (base, sub[0], sub[1])
    return (base,)


def decode_failures():
    rows = []
    # Dirty high bits of unsigned words, addresses, functions.
    for bits in [8, 16, 64, 160, 248]:
        rows.append(failure(f"uint{bits} with bit {bits} set", [f"uint{bits}"], word(1 << bits), "dirtyHighBits", 0))
        rows.append(failure(f"uint{bits} with the top bit set", [f"uint{bits}"], word(1 << 255), "dirtyHighBits", 0))
    rows.append(failure("address with a dirty byte", ["address"], b"\x01" + bytes(31), "dirtyHighBits", 0))
    rows.append(failure("address after a clean word", ["uint256", "address"], word(7) + word(1 << 160),
                        "dirtyHighBits", 32))
    # Signed words that are not sign-extended.
    for bits in [8, 32, 128, 248]:
        rows.append(failure(f"int{bits} positive with ff high bytes", [f"int{bits}"],
                            word(((1 << 256) - (1 << bits)) | 1), "badSignExtension", 0))
        rows.append(failure(f"int{bits} negative without sign extension", [f"int{bits}"],
                            word(1 << (bits - 1)), "badSignExtension", 0))
    # Bools other than 0 and 1.
    rows.append(failure("bool 2", ["bool"], word(2), "invalidBool", 0))
    rows.append(failure("bool with a high bit", ["bool"], word((1 << 255) | 1), "invalidBool", 0))
    # Padding.
    rows.append(failure("bytes3 with dirty padding", ["bytes3"], b"abc" + bytes(28) + b"\x01", "dirtyPadding", 0))
    rows.append(failure("bytes31 with dirty last byte", ["bytes31"], bytes(31) + b"\xff", "dirtyPadding", 0))
    rows.append(failure("function with dirty padding", ["function"], bytes(24) + bytes(7) + b"\x01", "dirtyPadding",
                        0))
    # Solidity's decoder does not look at the padding after bytes and strings; eth-abi does.
    rows.append(failure("bytes with dirty tail padding", ["bytes"], word(32) + word(3) + b"abc" + b"\x01" * 29,
                        "dirtyPadding", 32, lenient=None, lenient_values=["0x616263"]))
    rows.append(failure("string with dirty tail padding", ["string"], word(32) + word(1) + b"a" + bytes(30) + b"\x02",
                        "dirtyPadding", 32, lenient=None, lenient_values=["a"]))
    # Short input.
    rows.append(failure("empty input for uint256", ["uint256"], b"", "inputTooShort", 0))
    rows.append(failure("31 bytes for uint256", ["uint256"], bytes(31), "inputTooShort", 0))
    rows.append(failure("second word cut", ["uint256", "bool"], word(1) + bytes(31), "inputTooShort", 0))
    rows.append(failure("static array cut", ["uint256[3]"], word(1) + word(2), "inputTooShort", 0))
    rows.append(failure("array elements missing", ["uint256[]"], word(32) + word(2) + word(1), "lengthOutOfBounds",
                        32))
    rows.append(failure("bytes padding missing at the end", ["bytes"], word(32) + word(3) + b"abc", "inputTooShort",
                        64, lenient=None, lenient_values=["0x616263"]))
    rows.append(failure("bytes data cut", ["bytes"], word(32) + word(40) + bytes(33), "lengthOutOfBounds", 32))
    rows.append(failure("offset word cut", ["string"], bytes(20), "inputTooShort", 0))
    # Offsets out of bounds.
    rows.append(failure("offset past the end", ["bytes"], word(0x40) + word(0), "offsetOutOfBounds", 0))
    rows.append(failure("offset with high bits", ["bytes"], word(1 << 100) + word(0), "offsetOutOfBounds", 0))
    rows.append(failure("offset 2^256-32", ["string"], word(-32) + word(0), "offsetOutOfBounds", 0))
    rows.append(failure("inner offset past the end", ["uint256[][]"], word(32) + word(1) + word(0x1000),
                        "offsetOutOfBounds", 64))
    # Huge lengths.
    rows.append(failure("bytes length 2^200", ["bytes"], word(32) + word(1 << 200), "lengthOutOfBounds", 32))
    rows.append(failure("bytes length one more than left", ["bytes"], word(32) + word(33) + bytes(32),
                        "lengthOutOfBounds", 32))
    rows.append(failure("array length 2^32", ["uint256[]"], word(32) + word(1 << 32) + word(0), "lengthOutOfBounds",
                        32))
    rows.append(failure("array length 2^255", ["uint8[]"], word(32) + word(1 << 255), "lengthOutOfBounds", 32))
    rows.append(failure("string array length too large", ["string[]"], word(32) + word(1000) + word(0),
                        "lengthOutOfBounds", 32))
    # Invalid UTF-8.
    rows.append(failure("string with a lone continuation byte", ["string"], word(32) + word(1) + b"\x80" + bytes(31),
                        "invalidUTF8", 32))
    rows.append(failure("string with a truncated sequence", ["string"], word(32) + word(2) + b"\xe6\x97" + bytes(30),
                        "invalidUTF8", 32))
    # Not canonical, yet what Solidity's decoder (and eth-abi) accept.
    rows.append(failure("gap before the tail", ["bytes"], word(0x40) + word(0) + word(3) + b"abc" + bytes(29),
                        "nonCanonicalOffset", 0, lenient=None))
    rows.append(failure("two strings share one tail", ["string", "string"], word(0x40) + word(0x40) + word(2)
                        + b"hi" + bytes(30), "nonCanonicalOffset", 32, lenient=None))
    rows.append(failure("tails in reverse order", ["string", "string"], word(0x80) + word(0x40) + word(1) + b"b"
                        + bytes(31) + word(1) + b"a" + bytes(31), "nonCanonicalOffset", 0, lenient=None))
    rows.append(failure("trailing word", ["uint256"], word(5) + word(0), "trailingBytes", 32, lenient=None))
    rows.append(failure("trailing byte", ["bool"], word(1) + b"\x00", "trailingBytes", 32, lenient=None))
    rows.append(failure("data for no types", [], word(0), "trailingBytes", 0, lenient=None))
    # Offsets that reuse one large value: lenient decoding refuses to inflate the input more than 16 times.
    inner = word(64) + b"".join(word(i) for i in range(64))
    outer = word(32) + word(64) + b"".join(word(64 * 32) for _ in range(64))
    rows.append(failure("64 offsets to one array of 64", ["uint256[][]"], outer + inner, "nonCanonicalOffset", 96,
                        lenient="inflationLimitExceeded"))
    return rows


# MARK: signatures

SIGNATURES = [
    ("function", "transfer(address,uint256)"),
    ("function", "approve(address,uint256)"),
    ("function", "balanceOf(address)"),
    ("function", "baz(uint32,bool)"),
    ("function", "bar(bytes3[2])"),
    ("function", "sam(bytes,bool,uint256[])"),
    ("function", "f(uint256,uint32[],bytes10,bytes)"),
    ("function", "g(uint256[][],string[])"),
    ("function", "multicall((address,bool,bytes)[])"),
    ("function", "noArguments()"),
    ("event", "Transfer(address,address,uint256)"),
    ("event", "Approval(address,address,uint256)"),
    ("event", "Deposited(uint256,address,(uint64,uint64)[],string)"),
    ("error", "Error(string)"),
    ("error", "Panic(uint256)"),
    ("error", "InsufficientBalance(uint256,uint256)"),
]


def selector_rows(rng: random.Random):
    rows = []
    signatures = list(SIGNATURES)
    for i in range(40):
        types = [name(random_type(rng, 1)) for _ in range(rng.randint(0, 4))]
        signatures.append(("function", f"fn{i}(" + ",".join(types) + ")"))
    for kind, signature in signatures:
        rows.append({
            "kind": kind,
            "signature": signature,
            "selector": "0x" + function_signature_to_4byte_selector(signature).hex(),
            "topic": "0x" + event_signature_to_log_topic(signature).hex(),
        })
    return rows


def generate() -> dict[str, object]:
    rng = random.Random(SEED)
    encode_rows = edge_cases() + random_cases(rng, 300)
    return {
        "abi.json": {
            "source": f"eth-abi {eth_abi.__version__}, eth-utils and web3 (tools/vectors/gen_abi.py, seed {SEED})",
            "encode": encode_rows,
            "decodeFailures": decode_failures(),
            "selectors": selector_rows(rng),
        }
    }
