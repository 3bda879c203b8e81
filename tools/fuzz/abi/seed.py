"""Seeds the ABI fuzzer's corpus: encodings of each type list the harness decodes (made by eth-abi with the vector
generator's seeded values), the crafted bad encodings of vectors/abi.json, and text for the parsers.

    seed.py <corpus-dir>

An encoding input is one byte choosing the harness's type list, then the encoding; a text input is 0xf0, then
UTF-8. Files are named by the SHA-1 of their content, so seeding twice adds nothing.
"""
import hashlib
import json
import pathlib
import random
import sys

ROOT = pathlib.Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tools" / "vectors"))

import gen_abi  # noqa: E402  (the vector generator's types and seeded values)
from eth_abi import encode  # noqa: E402

# The harness's typeLists, in the same order.
TYPE_LISTS = [
    "uint256,address,bytes,string,uint256[]",
    "address,uint256",
    "bool,uint8,int8,bytes4",
    "string[]",
    "uint256[][]",
    "(uint256,string,bytes)[]",
    "(bytes,(string,uint8[])[])[2]",
    "int24[3],uint96,fixed128x18",
    "bytes32[],address[2]",
    "string,string,string",
    "(address,bool,bytes)[]",
    "function,bytes31,int256",
    "((uint8,string)[],(bool,bytes[])[2])",
    "uint8[][2][]",
]

TEXTS = [
    "uint256", "(uint8,bytes)[2][]", "tuple(address to, uint amount)[]", "fixed128x18", "bytes32[][3]",
    "function transfer(address to, uint256 amount) external returns (bool)",
    "event Transfer(address indexed from, address indexed to, uint256 value)",
    "event Tagged(bytes32 indexed tag) anonymous", "error InsufficientBalance(uint256 available, uint256 required)",
    "constructor(address token) payable", "receive() external payable", "balanceOf(address)(uint256)",
    '[{"type":"function","name":"f","inputs":[{"name":"s","type":"tuple[]","components":[{"name":"a",'
    '"type":"uint8"}]}],"outputs":[],"stateMutability":"view"}]',
    "[1,2,3]", '["a,b", "\\u00e9\\ud83d\\ude00", ""]', "(7, [0x, 0x01])", "-128", "0xff", "12345678901234567890",
]


def parse_types(text):
    """The generator's type tuples for a comma-separated list (top-level commas only)."""
    import eth_abi.grammar as grammar
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [gen_abi.to_tuple_type(grammar.parse(p)) for p in parts]


def inputs():
    rng = random.Random(gen_abi.SEED)
    for index, text in enumerate(TYPE_LISTS):
        types = parse_types(text)
        names = [gen_abi.name(t) for t in types]
        for _ in range(12):
            values = [gen_abi.random_value(rng, t) for t in types]
            yield bytes([index]) + encode(names, values)
    vectors = json.loads((ROOT / "vectors" / "abi.json").read_text())
    for row in vectors["decodeFailures"]:
        types = ",".join(row["types"])
        if types in TYPE_LISTS:
            yield bytes([TYPE_LISTS.index(types)]) + bytes.fromhex(row["data"][2:])
    for text in TEXTS:
        yield b"\xf0" + text.encode()


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
    return 0


if __name__ == "__main__":
    sys.exit(main())
