#!/usr/bin/env python3
"""Writes the reference vectors under vectors/ from independent implementations (pinned in tools/requirements.txt).

Each module tools/vectors/gen_<area>.py defines `generate() -> dict[str, object]`, mapping a path relative to
vectors/ (for example "keccak.json") to the JSON value to write there. Every generator is deterministic (seeded
randomness only), so running this twice gives the same bytes.

    .venv/bin/python tools/vectors/generate.py            # (re)write every vector file
    .venv/bin/python tools/vectors/generate.py --check    # fail if a committed file differs from a fresh run
    .venv/bin/python tools/vectors/generate.py rlp abi    # only gen_rlp.py and gen_abi.py
"""
import argparse
import importlib.util
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
VECTORS = ROOT / "vectors"


def render(value) -> str:
    """The canonical text of a vector file: one-space indent, keys in the generator's order, final newline."""
    return json.dumps(value, indent=1, ensure_ascii=False) + "\n"


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(HERE))
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with the committed files instead of writing")
    parser.add_argument("areas", nargs="*", help="areas to run (gen_<area>.py); all when none is given")
    args = parser.parse_args()

    names = sorted(p.stem for p in HERE.glob("gen_*.py"))
    if args.areas:
        names = [f"gen_{a}" for a in args.areas]
    stale = []
    for name in names:
        files = load(name).generate()
        for rel, value in files.items():
            path = VECTORS / rel
            text = render(value)
            if args.check:
                if not path.exists() or path.read_text() != text:
                    stale.append(rel)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text)
                print(f"wrote vectors/{rel}", file=sys.stderr)
    if stale:
        print("vectors out of date (run tools/vectors/generate.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    if args.check:
        print(f"vectors current: {len(names)} generators", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
