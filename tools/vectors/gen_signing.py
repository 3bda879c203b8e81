"""Reference vectors for keys, signatures, EIP-191, EIP-712, keystores and mnemonics (vectors/signing.json).

Independent implementations, pinned in tools/requirements.txt: eth-keys (keys, RFC 6979 signatures), eth-account
(EIP-191 `encode_defunct`, EIP-712 `encode_typed_data`, HD wallets) and eth-keyfile (keystores, through
eth-account). Randomness is seeded, and the keystore writer's salt, iv and UUID come from the same seeded
generator, so every run writes the same file.
"""
import itertools
import json
import random
import uuid

import eth_keyfile.keyfile as keyfile
from eth_account import Account
from eth_account._utils.encode_typed_data.encoding_and_hashing import encode_type, hash_struct, hash_type
from eth_account.hdaccount.mnemonic import Mnemonic
from eth_account.messages import _hash_eip191_message, encode_defunct, encode_typed_data
from eth_keys import keys
from eth_utils import keccak

N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
TEST_MNEMONIC = "test test test test test test test test test test test junk"


def hx(b: bytes) -> str:
    return "0x" + bytes(b).hex()


def key_rows(rng: random.Random) -> list[dict]:
    secrets = [1, 2, N - 1, N // 2, 0xAC0974BEC39A17E36BA4A6B4D238FF944BACB478CBED5EFCAE784D7BF4F2FF80]
    secrets += [rng.randrange(1, N) for _ in range(20)]
    rows = []
    for s in secrets:
        pk = keys.PrivateKey(s.to_bytes(32, "big"))
        pub = pk.public_key
        rows.append({
            "privateKey": hx(pk.to_bytes()),
            "address": pub.to_checksum_address(),
            "publicKeyUncompressed": "0x04" + pub.to_bytes().hex(),
            "publicKeyCompressed": hx(pub.to_compressed_bytes()),
        })
    return rows


def signature_rows(rng: random.Random, key_list: list[dict]) -> list[dict]:
    rows = []
    digests = [bytes(32), b"\xff" * 32, keccak(b"")]
    for k in key_list:
        for d in digests + [rng.randbytes(32) for _ in range(3)]:
            pk = keys.PrivateKey(bytes.fromhex(k["privateKey"][2:]))
            sig = pk.sign_msg_hash(d)
            assert sig.s <= N // 2
            rows.append({
                "privateKey": k["privateKey"], "address": k["address"], "digest": hx(d),
                "r": hx(sig.r.to_bytes(32, "big")), "s": hx(sig.s.to_bytes(32, "big")), "yParity": sig.v,
            })
    return rows


def high_s_rows(sigs: list[dict]) -> list[dict]:
    """The same signatures with s replaced by n - s and the parity flipped: valid ECDSA, refused by Ethereum."""
    rows = []
    for row in sigs[:12]:
        s = int(row["s"], 16)
        high = keys.Signature(vrs=(1 - row["yParity"], int(row["r"], 16), N - s))
        recovered = high.recover_public_key_from_msg_hash(bytes.fromhex(row["digest"][2:]))
        assert recovered.to_checksum_address() == row["address"]
        rows.append({"digest": row["digest"], "r": row["r"], "s": hx((N - s).to_bytes(32, "big")),
                     "yParity": 1 - row["yParity"], "address": row["address"]})
    return rows


def eip191_rows(key_list: list[dict]) -> list[dict]:
    texts = ["", "hello", "Hello, world!", "héllo wörld ✓", "0x", "a" * 200, "line\nbreak"]
    byte_messages = [b"", b"\x00", bytes(range(32)), b"\xff" * 65]
    rows = []
    for i, k in enumerate(key_list[:6]):
        for t in texts:
            m = encode_defunct(text=t)
            signed = Account.sign_message(m, k["privateKey"])
            rows.append({"kind": "text", "message": t, "privateKey": k["privateKey"], "address": k["address"],
                         "hash": hx(_hash_eip191_message(m)), "signature": hx(signed.signature)})
        for b in byte_messages:
            m = encode_defunct(primitive=b)
            signed = Account.sign_message(m, k["privateKey"])
            rows.append({"kind": "bytes", "message": hx(b), "privateKey": k["privateKey"], "address": k["address"],
                         "hash": hx(_hash_eip191_message(m)), "signature": hx(signed.signature)})
    return rows


DOMAIN_FIELDS = [
    ("name", "string", "Metered"),
    ("version", "string", "1"),
    ("chainId", "uint256", 31337),
    ("verifyingContract", "address", "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"),
    ("salt", "bytes32", "0x" + "5a" * 32),
]

MAIL_TYPES = {
    "EIP712Domain": [
        {"name": "name", "type": "string"}, {"name": "version", "type": "string"},
        {"name": "chainId", "type": "uint256"}, {"name": "verifyingContract", "type": "address"},
    ],
    "Person": [{"name": "name", "type": "string"}, {"name": "wallet", "type": "address"}],
    "Mail": [{"name": "from", "type": "Person"}, {"name": "to", "type": "Person"},
             {"name": "contents", "type": "string"}],
}
MAIL = {
    "types": MAIL_TYPES,
    "primaryType": "Mail",
    "domain": {"name": "Ether Mail", "version": "1", "chainId": 1,
               "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"},
    "message": {
        "from": {"name": "Cow", "wallet": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},
        "to": {"name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},
        "contents": "Hello, Bob!",
    },
}


def typed_documents(rng: random.Random) -> list[tuple[str, dict]]:
    docs = [("EIP-712 Mail example", MAIL)]
    full_domain = {name: value for name, _, value in DOMAIN_FIELDS}
    full_domain_types = [{"name": name, "type": t} for name, t, _ in DOMAIN_FIELDS]

    heartbeat_types = {"Heartbeat": [
        {"name": "sessionId", "type": "uint256"}, {"name": "participant", "type": "address"},
        {"name": "seq", "type": "uint64"}, {"name": "issuedAt", "type": "uint64"}]}
    heartbeat = {"sessionId": 7, "participant": "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "seq": 42,
                 "issuedAt": 1767225600}
    # Every subset of the domain's members, including none.
    for size in range(0, 6):
        for subset in itertools.combinations(DOMAIN_FIELDS, size):
            types = dict(heartbeat_types)
            types["EIP712Domain"] = [{"name": n, "type": t} for n, t, _ in subset]
            docs.append((f"domain {{{', '.join(n for n, _, _ in subset)}}}",
                         {"types": types, "primaryType": "Heartbeat",
                          "domain": {n: v for n, _, v in subset}, "message": heartbeat}))

    # Nested structs, arrays of structs, nested and fixed arrays, bytes and strings, every integer edge.
    group_types = {
        "EIP712Domain": full_domain_types,
        "Person": [{"name": "name", "type": "string"}, {"name": "wallets", "type": "address[]"}],
        "Mail": [{"name": "from", "type": "Person"}, {"name": "to", "type": "Person[]"},
                 {"name": "contents", "type": "string"}, {"name": "attachment", "type": "bytes"}],
        "Group": [{"name": "name", "type": "string"}, {"name": "members", "type": "Person[]"},
                  {"name": "inbox", "type": "Mail[]"}, {"name": "grid", "type": "uint256[][]"},
                  {"name": "fixed", "type": "int8[2][3]"}, {"name": "tags", "type": "bytes32[2]"},
                  {"name": "flags", "type": "bool[]"}, {"name": "blobs", "type": "bytes[]"},
                  {"name": "words", "type": "string[]"}],
    }
    alice = {"name": "Alice", "wallets": ["0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826",
                                           "0xDeaDbeefdEAdbeefdEadbEEFdeadbeEFdEaDbeeF"]}
    bob = {"name": "Bob", "wallets": []}
    group = {
        "name": "tutors ✓",
        "members": [alice, bob],
        "inbox": [{"from": alice, "to": [bob, alice], "contents": "lesson at 5", "attachment": "0x0102ff"},
                  {"from": bob, "to": [], "contents": "", "attachment": "0x"}],
        "grid": [[1, 2, 3], [], ["0xff", "1000000000000000000000000000000"]],
        "fixed": [[-128, 127], [0, -1], ["-5", "0x7f"]],
        "tags": ["0x" + "11" * 32, "0x" + "22" * 32],
        "flags": [True, False, True],
        "blobs": ["0x", "0x00", "0x" + "ab" * 70],
        "words": ["", "one", "two words"],
    }
    docs.append(("nested structs and arrays", {"types": group_types, "primaryType": "Group",
                                                 "domain": full_domain, "message": group}))

    int_types = {"EIP712Domain": full_domain_types, "Numbers": []}
    numbers = {}
    for bits in (8, 16, 24, 32, 64, 128, 160, 248, 256):
        int_types["Numbers"] += [{"name": f"u{bits}max", "type": f"uint{bits}"},
                                 {"name": f"i{bits}min", "type": f"int{bits}"},
                                 {"name": f"i{bits}max", "type": f"int{bits}"}]
        numbers[f"u{bits}max"] = 2 ** bits - 1
        numbers[f"i{bits}min"] = -(2 ** (bits - 1))
        numbers[f"i{bits}max"] = 2 ** (bits - 1) - 1
    for n in (1, 5, 20, 31, 32):
        int_types["Numbers"].append({"name": f"b{n}", "type": f"bytes{n}"})
        numbers[f"b{n}"] = "0x" + bytes(rng.randrange(256) for _ in range(n)).hex()
    int_types["Numbers"] += [{"name": "yes", "type": "bool"}, {"name": "who", "type": "address"}]
    numbers["yes"] = True
    numbers["who"] = "0x0000000000000000000000000000000000000000"
    docs.append(("integer, bytesN, bool and address edges",
                 {"types": int_types, "primaryType": "Numbers", "domain": full_domain, "message": numbers}))

    # Numbers written as decimal strings and hex strings give the same hashes as JSON numbers.
    as_strings = dict(numbers)
    for k, v in numbers.items():
        if isinstance(v, int) and not isinstance(v, bool):
            as_strings[k] = str(v) if v < 0 or k.startswith("i") else hex(v)
    docs.append(("integers as decimal and hex strings",
                 {"types": int_types, "primaryType": "Numbers", "domain": full_domain, "message": as_strings}))

    # A type referenced only through an array, and dependencies that must be sorted by name.
    tree_types = {
        "EIP712Domain": full_domain_types[:3],
        "Zebra": [{"name": "a", "type": "Apple[]"}, {"name": "m", "type": "Mango"}],
        "Mango": [{"name": "x", "type": "uint8"}, {"name": "apple", "type": "Apple"}],
        "Apple": [{"name": "seeds", "type": "uint16[]"}],
    }
    tree = {"a": [{"seeds": [1, 2]}, {"seeds": []}], "m": {"x": 255, "apple": {"seeds": [65535]}}}
    docs.append(("dependency order", {"types": tree_types, "primaryType": "Zebra",
                                      "domain": {k: full_domain[k] for k in ("name", "version", "chainId")},
                                      "message": tree}))
    return docs


def eip712_rows(rng: random.Random, key_list: list[dict]) -> list[dict]:
    rows = []
    for i, (name, doc) in enumerate(typed_documents(rng)):
        k = key_list[i % len(key_list)]
        signable = encode_typed_data(full_message=doc)
        types = {t: m for t, m in doc["types"].items() if t != "EIP712Domain"}
        signed = Account.sign_message(signable, k["privateKey"])
        rows.append({
            "name": name,
            # As text: JSON numbers here reach 2^256 - 1, beyond what most JSON readers keep exactly.
            "typedData": json.dumps(doc, ensure_ascii=False),
            "encodeType": encode_type(doc["primaryType"], types),
            "typeHash": hx(hash_type(doc["primaryType"], types)),
            "domainSeparator": hx(signable.header),
            "hashStruct": hx(hash_struct(doc["primaryType"], types, doc["message"])),
            "signingHash": hx(_hash_eip191_message(signable)),
            "privateKey": k["privateKey"], "address": k["address"],
            "signature": hx(signed.signature),
        })
    return rows


def keystore_rows(rng: random.Random, key_list: list[dict]) -> list[dict]:
    keyfile.Random.get_random_bytes = lambda n: rng.randbytes(n)  # seeded salt and iv
    keyfile.uuid4 = lambda: uuid.UUID(bytes=rng.randbytes(16), version=4)
    rows = []
    cases = [("scrypt", 2), ("scrypt", 1024), ("pbkdf2", 1), ("pbkdf2", 4096)]
    passwords = ["", "correct horse battery staple", "pässwörd ✓"]
    for i, ((kdf, work), password) in enumerate(itertools.product(cases, passwords)):
        k = key_list[i % len(key_list)]
        encrypted = Account.encrypt(k["privateKey"], password, kdf=kdf, iterations=work)
        assert hx(Account.decrypt(encrypted, password)) == k["privateKey"]
        rows.append({"kdf": kdf, "password": password, "privateKey": k["privateKey"], "address": k["address"],
                     "keystore": encrypted})
    return rows


def mnemonic_rows(rng: random.Random) -> dict:
    Account.enable_unaudited_hdwallet_features()
    dev = []
    for i in range(10):
        acct = Account.from_mnemonic(TEST_MNEMONIC, account_path=f"m/44'/60'/0'/0/{i}")
        dev.append({"path": f"m/44'/60'/0'/0/{i}", "privateKey": hx(acct.key), "address": acct.address})
    generated = []
    m = Mnemonic()
    for size, passphrase in [(16, ""), (20, "TREZOR"), (24, ""), (28, "pass phrase ✓"), (32, "")]:
        entropy = rng.randbytes(size)
        phrase = m.to_mnemonic(entropy)
        path = f"m/44'/60'/{rng.randrange(3)}'/{rng.randrange(2)}/{rng.randrange(100)}"
        acct = Account.from_mnemonic(phrase, passphrase=passphrase, account_path=path)
        generated.append({"entropy": hx(entropy), "mnemonic": phrase, "passphrase": passphrase,
                          "seed": hx(Mnemonic.to_seed(phrase, passphrase)), "path": path,
                          "privateKey": hx(acct.key), "address": acct.address})
    return {"testMnemonic": TEST_MNEMONIC, "testAccounts": dev, "generated": generated}


def generate() -> dict[str, object]:
    rng = random.Random(0x5167)
    key_list = key_rows(rng)
    sigs = signature_rows(rng, key_list)
    return {"signing.json": {
        "source": "eth-keys 0.8.0, eth-account 0.14.0, eth-keyfile (tools/vectors/gen_signing.py)",
        "keys": key_list,
        "signatures": sigs,
        "highS": high_s_rows(sigs),
        "eip191": eip191_rows(key_list),
        "eip712": eip712_rows(rng, key_list),
        "keystores": keystore_rows(rng, key_list),
        "mnemonics": mnemonic_rows(rng),
    }}
