"""Transaction reference vectors, made with the pinned eth-account, eth-keys, rlp and py-evm.

vectors/transactions.json holds four tables, which the Swift tests (Tests/TransactionsTests/VectorTests.swift) run:

- "signed": transactions of all three types (legacy before and after EIP-155, EIP-2930, EIP-1559), each with its
  unsigned fields in the JSON-RPC form `metered tx sign` takes (quantities as "0x…", `to` null for a creation,
  `chainId` absent for a pre-EIP-155 legacy transaction), the private key, and what eth-account computes: the
  signing hash, the raw signed bytes, the transaction hash, the sender, v, r and s. Swift must sign the fields to
  exactly those bytes and decode the bytes back to the fields. Covers zero and maximal values (value and fees
  2^256 - 1, nonce and gas 2^64 - 1, chain id 2^64 - 1, whose EIP-155 v passes 2^64), contract creations, data of
  0, 1, 55, 56, 1024, 4096 and 24576 bytes and empty, small and large access lists, plus seeded random transactions.
  Every row is checked here: eth-account recovers the sender from the raw bytes.
- "invalid": raw inputs that break one rule each, with the rule (a TransactionError case name), the byte offset
  Swift must report where the rule has one, and the field. Each row is checked here to be refused by eth-account's
  decoder and recovery (Account.recover_transaction) too, except the rows marked "policy", which eth-account
  accepts and Metered refuses on purpose (the reason is given).
- "create": CREATE addresses from a sender and a nonce (py-evm's generate_contract_address).
- "create2": CREATE2 addresses from a sender, a salt and creation code (py-evm's generate_safe_contract_address).
"""
import random

import rlp
from eth._utils.address import generate_contract_address, generate_safe_contract_address
from eth_account import Account
from eth_account._utils.legacy_transactions import serializable_unsigned_transaction_from_dict
from eth_account.typed_transactions import TypedTransaction
from eth_keys import keys
from eth_utils import encode_hex, keccak, to_checksum_address

SEED = 20240917
N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
U64 = 2**64 - 1
U256 = 2**256 - 1


def quantity(value: int) -> str:
    return hex(value)


