"""RLP reference vectors, made with the pinned `rlp` package (pyrlp) and eth-utils.

vectors/rlp.json holds three tables, which the Swift tests (Tests/RLPTests/VectorTests.swift) run in both
directions:

- "valid": an item in the JSON form of `metered to-rlp` (byte strings as "0x" hex, lists as arrays) and its
  encoding by `rlp.encode`. Swift must encode the item to exactly those bytes and decode the bytes back to the item.
  Covers nested and empty lists, and byte strings and list payloads of 0, 1, 55, 56, 255, 256, 65535 and 65536
  bytes (the edges of the short and long forms and of one- and two-byte lengths), plus seeded random items.
- "integers": unsigned integers (decimal) at every byte boundary up to 2^256 - 1, with their minimal big-endian
  bytes and their encoding by `rlp.encode`. Swift decodes each into every unsigned width, where it must fit exactly
  when its byte count allows and fail with integerOverflow otherwise.
- "invalid": inputs that break one rule each, with how Swift reads them ("as": item, uint8, uint64, bool, string,
  bytes20, fields3, list), the rule (an RLPError case name) and the byte offset Swift must report. Each row is
  checked here to be refused by pyrlp too (strict decoding, or the sedes named in CHECKS), except the depth limit,
  which is Metered's own policy (pyrlp has none): those rows carry "maxDepth".
"""
import random

import rlp
from eth_utils import encode_hex, int_to_big_endian
from rlp.exceptions import DecodingError, DeserializationError
from rlp.sedes import Binary, CountableList, List, big_endian_int, boolean, text

SEED = 20240601


def to_json(item):
    """The JSON form of an item of bytes and lists."""
    if isinstance(item, (bytes, bytearray)):
        return encode_hex(bytes(item))
    return [to_json(x) for x in item]


def minimal_bytes(value: int) -> bytes:
    """Big-endian bytes without leading zeros; empty for zero (eth-utils writes zero as one byte)."""
    return b"" if value == 0 else int_to_big_endian(value)


def valid_rows():
    rows = []

    def add(name, item):
        encoded = rlp.encode(item)
        assert rlp.decode(encoded, strict=True) == _as_decoded(item), name
        rows.append({"name": name, "item": to_json(item), "encoded": encode_hex(encoded)})

    add("empty string", b"")
    add("byte 0x00", b"\x00")
    add("byte 0x7f", b"\x7f")
    add("byte 0x80", b"\x80")
    add("byte 0xff", b"\xff")
    add("two bytes", b"\x04\x00")
    add("dog", b"dog")
    add("empty list", [])
    add("list of empty string", [b""])
    add("cat and dog", [b"cat", b"dog"])
    add("set-theoretic three", [[], [[]], [[], [[]]]])
    add("animals", [b"cat", [b"puppy", b"cow"], b"horse", [[]], b"pig", [b""], b"sheep"])
    add("list of single bytes", [b"\x00", b"\x01", b"\x7f", b"\x80"])
    add("ten nested lists", _nest([], 10))

    for size in (0, 1, 55, 56, 255, 256, 65535, 65536):
        add(f"byte string of {size} bytes", bytes((i * 7 + 3) % 256 for i in range(size)))
    for size in (0, 1, 55, 56, 255, 256, 65535, 65536):
        add(f"list with a payload of {size} bytes", _list_with_payload(size))

    rng = random.Random(SEED)
    for i in range(40):
        add(f"random item {i}", _random_item(rng, depth=0))
    return rows


def _as_decoded(item):
    """What pyrlp's decode returns for an item: bytes stay bytes, lists become lists."""
    if isinstance(item, (bytes, bytearray)):
        return bytes(item)
    return [_as_decoded(x) for x in item]


def _nest(inner, depth):
    for _ in range(depth):
        inner = [inner]
    return inner


def _list_with_payload(size):
    """A list whose items take exactly `size` bytes: single bytes while short, then one long string."""
    if size <= 60:
        return [bytes([i % 0x80]) for i in range(size)]
    # One string of n bytes encodes to header(n) + n; pick n so that the total is `size`.
    for header in (2, 3, 4):
        n = size - header
        if len(rlp.encode(b"\x61" * n)) == size:
            return [bytes((i * 13) % 256 for i in range(n))]
    raise AssertionError(size)


def _random_item(rng, depth):
    if depth < 4 and rng.random() < 0.4:
        return [_random_item(rng, depth + 1) for _ in range(rng.randrange(0, 6))]
    size = rng.choice([0, 1, 1, 2, 3, 20, 32, 55, 56, 57, 100, 300])
    if size == 1:
        return bytes([rng.randrange(256)])
    return bytes(rng.randrange(256) for _ in range(size))


def integer_rows():
    values = {0, 1, 0x7F, 0x80, 0xFF}
    for bits in range(8, 257, 8):
        values |= {2**bits - 1, 2 ** (bits - 8)}
        if bits < 256:
            values.add(2**bits)
    rng = random.Random(SEED + 1)
    values |= {rng.getrandbits(rng.randrange(1, 257)) for _ in range(20)}
    rows = []
    for value in sorted(values):
        if value >= 2**256:
            continue
        encoded = rlp.encode(value)
        assert rlp.decode(encoded, sedes=big_endian_int) == value
        assert encoded == rlp.encode(minimal_bytes(value))
        rows.append({"value": str(value), "bytes": encode_hex(minimal_bytes(value)), "encoded": encode_hex(encoded)})
    return rows


