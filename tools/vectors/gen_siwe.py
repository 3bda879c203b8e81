"""Sign-In with Ethereum (EIP-4361) vectors: message texts laid out by hand from the EIP's ABNF, their fields,
the unix time of every timestamp (Python's datetime), and the EIP-191 signature of each text by eth-account.

The Swift side checks that parsing each text gives the fields, that rendering the fields gives the text back,
that the timestamps mean the same instants, and that signatures made and recovered match eth-account's.
"""
import datetime
import random

from eth_account import Account
from eth_account.messages import _hash_eip191_message, encode_defunct

MNEMONIC_KEYS = [
    # The well-known development keys (test mnemonic, m/44'/60'/0'/0/i), public by design.
    "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
]

HEADER = " wants you to sign in with your Ethereum account:"


def render(f: dict) -> str:
    """The message text of EIP-4361 section "Message Format" (ABNF), written independently of the Swift code."""
    origin = (f["scheme"] + "://" if f.get("scheme") else "") + f["domain"]
    lines = [origin + HEADER, f["address"], ""]
    if f.get("statement") is not None:
        lines += [f["statement"], ""]
    else:
        lines += [""]
    lines += [
        "URI: " + f["uri"],
        "Version: 1",
        "Chain ID: " + str(f["chainId"]),
        "Nonce: " + f["nonce"],
        "Issued At: " + f["issuedAt"],
    ]
    if f.get("expirationTime"):
        lines.append("Expiration Time: " + f["expirationTime"])
    if f.get("notBefore"):
        lines.append("Not Before: " + f["notBefore"])
    if f.get("requestId") is not None:
        lines.append("Request ID: " + f["requestId"])
    if f.get("resources"):
        lines.append("Resources:")
        lines += ["- " + r for r in f["resources"]]
    return "\n".join(lines)


def unix_time(text: str) -> float:
    # datetime.fromisoformat (3.11) reads RFC 3339 with Z, offsets and fractions.
    return datetime.datetime.fromisoformat(text.replace("z", "Z").replace("t", "T")).timestamp()


def generate() -> dict:
    rng = random.Random(4361)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

    def nonce(n: int = 12) -> str:
        return "".join(rng.choice(alphabet) for _ in range(n))

    base = {
        "domain": "tutors.example",
        "uri": "https://tutors.example/login",
        "chainId": 31337,
        "issuedAt": "2026-11-24T20:26:00Z",
    }
    cases = [
        ("minimal, no statement", {}),
        ("statement", {"statement": "Sign in to Metered to find a tutor."}),
        ("every optional field", {
            "scheme": "https",
            "statement": "I accept the Terms of Service: https://tutors.example/tos",
            "expirationTime": "2026-11-24T20:36:00.000Z",
            "notBefore": "2026-11-24T20:25:00Z",
            "requestId": "req-7f3a:1@tutors",
            "resources": ["ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
                          "https://tutors.example/my-claim.json"],
        }),
        ("localhost with port and scheme", {"scheme": "http", "domain": "localhost:3000",
                                            "uri": "http://localhost:3000/"}),
        ("IPv4 authority with userinfo", {"domain": "alice@127.0.0.1:8602", "uri": "http://127.0.0.1:8602/v1"}),
        ("IPv6 authority", {"domain": "[::1]:8602", "uri": "http://[::1]:8602/"}),
        ("offset timestamps", {"issuedAt": "2026-11-24T21:26:00+01:00", "expirationTime": "2026-11-24T15:36:00-05:00"}),
        ("fractional seconds", {"issuedAt": "2026-11-24T20:26:00.123456Z"}),
        ("leap day", {"issuedAt": "2024-02-29T23:59:59Z"}),
        ("lowercase t and z", {"issuedAt": "2026-11-24t20:26:00z"}),
        ("mainnet chain", {"chainId": 1}),
        ("large chain id", {"chainId": 18446744073709551615}),
        ("urn uri", {"uri": "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66"}),
        ("empty request id", {"requestId": ""}),
        ("percent escapes", {"uri": "https://tutors.example/a%20b?x=1&y=%2F#frag",
                             "resources": ["https://tutors.example/r%C3%A9sum%C3%A9"]}),
        ("statement with every allowed punctuation",
         {"statement": "Gen-delims :/?#[]@ and sub-delims !$&'()*+,;= and unreserved -._~ all fine"}),
        ("long nonce", {"nonce": "a" * 64}),
        ("one resource", {"resources": ["https://tutors.example/"]}),
    ]
    rows = []
    for i, (name, overrides) in enumerate(cases):
        key = MNEMONIC_KEYS[i % len(MNEMONIC_KEYS)]
        account = Account.from_key(key)
        fields = dict(base)
        fields["address"] = account.address  # EIP-55 checksummed
        fields["nonce"] = nonce()
        fields.update(overrides)
        text = render(fields)
        signed = Account.sign_message(encode_defunct(text=text), private_key=key)
        times = {"issuedAt": unix_time(fields["issuedAt"])}
        for k in ("expirationTime", "notBefore"):
            if fields.get(k):
                times[k] = unix_time(fields[k])
        rows.append({
            "name": name,
            "message": text,
            "fields": {
                "scheme": fields.get("scheme"),
                "domain": fields["domain"],
                "address": fields["address"],
                "statement": fields.get("statement"),
                "uri": fields["uri"],
                "chainId": str(fields["chainId"]),
                "nonce": fields["nonce"],
                "issuedAt": fields["issuedAt"],
                "expirationTime": fields.get("expirationTime"),
                "notBefore": fields.get("notBefore"),
                "requestId": fields.get("requestId"),
                "resources": fields.get("resources", []),
            },
            "unixTimes": times,
            "privateKey": key,
            "messageHash": "0x" + bytes(
                _hash_eip191_message(encode_defunct(text=text))).hex(),
            "signature": "0x" + bytes(signed.signature).hex(),
        })
    return {"siwe.json": {"messages": rows}}
