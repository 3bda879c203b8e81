"""Seeds the contract bindings' fuzzer corpus from the contracts' behaviour vectors (vectors/contracts/*.json):
every step's calldata, logs, return data and revert data, framed as the harness reads them (contract byte, mode
byte, payload).

    seed.py <corpus-dir>

Files are named by the SHA-1 of their content, so seeding twice adds nothing.
"""
import hashlib
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[3]
# The harness's contract byte, by the local deployment's addresses.
DEPLOYMENTS = json.loads((ROOT / "contracts-abi" / "deployments.json").read_text())
ORDER = ["TestToken", "SessionEscrow", "SessionCredential", "SessionRatings"]


CONTRACTS = DEPLOYMENTS["31337"]["contracts"]
INDEX = {CONTRACTS[name]["address"].lower(): index for index, name in enumerate(ORDER)}


def contract_index(address):
    return INDEX.get(address.lower())


def raw(text):
    return bytes.fromhex(text[2:] if text.lower().startswith("0x") else text)


def inputs():
    for path in sorted((ROOT / "vectors" / "contracts").glob("*.json")):
        for step in json.loads(path.read_text()).get("steps", []):
            index = contract_index(step.get("to") or "")
            if index is None:
                continue
            data = raw(step.get("data", "0x"))
            yield bytes([index, 0]) + data
            expect = step.get("expect", {})
            returned = raw(expect.get("returnData", "0x"))
            if expect.get("status") == 1 and len(data) >= 4:
                yield bytes([index, 2]) + data[:4] + returned
            elif returned:
                yield bytes([index, 3]) + returned
            for log in expect.get("logs", []):
                emitter = contract_index(log.get("address", ""))
                if emitter is None:
                    continue
                topics = [raw(t) for t in log["topics"]]
                yield bytes([emitter, 1, len(topics)]) + b"".join(topics) + raw(log["data"])


def main() -> int:
    corpus = pathlib.Path(sys.argv[1])
    corpus.mkdir(parents=True, exist_ok=True)
    added = 0
    for data in inputs():
        if len(data) > 4096:
            continue  # past the fuzzer's default -max_len
        path = corpus / hashlib.sha1(data).hexdigest()
        if not path.exists():
            path.write_bytes(data)
            added += 1
    print(f"fuzz: seeded {added} new inputs into {corpus}", file=sys.stderr)
    return 0 if added or any(corpus.iterdir()) else 1


if __name__ == "__main__":
    sys.exit(main())