# How pyrlp is asked to refuse each "as" of the invalid table (None: strict raw decoding).
CHECKS = {
    "item": None,
    "uint64": big_endian_int,
    "uint8": big_endian_int,
    "bool": boolean,
    "string": text,
    "bytes20": Binary.fixed_length(20),
    "fields3": List([big_endian_int, big_endian_int, big_endian_int]),
    "list": CountableList(big_endian_int),
    "bytes": Binary(),
}
WIDTHS = {"uint64": 64, "uint8": 8}


def invalid_rows():
    rows = []

    def add(name, encoded_hex, rule, offset, read_as="item", max_depth=None):
        encoded = bytes.fromhex(encoded_hex)
        if max_depth is None:
            _assert_refused(encoded, read_as, name)
        row = {"name": name, "encoded": "0x" + encoded_hex, "as": read_as, "rule": rule, "offset": offset}
        if max_depth is not None:
            row["maxDepth"] = max_depth
        rows.append(row)

    # truncated
    add("empty input", "", "truncated", 0)
    add("long string without its length", "b8", "truncated", 0)
    add("long list with half its length", "f901", "truncated", 0)
    add("long string header cut inside a list", "c1b8", "truncated", 1)
    # lengthPastEnd
    add("short string past the end", "81", "lengthPastEnd", 0)
    add("short list past the end", "c5010203", "lengthPastEnd", 0)
    add("long string past the end", "b840" + "ff" * 16, "lengthPastEnd", 0)
    add("string past the end of its list", "c28201", "lengthPastEnd", 1)
    add("huge long list length", "ff0f000000000000021111", "lengthPastEnd", 0)
    # lengthOverflow
    add("string length above Int.max", "bf" + "ff" * 8, "lengthOverflow", 0)
    add("list length of 2^63", "ff80" + "00" * 7, "lengthOverflow", 0)
    # leadingZeroInLength
    add("string length with a zero byte", "b800", "leadingZeroInLength", 0)
    add("list length with a zero byte", "f800", "leadingZeroInLength", 0)
    add("two-byte length with a leading zero", "b90040" + "00" * 64, "leadingZeroInLength", 0)
    add("leading zero in a nested length", "c3b80001", "leadingZeroInLength", 1)
    # nonCanonicalSize
    add("long form for a 55-byte string", "b837" + "61" * 55, "nonCanonicalSize", 0)
    add("long form for a 1-byte string", "b801ff", "nonCanonicalSize", 0)
    add("long form for a 3-byte list", "f803112233", "nonCanonicalSize", 0)
    add("long form for a 55-byte list", "f837" + "01" * 55, "nonCanonicalSize", 0)
    # nonCanonicalSingleByte
    add("0x00 wrapped", "8100", "nonCanonicalSingleByte", 0)
    add("0x7f wrapped", "817f", "nonCanonicalSingleByte", 0)
    add("0x05 wrapped inside a list", "c3808105", "nonCanonicalSingleByte", 2)
    # trailingBytes
    add("two items", "8080", "trailingBytes", 1)
    add("a byte after a list", "c000", "trailingBytes", 1)
    add("a byte after a string", "83646f6700", "trailingBytes", 4)
    # Typed rules.
    add("integer 0 written 0x00", "00", "leadingZeroInInteger", 0, "uint64")
    add("integer with a leading zero", "820001", "leadingZeroInInteger", 0, "uint64")
    add("nine bytes for UInt64", "89" + "01" + "00" * 8, "integerOverflow", 0, "uint64")
    add("two bytes for UInt8", "820100", "integerOverflow", 0, "uint8")
    add("a list for an integer", "c0", "expectedBytes", 0, "bytes")
    add("a string for a list", "80", "expectedList", 0, "list")
    add("bool 0x00", "00", "invalidBool", 0, "bool")
    add("bool 0x02", "02", "invalidBool", 0, "bool")
    add("string 0xff", "81ff", "invalidUTF8", 0, "string")
    add("string with an overlong slash", "82c0af", "invalidUTF8", 0, "string")
    add("19 bytes for 20", "93" + "11" * 19, "wrongByteCount", 0, "bytes20")
    add("21 bytes for 20", "95" + "11" * 21, "wrongByteCount", 0, "bytes20")
    add("two fields for three", "c20102", "listLengthMismatch", 0, "fields3")
    add("four fields for three", "c401020304", "listLengthMismatch", 0, "fields3")
    # Metered's nesting limit (pyrlp has none): nine lists where eight are allowed.
    add("nine lists, eight allowed", "c8c7c6c5c4c3c2c1c0", "depthLimitExceeded", 8, max_depth=8)
    return rows


def _assert_refused(encoded: bytes, read_as: str, name: str):
    sedes = CHECKS[read_as]
    try:
        value = rlp.decode(encoded, strict=True) if sedes is None else rlp.decode(encoded, sedes=sedes)
    except (DecodingError, DeserializationError):
        return
    # pyrlp's integers have no width: a value too large for the Swift type is refused by comparing here.
    if read_as in WIDTHS and value >= 2 ** WIDTHS[read_as]:
        return
    raise AssertionError(f"pyrlp accepts invalid vector {name!r}: {value!r}")


def generate():
    return {
        "rlp.json": {
            "description": "RLP vectors from rlp==5.0.0 (pyrlp); made by tools/vectors/gen_rlp.py. See its docstring.",
            "valid": valid_rows(),
            "integers": integer_rows(),
            "invalid": invalid_rows(),
        }
    }
