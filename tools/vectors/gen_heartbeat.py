"""Reference vectors for the heartbeat service (vectors/heartbeat.json).

- pings: the EIP-712 `Heartbeat(uint256 sessionId,address participant,uint64 seq,uint64 issuedAt)` message in the
  domain {name "Metered", version "1", chainId, verifyingContract = escrow}, hashed and signed by eth-account's
  `encode_typed_data(full_message=...)` (the same JSON a browser wallet's `eth_signTypedData_v4` receives), with
  RFC 6979 signatures from eth-keys, so the Swift side must produce the same bytes;
- webhooks: `Huddle01-Signature` values, the lowercase hex HMAC-SHA256 of the raw body, from Python's hmac module.

Deterministic: keys and values come from a seeded generator.
"""
import hashlib
import hmac
import json
import random

from eth_account import Account
from eth_account._utils.encode_typed_data.encoding_and_hashing import hash_domain, hash_struct, hash_type
from eth_account.messages import _hash_eip191_message, encode_typed_data
from eth_utils import to_checksum_address

ESCROW_31337 = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"
DEV_KEYS = [
    "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
    "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
]
HEARTBEAT_TYPES = [
    {"name": "sessionId", "type": "uint256"},
    {"name": "participant", "type": "address"},
    {"name": "seq", "type": "uint64"},
    {"name": "issuedAt", "type": "uint64"},
]
DOMAIN_TYPES = [
    {"name": "name", "type": "string"},
    {"name": "version", "type": "string"},
    {"name": "chainId", "type": "uint256"},
    {"name": "verifyingContract", "type": "address"},
]


def hx(b: bytes) -> str:
    return "0x" + bytes(b).hex()


def typed_data(chain_id: int, escrow: str, message: dict) -> dict:
    """The typed data JSON a client passes to `eth_signTypedData_v4` (viem's `signTypedData` builds the same)."""
    return {
        "types": {"EIP712Domain": DOMAIN_TYPES, "Heartbeat": HEARTBEAT_TYPES},
        "primaryType": "Heartbeat",
        "domain": {"name": "Metered", "version": "1", "chainId": chain_id, "verifyingContract": escrow},
        "message": message,
    }


def ping_rows(rng: random.Random) -> list[dict]:
    deployments = [(31337, ESCROW_31337), (1, ESCROW_31337), (31337, to_checksum_address(rng.randbytes(20))),
                   (11155111, to_checksum_address(rng.randbytes(20)))]
    session_ids = [1, 2, 42, 2**64, 2**256 - 1, rng.randrange(1, 2**256)]
    seqs = [0, 1, 1_700_000_000_123, 2**63, 2**64 - 1]
    rows = []
    for index in range(32):
        key = DEV_KEYS[index % len(DEV_KEYS)] if index < 8 else hx(rng.randbytes(32))
        account = Account.from_key(key)
        chain_id, escrow = deployments[index % len(deployments)]
        message = {
            "sessionId": session_ids[index % len(session_ids)],
            "participant": account.address,
            "seq": seqs[index % len(seqs)],
            "issuedAt": rng.choice([0, 1_700_000_000, 2**32, 2**64 - 1]),
        }
        full = typed_data(chain_id, escrow, message)
        signable = encode_typed_data(full_message=full)
        digest = _hash_eip191_message(signable)
        signed = Account.sign_message(signable, key)
        domain_separator = hash_domain(full["domain"])
        struct_hash = hash_struct("Heartbeat", full["types"], message)
        rows.append({
            "privateKey": key,
            "chainId": chain_id,
            "escrow": escrow,
            "sessionId": str(message["sessionId"]),
            "participant": account.address,
            "seq": str(message["seq"]),
            "issuedAt": str(message["issuedAt"]),
            "domainSeparator": hx(domain_separator),
            "structHash": hx(struct_hash),
            "signingHash": hx(digest),
            "signature": hx(signed.signature),
        })
    return rows


def webhook_rows(rng: random.Random) -> list[dict]:
    bodies = [
        b"",
        b'{"id":"wh_1","event":"peer:left","payload":{"id":"peer_1","roomId":"abc-defg-hij","leftAt":1700000000000}}',
        json.dumps({"id": "wh_2", "event": "meeting:ended", "payload": {"roomId": "r", "endedAt": 1}}).encode(),
        "{\"id\":\"ü\"}".encode(),
        rng.randbytes(300),
    ]
    secrets = [b"whsec_test", b"k", rng.randbytes(64), rng.randbytes(100)]
    rows = []
    for index, body in enumerate(bodies):
        secret = secrets[index % len(secrets)]
        rows.append({
            "secret": hx(secret),
            "body": hx(body),
            "signature": hmac.new(secret, body, hashlib.sha256).hexdigest(),
        })
    return rows


def generate() -> dict[str, object]:
    rng = random.Random(0x4EA27BEA7)
    return {
        "heartbeat.json": {
            "typeHash": hx(hash_type("Heartbeat", {"Heartbeat": HEARTBEAT_TYPES})),
            "pings": ping_rows(rng),
            "webhooks": webhook_rows(rng),
        }
    }
