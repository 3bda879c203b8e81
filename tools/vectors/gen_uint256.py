"""UInt256/Int256 reference vectors computed with Python's arbitrary-precision integers.

Writes vectors/uint256.json:

- "binary": {op, a, b, result, ...} for add/sub/mul (wrapping, with the overflow flag and the high half of the full
  product), div/mod/sdiv/smod/exp with the EVM's rules (division by zero gives 0, SDIV(min, -1) = min), shl/shr/sar
  (b is the shift amount, any size), and/or/xor, lt/gt/slt/sgt/eq (result "0x1" or "0x0").
- "ternary": {op, a, b, m, result} for addmod/mulmod on the full 257/512-bit intermediate (m = 0 gives 0).
- "values": per value, its decimal and hex text, 32-byte and minimal big-endian bytes, the same for the value read
  as a two's-complement Int256, bit counts, byte swap and the nearest Double's bit pattern.
- "parses": strings that must parse, with the value; "parseFailures": strings that must be rejected, with the error
  case and the character offset where the error names one.

Operands and results are written as JSON-RPC quantities ("0x1a"); signed operations take and give the operands'
two's-complement bit patterns, as the EVM does. Operands mix edge values (0, 1, limb boundaries 2^64k ± 1, 2^255,
2^256 − 1), words built from edge limbs (the corner cases of long division), and seeded random values of every
bit length.
"""
import random
import struct

BITS = 256
MOD = 1 << BITS
MASK = MOD - 1
SIGN = 1 << (BITS - 1)
MIN_SIGNED = -SIGN
SEED = 0x5EED_0256


def q(n: int) -> str:
    """A JSON-RPC quantity."""
    return hex(n)


def signed(n: int) -> int:
    return n - MOD if n & SIGN else n


def unsigned(n: int) -> int:
    return n & MASK


def edge_values() -> list[int]:
    values = {0, 1, 2, 3, 7, 10, 255, 256, 10**18, 10**19, 10**19 - 1, 10**19 + 1, 10**38, 10**76, 10**77}
    for k in (8, 16, 31, 32, 63, 64, 65, 127, 128, 129, 191, 192, 193, 254, 255):
        values |= {(1 << k) - 1, 1 << k, (1 << k) + 1}
    values |= {MASK, MASK - 1, SIGN - 1, SIGN, SIGN + 1, MASK ^ (1 << 64), MASK >> 1, MASK >> 64, MASK << 64 & MASK}
    return sorted(v for v in values if 0 <= v < MOD)


LIMB_PATTERNS = [0, 1, 2, (1 << 63) - 1, 1 << 63, (1 << 63) + 1, (1 << 64) - 2, (1 << 64) - 1]


def limb_word(rng: random.Random) -> int:
    """A word built from edge limbs (and some random ones), with a random number of leading zero limbs."""
    top = rng.randrange(1, 5)
    n = 0
    for i in range(top):
        limb = rng.choice(LIMB_PATTERNS) if rng.random() < 0.8 else rng.getrandbits(64)
        n |= limb << (64 * i)
    return n


def random_word(rng: random.Random) -> int:
    """A random word of a random bit length (so that every limb count is common)."""
    return rng.getrandbits(rng.randrange(1, BITS + 1))


def operand_pairs(rng: random.Random, count: int) -> list[tuple[int, int]]:
    edges = edge_values()
    pairs = []
    for _ in range(count):
        kind = rng.random()
        if kind < 0.3:
            pairs.append((rng.choice(edges), rng.choice(edges)))
        elif kind < 0.6:
            pairs.append((limb_word(rng), limb_word(rng)))
        else:
            pairs.append((random_word(rng), random_word(rng)))
    return pairs