def int_bytes(value: int) -> bytes:
    """Big-endian bytes without leading zeros; empty for zero (RLP's integer form)."""
    return b"" if value == 0 else value.to_bytes((value.bit_length() + 7) // 8, "big")


# --- signed transactions -------------------------------------------------------------------------------------------


def account_dict(tx: dict) -> dict:
    """The dict eth-account's sign_transaction takes, from the JSON-RPC form."""
    out = {}
    for key, value in tx.items():
        if key in ("to", "data"):
            continue
        if key == "accessList":
            out[key] = [{"address": to_checksum_address(e["address"]), "storageKeys": e["storageKeys"]} for e in value]
        elif key == "type":
            out[key] = int(value, 16)
        else:
            out[key] = int(value, 16)
    out["data"] = bytes.fromhex(tx["data"][2:])
    if tx["to"] is not None:
        out["to"] = to_checksum_address(tx["to"])
    elif out.get("type", 0) != 0:
        out["to"] = None
    else:
        out["to"] = b""
    return out


def signing_hash(tx: dict) -> bytes:
    fields = account_dict(tx)
    if "type" in fields and fields["type"] != 0:
        return TypedTransaction.from_dict(fields).hash()
    fields.pop("type", None)
    return serializable_unsigned_transaction_from_dict(fields).hash()


def signed_row(name: str, tx: dict, key: bytes) -> dict:
    fields = account_dict(tx)
    if fields.get("type") == 0:
        fields.pop("type")
    signed = Account.sign_transaction(fields, key)
    raw = bytes(signed.raw_transaction)
    sender = Account.from_key(key).address
    assert Account.recover_transaction(raw) == sender, name
    assert bytes(signed.hash) == keccak(raw), name
    digest = signing_hash(tx)
    assert keys.PrivateKey(key).sign_msg_hash(digest).to_bytes()[:64] == signed.r.to_bytes(32, "big") + signed.s.to_bytes(
        32, "big"
    ), name
    return {
        "name": name,
        "tx": tx,
        "privateKey": encode_hex(key),
        "signingHash": encode_hex(digest),
        "raw": encode_hex(raw),
        "hash": encode_hex(signed.hash),
        "sender": sender,
        "v": quantity(signed.v),
        "r": quantity(signed.r),
        "s": quantity(signed.s),
    }


def make_tx(kind: str, *, chain_id=1, nonce=0, gas=21000, to="0x" + "35" * 20, value=0, data=b"", gas_price=0,
            max_fee=0, max_priority=0, access_list=()) -> dict:
    """The JSON-RPC form of a transaction; `kind` is "pre155", "legacy", "eip2930" or "eip1559"."""
    tx = {"type": {"pre155": "0x0", "legacy": "0x0", "eip2930": "0x1", "eip1559": "0x2"}[kind]}
    if kind != "pre155":
        tx["chainId"] = quantity(chain_id)
    tx["nonce"] = quantity(nonce)
    if kind == "eip1559":
        tx["maxPriorityFeePerGas"] = quantity(max_priority)
        tx["maxFeePerGas"] = quantity(max_fee)
    else:
        tx["gasPrice"] = quantity(gas_price)
    tx["gas"] = quantity(gas)
    tx["to"] = to
    tx["value"] = quantity(value)
    tx["data"] = encode_hex(data)
    if kind in ("eip2930", "eip1559"):
        tx["accessList"] = [{"address": a, "storageKeys": list(k)} for a, k in access_list]
    return tx


def random_access_list(rng: random.Random, max_entries: int) -> list:
    entries = []
    for _ in range(rng.randint(0, max_entries)):
        address = encode_hex(rng.randbytes(20))
        storage = [encode_hex(rng.randbytes(32)) for _ in range(rng.randint(0, 4))]
        entries.append((address, storage))
    return entries


def random_amount(rng: random.Random) -> int:
    bits = rng.choice([0, 8, 32, 64, 65, 128, 200, 256])
    return rng.getrandbits(bits) if bits else 0


def signed_rows(rng: random.Random) -> list:
    rows = []
    eip155_key = bytes([0x46]) * 32
    rows.append(signed_row(
        "EIP-155 example (nonce 9, 20 gwei, 21000 gas, 1 ether to 0x3535…35, chain 1)",
        make_tx("legacy", chain_id=1, nonce=9, gas_price=20 * 10**9, gas=21000, to="0x" + "35" * 20, value=10**18),
        eip155_key))

    key = bytes.fromhex("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
    big_list = [("0x" + "de" * 20, ["0x" + "00" * 32, "0x" + "ff" * 32]), ("0x" + "ad" * 20, []),
                ("0x" + "de" * 20, ["0x" + "01" * 32])]
    for kind in ("pre155", "legacy", "eip2930", "eip1559"):
        fees = {"gas_price": 0} if kind != "eip1559" else {"max_fee": 0, "max_priority": 0}
        rows.append(signed_row(f"{kind}: all zero", make_tx(kind, gas=0, value=0, nonce=0, **fees), key))
        maxima = {"gas_price": U256} if kind != "eip1559" else {"max_fee": U256, "max_priority": U256}
        rows.append(signed_row(
            f"{kind}: maximal values (value, fees 2^256-1; nonce, gas 2^64-1)",
            make_tx(kind, chain_id=1, nonce=U64, gas=U64, value=U256, **maxima), key))
        if kind != "pre155":
            rows.append(signed_row(
                f"{kind}: chain id 2^64-1", make_tx(kind, chain_id=U64, nonce=1, value=1, **maxima), key))
            rows.append(signed_row(
                f"{kind}: chain id 2^63", make_tx(kind, chain_id=2**63, nonce=2, value=2, **maxima), key))
        rows.append(signed_row(
            f"{kind}: contract creation",
            make_tx(kind, to=None, gas=100_000, data=bytes.fromhex("6080604052348015600f57600080fd5b50"),
                    **{k: 10**9 for k in fees}), key))
        rows.append(signed_row(
            f"{kind}: contract creation, empty code", make_tx(kind, to=None, gas=53_000, **fees), key))
        for size in (1, 55, 56, 1024, 4096):
            rows.append(signed_row(
                f"{kind}: {size} bytes of data",
                make_tx(kind, data=bytes(rng.randbytes(size)), gas=1_000_000, nonce=size, **fees), key))
        for single in (0x00, 0x7F, 0x80):
            rows.append(signed_row(
                f"{kind}: data is the single byte {single:#04x}", make_tx(kind, data=bytes([single]), **fees), key))
        rows.append(signed_row(
            f"{kind}: recipient is the zero address", make_tx(kind, to="0x" + "00" * 20, value=5, **fees), key))
        if kind in ("eip2930", "eip1559"):
            rows.append(signed_row(
                f"{kind}: access list with one address and no keys",
                make_tx(kind, access_list=[("0x" + "11" * 20, [])], **fees), key))
            rows.append(signed_row(
                f"{kind}: access list with repeated addresses and keys 0 and 2^256-1",
                make_tx(kind, access_list=big_list, **fees), key))
            rows.append(signed_row(
                f"{kind}: access list of 40 entries",
                make_tx(kind, access_list=[(encode_hex(rng.randbytes(20)), [encode_hex(rng.randbytes(32))
                                                                            for _ in range(i % 5)])
                                           for i in range(40)], gas=2_000_000, **fees), key))

    rows.append(signed_row(
        "eip1559: creation with 24576 bytes of code (the EIP-170 code size)",
        make_tx("eip1559", to=None, data=rng.randbytes(24576), gas=6_000_000, max_fee=10**10, max_priority=10**9),
        key))

    # Seeded random transactions: random keys, amounts, recipients, data and access lists.
    for i in range(120):
        kind = ("pre155", "legacy", "eip2930", "eip1559")[i % 4]
        while True:
            candidate = rng.randbytes(32)
            if 0 < int.from_bytes(candidate, "big") < N:
                break
        fee_args = {"gas_price": random_amount(rng)}
        if kind == "eip1559":
            fee_args = {"max_fee": random_amount(rng), "max_priority": random_amount(rng)}
        to = None if rng.random() < 0.15 else encode_hex(rng.randbytes(20))
        data_size = rng.choice([0, 0, 1, 4, 36, 68, 100, 300, 2000])
        tx = make_tx(
            kind, chain_id=rng.choice([1, 5, 10, 137, 31337, 11155111, rng.getrandbits(64)]),
            nonce=rng.choice([0, 1, rng.getrandbits(16), rng.getrandbits(64)]), gas=rng.getrandbits(rng.choice([16, 24, 64])),
            to=to, value=random_amount(rng), data=rng.randbytes(data_size),
            access_list=random_access_list(rng, 4) if kind in ("eip2930", "eip1559") else (), **fee_args)
        rows.append(signed_row(f"random {i} ({kind})", tx, candidate))
    return rows


# --- invalid inputs ------------------------------------------------------------------------------------------------


def rlp_list_header(payload_length: int) -> bytes:
    if payload_length < 56:
        return bytes([0xC0 + payload_length])
    length = int_bytes(payload_length)
    return bytes([0xF7 + len(length)]) + length


def assemble(prefix: bytes, items: list) -> tuple:
    """The raw bytes of `prefix ‖ list(items)` (items already encoded) and the offset of each item."""
    payload = b"".join(items)
    head = prefix + rlp_list_header(len(payload))
    offsets, position = [], len(head)
    for item in items:
        offsets.append(position)
        position += len(item)
    return head + payload, offsets


LEGACY_FIELDS = ["nonce", "gasPrice", "gasLimit", "to", "value", "data", "v", "r", "s"]
EIP2930_FIELDS = ["chainId", "nonce", "gasPrice", "gasLimit", "to", "value", "data", "accessList", "yParity", "r", "s"]
EIP1559_FIELDS = ["chainId", "nonce", "maxPriorityFeePerGas", "maxFeePerGas", "gasLimit", "to", "value", "data",
                  "accessList", "yParity", "r", "s"]


def base_items(kind: str) -> tuple:
    """The encoded fields of a valid signed transaction of `kind`, its prefix and field names."""
    key = bytes([0x46]) * 32
    if kind == "legacy":
        tx = make_tx("legacy", chain_id=1, nonce=9, gas_price=20 * 10**9, value=10**18, data=b"\x12\x34")
        prefix, names = b"", LEGACY_FIELDS
    elif kind == "eip2930":
        tx = make_tx("eip2930", chain_id=1, nonce=3, gas_price=10**9, value=7,
                     access_list=[("0x" + "11" * 20, ["0x" + "22" * 32, "0x" + "33" * 32])])
        prefix, names = b"\x01", EIP2930_FIELDS
    else:
        tx = make_tx("eip1559", chain_id=1, nonce=3, max_fee=3 * 10**10, max_priority=10**9, value=7,
                     data=b"\xab" * 3, access_list=[("0x" + "11" * 20, ["0x" + "22" * 32])])
        prefix, names = b"\x02", EIP1559_FIELDS
    fields = account_dict(tx)
    if fields.get("type") == 0:
        fields.pop("type")
    raw = bytes(Account.sign_transaction(fields, key).raw_transaction)
    items = [rlp.encode(x) for x in rlp.decode(raw[len(prefix):])]
    return prefix, items, names


WIDTH_64 = ("eth-account decodes integers of any size; nonces, gas limits and chain ids are 64-bit in the protocol "
            "(geth refuses wider ones when decoding; Ethereum's TransactionTests: NONCE_OVERFLOW, GASLIMIT_OVERFLOW)")
WIDTH_256 = ("eth-account decodes integers of any size; amounts and fees are 256-bit in the protocol (Ethereum's "
             "TransactionTests: VALUE_OVERFLOW, GASPRICE_OVERFLOW)")


def eth_account_refuses(raw: bytes) -> bool:
    try:
        Account.recover_transaction(raw)
    except Exception:  # noqa: BLE001 (any refusal counts)
        return True
    return False


def invalid_rows() -> list:
    rows = []

    def add(name, raw, rule, offset=None, field=None, policy=None):
        row = {"name": name, "raw": encode_hex(raw), "rule": rule}
        if offset is not None:
            row["offset"] = offset
        if field is not None:
            row["field"] = field
        if policy is None:
            assert eth_account_refuses(raw), f"eth-account accepts invalid row {name!r}; explain it as a policy row"
        else:
            assert not eth_account_refuses(raw), f"policy row {name!r} is refused by eth-account too; drop the note"
            row["policy"] = policy
        rows.append(row)

    def mutate(kind, name, rule, field, item, *, offset_of=None, policy=None):
        """Replaces the encoded field `field` of the `kind` transaction by `item`."""
        prefix, items, names = base_items(kind)
        index = names.index(field)
        items = items[:index] + [item] + items[index + 1:]
        raw, offsets = assemble(prefix, items)
        add(name, raw, rule, offsets[index] + (offset_of or 0), field, policy)

    legacy_prefix, legacy_items, _ = base_items("legacy")
    good_legacy, _ = assemble(legacy_prefix, legacy_items)
    prefix1559, items1559, _ = base_items("eip1559")
    good1559, _ = assemble(prefix1559, items1559)

    # The envelope.
    add("empty input", b"", "emptyInput")
    for type_byte in (0x00, 0x03, 0x04, 0x7F):
        add(f"type byte {type_byte:#04x}", bytes([type_byte]) + good1559[1:], "unsupportedType", 0)
    add("an RLP byte string (0xb8 header) instead of a list", b"\xb8\x40" + bytes(64), "notATransaction", 0)
    add("a single-byte string 0x80", b"\x80", "notATransaction", 0)
    add("legacy list cut short", good_legacy[:-1], "invalidRLP", 0)
    add("EIP-1559 list cut short", good1559[:-1], "invalidRLP", 1)
    add("typed payload is a byte string", b"\x02" + rlp.encode(b"\x01\x02\x03"), "invalidRLP", 1)
    add("type byte alone", b"\x02", "invalidRLP", 1)
    add("legacy list header with a leading zero length byte", b"\xf9\x00" + good_legacy[2:], "invalidRLP", 0)
    add("legacy list header declaring 2^62 bytes", b"\xff" + (2**62).to_bytes(8, "big") + good_legacy[2:],
        "invalidRLP", 0)
    add("legacy: one byte after the list", good_legacy + b"\x00", "trailingBytes", len(good_legacy))
    add("EIP-1559: a second transaction after the first", good1559 + good1559, "trailingBytes", len(good1559))

    # Field counts.
    for kind in ("legacy", "eip2930", "eip1559"):
        prefix, items, names = base_items(kind)
        raw, _ = assemble(prefix, items[:-1])
        add(f"{kind}: one field too few", raw, "wrongFieldCount", len(prefix))
        raw, _ = assemble(prefix, items + [b"\x80"])
        add(f"{kind}: one field too many", raw, "wrongFieldCount", len(prefix))
    raw, _ = assemble(b"", [])
    add("legacy: empty list", raw, "wrongFieldCount", 0)

    # Integers.
    mutate("legacy", "legacy nonce with a leading zero", "nonCanonicalInteger", "nonce", b"\x82\x00\x09")
    mutate("legacy", "legacy nonce 0x00 (zero is 0x80)", "nonCanonicalInteger", "nonce", b"\x00")
    mutate("eip1559", "EIP-1559 nonce of 9 bytes", "integerTooLarge", "nonce", rlp.encode(2**64), policy=WIDTH_64)
    mutate("eip1559", "EIP-1559 chain id of 9 bytes", "integerTooLarge", "chainId", rlp.encode(2**64 + 1),
           policy=WIDTH_64)
    mutate("legacy", "legacy gas limit of 9 bytes", "integerTooLarge", "gasLimit", rlp.encode(2**64), policy=WIDTH_64)
    mutate("legacy", "legacy value of 33 bytes", "integerTooLarge", "value", rlp.encode(2**256), policy=WIDTH_256)
    mutate("eip1559", "EIP-1559 fee cap of 33 bytes", "integerTooLarge", "maxFeePerGas", rlp.encode(2**256 + 5),
           policy=WIDTH_256)
    mutate("eip1559", "EIP-1559 priority fee with leading zeros", "nonCanonicalInteger", "maxPriorityFeePerGas",
           b"\x84\x00\x3b\x9a\xca")
    mutate("eip2930", "EIP-2930 gas price with a leading zero", "nonCanonicalInteger", "gasPrice",
           b"\x85\x00\x3b\x9a\xca\x00")
    mutate("legacy", "legacy value 5 wrapped as a one-byte string", "invalidFieldRLP", "value", b"\x81\x05")
    mutate("eip1559", "EIP-1559 data in the long form for 3 bytes", "invalidFieldRLP", "data", b"\xb8\x03\xab\xab\xab")
    mutate("legacy", "legacy gas limit given as a list", "expectedBytes", "gasLimit", b"\xc2\x82\x52")
    mutate("eip1559", "EIP-1559 data given as a list", "expectedBytes", "data", b"\xc0")

    # Addresses and access lists.
    mutate("legacy", "legacy recipient of 19 bytes", "wrongAddressLength", "to", rlp.encode(b"\x35" * 19))
    mutate("legacy", "legacy recipient of 21 bytes", "wrongAddressLength", "to", rlp.encode(b"\x00" + b"\x35" * 20))
    mutate("eip1559", "EIP-1559 recipient of 1 byte", "wrongAddressLength", "to", b"\x01")
    mutate("eip2930", "EIP-2930 recipient given as a list", "expectedBytes", "to", b"\xc0")
    mutate("eip1559", "EIP-1559 access list given as a byte string", "expectedList", "accessList", b"\x80")
    mutate("eip2930", "EIP-2930 access list entry with 3 items", "wrongAccessListEntry", "accessList",
           rlp.encode([[b"\x11" * 20, [], b""]]), offset_of=1)
    mutate("eip1559", "EIP-1559 access list entry is a byte string", "expectedList", "accessList",
           rlp.encode([b"\x11" * 20]), offset_of=1)
    entry_19 = rlp.encode([[b"\x11" * 19, []]])
    mutate("eip1559", "EIP-1559 access list address of 19 bytes", "wrongAddressLength", "accessList", entry_19,
           offset_of=2)
    entry_key = rlp.encode([[b"\x11" * 20, [b"\x22" * 32, b"\x22" * 31]]])
    mutate("eip2930", "EIP-2930 storage key of 31 bytes", "wrongStorageKeyLength", "accessList", entry_key,
           offset_of=len(entry_key) - 32)
    entry_key33 = rlp.encode([[b"\x11" * 20, [b"\x00" + b"\x22" * 32]]])
    mutate("eip1559", "EIP-1559 storage key of 33 bytes", "wrongStorageKeyLength", "accessList", entry_key33,
           offset_of=len(entry_key33) - 34)
    mutate("eip1559", "EIP-1559 storage keys given as a byte string", "expectedList", "accessList",
           rlp.encode([[b"\x11" * 20, b"\x22" * 32]]), offset_of=2 + 21)

    # Signatures.
    for v in (0, 1):
        mutate("legacy", f"legacy v = {v}", "invalidV", "v", rlp.encode(v),
               policy="eth-account reads a legacy v of 0 or 1 as the parity itself; a legacy transaction's v is 27, "
                      "28 or an EIP-155 value, and geth refuses 0 and 1 as well")
    for v in (26, 29, 34):
        mutate("legacy", f"legacy v = {v}", "invalidV", "v", rlp.encode(v))
    mutate("legacy", "legacy v naming chain id 2^64", "invalidV", "v", rlp.encode(35 + 2 * 2**64), policy=WIDTH_64)
    mutate("legacy", "legacy v with a leading zero", "nonCanonicalInteger", "v", b"\x82\x00\x25")
    mutate("eip1559", "EIP-1559 yParity 2", "invalidYParity", "yParity", b"\x02")
    mutate("eip2930", "EIP-2930 yParity 27", "invalidYParity", "yParity", b"\x1b",
           policy="eth-account accepts a typed transaction's yParity of 27 or 28; EIP-2930 and EIP-1559 define it as "
                  "0 or 1, and geth refuses anything else")
    mutate("eip1559", "EIP-1559 yParity 0x00 (zero is 0x80)", "nonCanonicalInteger", "yParity", b"\x00")
    for kind in ("legacy", "eip1559"):
        mutate(kind, f"{kind}: r = 0", "signatureScalarOutOfRange", "r", b"\x80")
        mutate(kind, f"{kind}: s = 0", "signatureScalarOutOfRange", "s", b"\x80")
        mutate(kind, f"{kind}: r = n", "signatureScalarOutOfRange", "r", rlp.encode(N))
        mutate(kind, f"{kind}: s = n", "signatureScalarOutOfRange", "s", rlp.encode(N))
        mutate(kind, f"{kind}: r of 33 bytes", "integerTooLarge", "r", rlp.encode(2**256))
        mutate(kind, f"{kind}: s with a leading zero", "nonCanonicalInteger", "s", b"\xa0" + bytes(1) + b"\x11" * 31)
        _, items, names = base_items(kind)
        s = rlp.decode(items[names.index("s")], sedes=rlp.sedes.big_endian_int)
        mutate(kind, f"{kind}: high s (n - s of a valid signature)", "highS", "s", rlp.encode(N - s),
               policy="eth-account recovers a sender from a high-s signature; Ethereum refuses them since "
                      "Homestead (EIP-2), and so does Metered")
    return rows


# --- contract addresses --------------------------------------------------------------------------------------------


def create_rows(rng: random.Random) -> list:
    rows = []
    senders = [b"\x00" * 20, bytes.fromhex("6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0")] + [rng.randbytes(20)
                                                                                       for _ in range(6)]
    for sender in senders:
        for nonce in (0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 2**32, U64 - 1, U64):
            rows.append({"sender": to_checksum_address(sender), "nonce": quantity(nonce),
                         "address": to_checksum_address(generate_contract_address(sender, nonce))})
    return rows


def create2_rows(rng: random.Random) -> list:
    rows = []
    cases = [(b"\x00" * 20, b"\x00" * 32, b"\x00"), (bytes.fromhex("deadbeef00000000000000000000000000000000"),
                                                     b"\x00" * 32, b"\x00"),
             (bytes.fromhex("00000000000000000000000000000000deadbeef"), bytes.fromhex("00" * 28 + "cafebabe"),
              bytes.fromhex("deadbeef")),
             (b"\x00" * 20, b"\x00" * 32, b"")]
    cases += [(rng.randbytes(20), rng.randbytes(32), rng.randbytes(rng.choice([0, 1, 32, 100, 1000])))
              for _ in range(12)]
    for sender, salt, code in cases:
        address = generate_safe_contract_address(sender, int.from_bytes(salt, "big"), code)
        rows.append({"sender": to_checksum_address(sender), "salt": encode_hex(salt), "initCode": encode_hex(code),
                     "initCodeHash": encode_hex(keccak(code)), "address": to_checksum_address(address)})
    return rows


def generate() -> dict:
    rng = random.Random(SEED)
    return {"transactions.json": {
        "signed": signed_rows(rng),
        "invalid": invalid_rows(),
        "create": create_rows(rng),
        "create2": create2_rows(rng),
    }}
