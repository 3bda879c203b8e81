"""Compiles the Wallet test helper (contracts/tests/mocks/Wallet.vy) into contracts-abi/mocks/, the input of its
generated Swift bindings (Sources/ChainSim/Models/Generated/Wallet.swift), deterministically.

    contracts-abi/mocks/Wallet.json         the JSON ABI as the compiler emits it, pretty-printed as build.py does
    contracts-abi/mocks/Wallet.bin          deployment bytecode (no constructor arguments), 0x-prefixed lowercase hex
    contracts-abi/mocks/Wallet.bin-runtime  runtime bytecode, 0x-prefixed lowercase hex

Usage (from the package root, after tools/setup.sh):
    .venv/bin/python tools/models/wallet_artifacts.py           # (re)write contracts-abi/mocks/
    .venv/bin/python tools/models/wallet_artifacts.py --check   # exit 1 if a committed file differs
then regenerate the bindings:
    swift run metered-bindgen --input contracts-abi/mocks --output Sources/ChainSim/Models/Generated
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools" / "contracts"))

from build import hexstr, render  # noqa: E402
from common import artifact  # noqa: E402

OUT = ROOT / "contracts-abi" / "mocks"


def outputs() -> dict[str, str]:
    wallet = artifact("Wallet")
    return {
        "Wallet.json": render(wallet.abi),
        "Wallet.bin": hexstr(wallet.bytecode) + "\n",
        "Wallet.bin-runtime": hexstr(wallet.runtime) + "\n",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with the committed files instead of writing")
    args = parser.parse_args()
    files = outputs()
    if args.check:
        stale = [name for name, text in files.items()
                 if not (OUT / name).exists() or (OUT / name).read_text() != text]
        if stale:
            print("contracts-abi/mocks out of date (run tools/models/wallet_artifacts.py): " + ", ".join(stale),
                  file=sys.stderr)
            return 1
        print(f"contracts-abi/mocks current: {len(files)} files", file=sys.stderr)
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (OUT / name).write_text(text)
    print(f"wrote {len(files)} files to contracts-abi/mocks/", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
