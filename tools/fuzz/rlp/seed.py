"""Seeds the RLP fuzzer's corpus with every encoding in vectors/rlp.json and Ethereum's RLPTests (when present).

    seed.py <corpus-dir>

Files are named by the SHA-1 of their content, so seeding twice adds nothing.
"""
import hashlib
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[3]


def encodings():
    vectors = json.loads((ROOT / "vectors" / "rlp.json").read_text())
    for table in ("valid", "integers", "invalid"):
        for row in vectors[table]:
            yield row["encoded"]
    tests = ROOT.parent / "shared" / "vectors" / "ethereum-tests" / "RLPTests"
    for path in sorted(tests.rglob("*.json")) if tests.is_dir() else []:
        for case in json.loads(path.read_text()).values():
            yield case["out"]


def main() -> int:
    corpus = pathlib.Path(sys.argv[1])
    corpus.mkdir(parents=True, exist_ok=True)
    added = 0
    for text in encodings():
        data = bytes.fromhex(text[2:] if text.lower().startswith("0x") else text)
        if len(data) > 4096:
            continue  # past the fuzzer's default -max_len; the boundary sizes are covered by the Swift tests
        path = corpus / hashlib.sha1(data).hexdigest()
        if not path.exists():
            path.write_bytes(data)
            added += 1
    print(f"fuzz: seeded {added} new inputs into {corpus}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
