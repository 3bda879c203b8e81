"""What the contract tools share: paths, the compiler, and the local chain's genesis.

- `compile_contract(path)` compiles one Vyper source with the pinned compiler; the settings (compiler version,
  EVM version, optimisation) come from the `# pragma` lines at the top of each source, so every tool (build.py,
  the tests, vectors.py) produces the same bytecode.
- The genesis: chain 31337, the ten development accounts of the well-known test mnemonic (10,000 ether each),
  account 0 deploying TestToken, SessionEscrow, SessionCredential, SessionRatings at its nonces 0..3 and making
  account 1 a relayer with its nonce 4 (CONTRACTS.md, "The local chain's genesis").
"""

from __future__ import annotations

import functools
import hashlib
import pathlib
from dataclasses import dataclass

import rlp
import vyper
from eth_abi import encode as abi_encode
from eth_utils import keccak, to_checksum_address

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
CONTRACTS_DIR = ROOT / "contracts"
MOCKS_DIR = CONTRACTS_DIR / "tests" / "mocks"
TOOLS_DIR = ROOT / "tools" / "contracts"
ABI_DIR = ROOT / "contracts-abi"
VECTORS_DIR = ROOT / "vectors" / "contracts"

# The contracts that ship, in deployment order.
CONTRACT_NAMES = ("TestToken", "SessionEscrow", "SessionCredential", "SessionRatings")

CHAIN_ID = 31337
MNEMONIC = "test test test test test test test test test test test junk"
ACCOUNT_COUNT = 10
ETHER = 10**18
GENESIS_BALANCE = 10_000 * ETHER
NATIVE = "0x0000000000000000000000000000000000000000"

# SessionCredential's constructor arguments at genesis (docs/contracts.md, "Genesis").
CREDENTIAL_NAME = "Metered Session Credential"
CREDENTIAL_SYMBOL = "MSC"
CREDENTIAL_MIN_SECONDS = 60
CREDENTIAL_BASE_URI = ""


@dataclass(frozen=True)
class Artifact:
    """One compiled contract: its JSON ABI (a list, as the compiler emits it) and its bytecodes."""

    name: str
    abi: list
    bytecode: bytes  # deployment (init) code, without constructor arguments
    runtime: bytes  # code stored at the contract's address
    source_sha256: str


@functools.lru_cache(maxsize=None)
def compile_contract(path: pathlib.Path) -> Artifact:
    """Compiles one Vyper source (cached per process). Settings come from the source's pragmas."""
    source = path.read_text()
    out = vyper.compile_code(
        source,
        contract_path=str(path.relative_to(ROOT)),
        output_formats=["abi", "bytecode", "bytecode_runtime"],
    )
    return Artifact(
        name=path.stem,
        abi=out["abi"],
        bytecode=bytes.fromhex(out["bytecode"].removeprefix("0x")),
        runtime=bytes.fromhex(out["bytecode_runtime"].removeprefix("0x")),
        source_sha256=hashlib.sha256(source.encode()).hexdigest(),
    )


def artifact(name: str) -> Artifact:
    """A shipped contract (contracts/<name>.vy) or a test mock (contracts/tests/mocks/<name>.vy), compiled."""
    path = CONTRACTS_DIR / f"{name}.vy"
    if not path.exists():
        path = MOCKS_DIR / f"{name}.vy"
    return compile_contract(path)


def create_address(sender: str, nonce: int) -> str:
    """The address of the contract that `sender` creates with its transaction of nonce `nonce` (CREATE)."""
    raw = keccak(rlp.encode([bytes.fromhex(sender[2:]), nonce]))[12:]
    return to_checksum_address(raw)


@dataclass(frozen=True)
class DevAccount:
    index: int
    address: str  # EIP-55
    private_key: str  # 0x-prefixed hex; public knowledge: the test mnemonic's keys


@functools.lru_cache(maxsize=None)
def dev_accounts() -> tuple[DevAccount, ...]:
    """The ten development accounts of the test mnemonic, path m/44'/60'/0'/0/i."""
    from eth_account import Account

    Account.enable_unaudited_hdwallet_features()
    accounts = []
    for i in range(ACCOUNT_COUNT):
        acct = Account.from_mnemonic(MNEMONIC, account_path=f"m/44'/60'/0'/0/{i}")
        accounts.append(DevAccount(i, acct.address, "0x" + acct.key.hex().removeprefix("0x")))
    return tuple(accounts)


@dataclass(frozen=True)
class Deployment:
    name: str
    address: str
    deployer: str
    nonce: int
    args: tuple  # constructor arguments (Python values)
    arg_types: tuple  # their ABI types

    @property
    def encoded_args(self) -> bytes:
        return abi_encode(list(self.arg_types), list(self.args)) if self.arg_types else b""

    def initcode(self) -> bytes:
        return artifact(self.name).bytecode + self.encoded_args


@functools.lru_cache(maxsize=None)
def genesis_deployments() -> tuple[Deployment, ...]:
    """The four contracts as account 0 deploys them at nonces 0..3."""
    deployer = dev_accounts()[0].address
    addr = {name: create_address(deployer, n) for n, name in enumerate(CONTRACT_NAMES)}
    specs = {
        "TestToken": ((), ()),
        "SessionEscrow": ((), ()),
        "SessionCredential": (
            (addr["SessionEscrow"], CREDENTIAL_MIN_SECONDS, CREDENTIAL_NAME, CREDENTIAL_SYMBOL, CREDENTIAL_BASE_URI),
            ("address", "uint256", "string", "string", "string"),
        ),
        "SessionRatings": ((addr["SessionEscrow"],), ("address",)),
    }
    return tuple(
        Deployment(name, addr[name], deployer, n, specs[name][0], specs[name][1])
        for n, name in enumerate(CONTRACT_NAMES)
    )


def genesis_relayers() -> tuple[str, ...]:
    """Relayers enabled at genesis: account 1, by account 0's transaction of nonce 4."""
    return (dev_accounts()[1].address,)


# Account 0's next nonce once the genesis is laid down (4 deployments + setRelayer).
GENESIS_DEPLOYER_NEXT_NONCE = len(CONTRACT_NAMES) + 1