def knuth_hard_cases(rng: random.Random, count: int) -> list[tuple[int, int]]:
    """Dividends q·v + r with quotient digits near 2^64 − 1 and divisors with a barely normalized top limb: the
    inputs where long division's quotient-digit estimate needs correcting."""
    pairs = []
    for _ in range(count):
        limbs = rng.randrange(2, 5)
        top = rng.choice([1 << 63, (1 << 63) + 1, (1 << 64) - 1, 1, 2, rng.getrandbits(64) | 1])
        v = top << (64 * (limbs - 1)) | rng.choice([0, 1, MASK, rng.getrandbits(256)]) & ((1 << (64 * (limbs - 1))) - 1)
        qmax = MASK // v
        quotient = rng.choice([qmax, qmax - 1, max(qmax // 2, 1), (1 << 64) - 1, rng.randrange(0, qmax + 1)])
        quotient = min(quotient, qmax)
        u = quotient * v + rng.choice([0, v - 1, rng.randrange(0, v)])
        pairs.append((u if u <= MASK else quotient * v, v))
    return pairs


def evm_sdiv(a: int, b: int) -> int:
    sa, sb = signed(a), signed(b)
    if sb == 0:
        return 0
    if sa == MIN_SIGNED and sb == -1:
        return unsigned(MIN_SIGNED)
    quotient = abs(sa) // abs(sb)
    return unsigned(-quotient if (sa < 0) != (sb < 0) else quotient)


def evm_smod(a: int, b: int) -> int:
    sa, sb = signed(a), signed(b)
    if sb == 0:
        return 0
    remainder = abs(sa) % abs(sb)
    return unsigned(-remainder if sa < 0 else remainder)


def evm_exp(a: int, b: int) -> tuple[int, bool]:
    result = pow(a, b, MOD)
    if a in (0, 1) or b == 0:
        overflow = False
    elif b >= BITS:
        overflow = True  # a ≥ 2, so a^b ≥ 2^b ≥ 2^256
    else:
        overflow = a**b >= MOD
    return result, overflow


def shift_amounts(rng: random.Random) -> list[int]:
    amounts = [0, 1, 4, 8, 63, 64, 65, 127, 128, 129, 191, 192, 193, 254, 255, 256, 257, 300, 1 << 64, MASK]
    amounts += [rng.randrange(0, 256) for _ in range(20)]
    return amounts


def binary_rows(rng: random.Random) -> list[dict]:
    rows = []
    arithmetic_pairs = operand_pairs(rng, 70)
    for a, b in arithmetic_pairs:
        rows.append({"op": "add", "a": q(a), "b": q(b), "result": q((a + b) & MASK), "overflow": a + b > MASK})
        rows.append({"op": "sub", "a": q(a), "b": q(b), "result": q((a - b) & MASK), "overflow": a < b})
        rows.append({"op": "mul", "a": q(a), "b": q(b), "result": q((a * b) & MASK), "overflow": a * b > MASK,
                     "high": q((a * b) >> BITS)})
    division_pairs = operand_pairs(rng, 90) + knuth_hard_cases(rng, 90)
    division_pairs += [(a, 0) for a in (0, 1, MASK, SIGN)]
    division_pairs += [(SIGN, MASK), (SIGN, 1), (MASK, MASK), (SIGN - 1, MASK), (MASK, 10**19), (10**77, 10**19)]
    for a, b in division_pairs:
        rows.append({"op": "div", "a": q(a), "b": q(b), "result": q(a // b if b else 0)})
        rows.append({"op": "mod", "a": q(a), "b": q(b), "result": q(a % b if b else 0)})
        rows.append({"op": "sdiv", "a": q(a), "b": q(b), "result": q(evm_sdiv(a, b))})
        rows.append({"op": "smod", "a": q(a), "b": q(b), "result": q(evm_smod(a, b))})
    exp_pairs = [(rng.choice(edge_values()), rng.choice([0, 1, 2, 3, 255, 256, 257, MASK])) for _ in range(15)]
    exp_pairs += [(random_word(rng) >> rng.randrange(0, 250), rng.randrange(0, 300)) for _ in range(25)]
    exp_pairs += [(2, 255), (2, 256), (3, 161), (3, 162), (10, 77), (10, 78), (MASK, 2), (0, 0), (0, 5)]
    for a, b in exp_pairs:
        result, overflow = evm_exp(a, b)
        rows.append({"op": "exp", "a": q(a), "b": q(b), "result": q(result), "overflow": overflow})
    shift_values = [0, 1, MASK, SIGN, SIGN - 1, SIGN + 1, (1 << 64) - 1] + [random_word(rng) for _ in range(6)]
    for value in shift_values:
        for amount in rng.sample(shift_amounts(rng), 14):
            shl = (value << amount) & MASK if amount < BITS else 0
            shr = value >> amount if amount < BITS else 0
            sar = unsigned(signed(value) >> min(amount, BITS))
            for op, result in (("shl", shl), ("shr", shr), ("sar", sar)):
                rows.append({"op": op, "a": q(value), "b": q(amount), "result": q(result)})
    for a, b in operand_pairs(rng, 40):
        rows.append({"op": "and", "a": q(a), "b": q(b), "result": q(a & b)})
        rows.append({"op": "or", "a": q(a), "b": q(b), "result": q(a | b)})
        rows.append({"op": "xor", "a": q(a), "b": q(b), "result": q(a ^ b)})
    comparison_pairs = operand_pairs(rng, 40) + [(a, a) for a in (0, 1, SIGN, MASK)]
    comparison_pairs += [(SIGN, SIGN - 1), (SIGN - 1, SIGN), (MASK, 0), (0, MASK), (MASK, 1), (1, MASK)]
    for a, b in comparison_pairs:
        for op, result in (("lt", a < b), ("gt", a > b), ("slt", signed(a) < signed(b)),
                           ("sgt", signed(a) > signed(b)), ("eq", a == b)):
            rows.append({"op": op, "a": q(a), "b": q(b), "result": q(int(result))})
    return rows


def ternary_rows(rng: random.Random) -> list[dict]:
    rows = []
    moduli = [0, 1, 2, 3, 10**19, (1 << 64) - 1, 1 << 64, (1 << 127) + 1, (1 << 128) - 1, 1 << 192, SIGN,
              MASK - 1, MASK]
    triples = []
    for _ in range(60):
        a, b = operand_pairs(rng, 1)[0]
        m = rng.choice(moduli) if rng.random() < 0.4 else (limb_word(rng) if rng.random() < 0.5 else random_word(rng))
        triples.append((a, b, m))
    triples += [(MASK, MASK, m) for m in moduli] + [(MASK, 1, m) for m in moduli] + [(SIGN, SIGN, m) for m in moduli]
    for a, b, m in triples:
        rows.append({"op": "addmod", "a": q(a), "b": q(b), "m": q(m), "result": q((a + b) % m if m else 0)})
        rows.append({"op": "mulmod", "a": q(a), "b": q(b), "m": q(m), "result": q((a * b) % m if m else 0)})
    return rows


def minimal_bytes(n: int) -> str:
    return "0x" + n.to_bytes((n.bit_length() + 7) // 8, "big").hex()


def minimal_signed_bytes(n: int) -> str:
    if n == 0:
        return "0x"
    length = ((n if n >= 0 else -n - 1).bit_length() + 8) // 8
    return "0x" + n.to_bytes(length, "big", signed=True).hex()


def signed_hex(n: int) -> str:
    return "-" + hex(-n) if n < 0 else hex(n)


def value_rows(rng: random.Random) -> list[dict]:
    values = edge_values() + [limb_word(rng) for _ in range(20)] + [random_word(rng) for _ in range(40)]
    rows = []
    for n in values:
        s = signed(n)
        rows.append({
            "value": q(n),
            "decimal": str(n),
            "bytes": "0x" + n.to_bytes(32, "big").hex(),
            "minimal": minimal_bytes(n),
            "signedDecimal": str(s),
            "signedHex": signed_hex(s),
            "signedMinimal": minimal_signed_bytes(s),
            "leadingZeroBitCount": BITS - n.bit_length(),
            "trailingZeroBitCount": (n & -n).bit_length() - 1 if n else BITS,
            "nonzeroBitCount": bin(n).count("1"),
            "byteSwapped": q(int.from_bytes(n.to_bytes(32, "big"), "little")),
            "doubleBits": q(struct.unpack("<Q", struct.pack("<d", float(n)))[0]),
        })
    return rows


def reference_parse(text: str, signed_type: bool) -> int:
    """The grammar init(parsing:) implements: [-] (digits | 0x hexdigits), nothing else."""
    body = text[1:] if signed_type and text.startswith("-") else text
    if body[:2] in ("0x", "0X"):
        digits, base = body[2:], 16
        allowed = "0123456789abcdefABCDEF"
    else:
        digits, base = body, 10
        allowed = "0123456789"
    assert digits and all(c in allowed for c in digits), text
    n = int(digits, base)
    return -n if body is not text else n


def parse_rows() -> tuple[list[dict], list[dict]]:
    accepted = [
        ("UInt256", "0"), ("UInt256", "000"), ("UInt256", "0x0"), ("UInt256", "0x000"), ("UInt256", "0X1A"),
        ("UInt256", "0xDeadBeef"), ("UInt256", "007"), ("UInt256", str(MASK)), ("UInt256", "0" * 100 + str(MASK)),
        ("UInt256", hex(MASK)), ("UInt256", "0x" + "0" * 80 + "f" * 64), ("UInt256", str(10**19)),
        ("UInt256", str(10**38)), ("UInt256", "1" * 77), ("UInt256", "9" * 77),
        ("Int256", "-0"), ("Int256", "-1"), ("Int256", "-0x1"), ("Int256", "-0X1"), ("Int256", str(SIGN - 1)),
        ("Int256", "-" + str(SIGN)), ("Int256", "-" + hex(SIGN)), ("Int256", hex(SIGN - 1)), ("Int256", "-00012"),
    ]
    parses = []
    for type_name, text in accepted:
        n = reference_parse(text, type_name == "Int256")
        if type_name == "UInt256":
            assert 0 <= n <= MASK
        else:
            assert MIN_SIGNED <= n < SIGN
        parses.append({"type": type_name, "text": text, "value": q(unsigned(n)), "decimal": str(n)})

    # (type, mode, text, error, offset): mode "parsing" is init(parsing:), "quantity" init(hexQuantity:).
    rejected = [
        ("UInt256", "parsing", "", "emptyNumber", None),
        ("UInt256", "parsing", "0x", "emptyNumber", None),
        ("UInt256", "parsing", "0X", "emptyNumber", None),
        ("UInt256", "parsing", "-1", "invalidNumber", 0),
        ("UInt256", "parsing", "-0", "invalidNumber", 0),
        ("UInt256", "parsing", "+1", "invalidNumber", 0),
        ("UInt256", "parsing", " 1", "invalidNumber", 0),
        ("UInt256", "parsing", "1 ", "invalidNumber", 1),
        ("UInt256", "parsing", "12a", "invalidNumber", 2),
        ("UInt256", "parsing", "1_000", "invalidNumber", 1),
        ("UInt256", "parsing", "1e18", "invalidNumber", 1),
        ("UInt256", "parsing", "0xg", "invalidNumber", 2),
        ("UInt256", "parsing", "0x12G4", "invalidNumber", 4),
        ("UInt256", "parsing", "0x 1", "invalidNumber", 2),
        ("UInt256", "parsing", "0x0x1", "invalidNumber", 3),
        ("UInt256", "parsing", "x1", "invalidNumber", 0),
        ("UInt256", "parsing", "0b101", "invalidNumber", 1),
        ("UInt256", "parsing", "1.5", "invalidNumber", 1),
        ("UInt256", "parsing", "é1", "invalidNumber", 0),
        ("UInt256", "parsing", "1é", "invalidNumber", 1),
        ("UInt256", "parsing", "0xé", "invalidNumber", 2),
        ("UInt256", "parsing", "12٣", "invalidNumber", 2),
        ("UInt256", "parsing", str(MOD), "numberOutOfRange", None),
        ("UInt256", "parsing", str(MOD * 10), "numberOutOfRange", None),
        ("UInt256", "parsing", "9" * 78, "numberOutOfRange", None),
        ("UInt256", "parsing", "1" + "0" * 100, "numberOutOfRange", None),
        ("UInt256", "parsing", hex(MOD), "numberOutOfRange", None),
        ("UInt256", "parsing", "0x1" + "0" * 64, "numberOutOfRange", None),
        ("UInt256", "parsing", "9" * 100 + "x", "invalidNumber", 100),
        ("UInt256", "parsing", "0x" + "f" * 70 + "z", "invalidNumber", 72),
        ("UInt256", "quantity", "0x", "emptyNumber", None),
        ("UInt256", "quantity", "0x00", "nonCompactQuantity", None),
        ("UInt256", "quantity", "0x01", "nonCompactQuantity", None),
        ("UInt256", "quantity", "1a", "missingHexPrefix", None),
        ("UInt256", "quantity", "26", "missingHexPrefix", None),
        ("UInt256", "quantity", "", "missingHexPrefix", None),
        ("UInt256", "quantity", "0xz", "invalidNumber", 2),
        ("UInt256", "quantity", hex(MOD), "numberOutOfRange", None),
        ("UInt256", "quantity", "-0x1", "missingHexPrefix", None),
        ("Int256", "parsing", "-", "emptyNumber", None),
        ("Int256", "parsing", "-0x", "emptyNumber", None),
        ("Int256", "parsing", "--1", "invalidNumber", 1),
        ("Int256", "parsing", "+1", "invalidNumber", 0),
        ("Int256", "parsing", "- 1", "invalidNumber", 1),
        ("Int256", "parsing", "-1-", "invalidNumber", 2),
        ("Int256", "parsing", "0x-1", "invalidNumber", 2),
        ("Int256", "parsing", str(SIGN), "numberOutOfRange", None),
        ("Int256", "parsing", hex(SIGN), "numberOutOfRange", None),
        ("Int256", "parsing", "-" + str(SIGN + 1), "numberOutOfRange", None),
        ("Int256", "parsing", "-" + hex(SIGN + 1), "numberOutOfRange", None),
        ("Int256", "parsing", str(MASK), "numberOutOfRange", None),
        ("Int256", "parsing", "-" + str(MOD), "numberOutOfRange", None),
        ("Int256", "quantity", "-0x01", "nonCompactQuantity", None),
        ("Int256", "quantity", "-12", "missingHexPrefix", None),
    ]
    failures = []
    for type_name, mode, text, error, offset in rejected:
        # Check each expectation against the reference grammar, so that no row contradicts it.
        try:
            n = reference_parse(text, type_name == "Int256")
        except (AssertionError, ValueError):
            assert error in ("emptyNumber", "invalidNumber", "missingHexPrefix"), text
        else:
            in_range = 0 <= n <= MASK if type_name == "UInt256" else MIN_SIGNED <= n < SIGN
            assert (not in_range and error == "numberOutOfRange") or mode == "quantity", text
        row = {"type": type_name, "mode": mode, "text": text, "error": error}
        if offset is not None:
            row["offset"] = offset
        failures.append(row)
    return parses, failures


def generate() -> dict[str, object]:
    rng = random.Random(SEED)
    parses, failures = parse_rows()
    return {
        "uint256.json": {
            "description": "UInt256/Int256 arithmetic, conversions and parsing, computed with Python integers "
                           "by tools/vectors/gen_uint256.py (EVM semantics for div/mod/sdiv/smod/exp/shifts).",
            "binary": binary_rows(rng),
            "ternary": ternary_rows(rng),
            "values": value_rows(rng),
            "parses": parses,
            "parseFailures": failures,
        }
    }
