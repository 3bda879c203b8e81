"""A small, exact driver for the contracts on a real EVM (py-evm, hosted by titanoboa).

Used by the pytest suite (contracts/tests/) and by the behaviour-vector runner (vectors.py), so both exercise the
same bytecode in the same way:

- `Chain()` lays down the local genesis of CONTRACTS.md: the ten development accounts with 10,000 ether, the four
  contracts deployed by account 0 at the CREATE addresses of its nonces 0..3, account 1 a relayer.
- Every transaction runs as one message from an externally owned account with gas price 0, so native balances
  change only by the value moved; transient storage is cleared after each one, as at the end of a real
  transaction. Calls (`call`) run static and change nothing.
- Results carry the exact bytes: status, return or revert data, raw logs (address, topics, data), and the logs
  decoded against the ABIs of the contracts this chain knows.
- `contract.fn(args..., sender=..., value=...)` encodes from the ABI: view functions are called and return
  their decoded result; others are sent and return a `Result`, raising `Reverted` when they fail (pass
  `check=False` to get the failed `Result` instead).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

import boa
from eth_abi import decode as abi_decode
from eth_abi import encode as abi_encode
from eth_utils import function_signature_to_4byte_selector, keccak, to_checksum_address

from common import (
    CHAIN_ID,
    GENESIS_BALANCE,
    NATIVE,
    Deployment,
    artifact,
    create_address,
    dev_accounts,
    genesis_deployments,
    genesis_relayers,
)

# The block timestamp at which the genesis is laid down (2025-01-01T00:00:00Z).
GENESIS_TIMESTAMP = 1_735_689_600
# Gas for each transaction: a common block gas limit; the gas price is 0, so it costs nothing.
TX_GAS = 30_000_000
ERROR_SELECTOR = bytes.fromhex("08c379a0")  # Error(string)
ZERO = NATIVE


def error_data(reason: str) -> bytes:
    """The revert data of `raise "reason"` / `assert x, "reason"`: ABI-encoded Error(string)."""
    return ERROR_SELECTOR + abi_encode(["string"], [reason])


def decode_reason(data: bytes) -> str | None:
    if data[:4] == ERROR_SELECTOR:
        try:
            return abi_decode(["string"], data[4:])[0]
        except Exception:
            return None
    return None


def abi_type(param: dict) -> str:
    """The canonical ABI type string of a JSON-ABI parameter (tuples spelled out)."""
    t = param["type"]
    if t.startswith("tuple"):
        return "(" + ",".join(abi_type(c) for c in param["components"]) + ")" + t[len("tuple"):]
    return t


def signature(item: dict) -> str:
    return f"{item['name']}(" + ",".join(abi_type(i) for i in item["inputs"]) + ")"


class Record(dict):
    """A decoded struct: a dict that also reads as attributes (`session.status`)."""

    __getattr__ = dict.__getitem__


def to_python(param: dict, value):
    t = param["type"]
    if t == "address":
        return to_checksum_address(value)
    if t == "tuple":
        return Record({c["name"]: to_python(c, v) for c, v in zip(param["components"], value)})
    return value


@dataclass
class Log:
    address: str
    topics: list[bytes]
    data: bytes
    event: str | None = None  # decoded event name when the emitter's ABI is known
    args: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        if self.event:
            return f"{self.event}{self.args}@{self.address}"
        return f"Log({self.address}, {[t.hex() for t in self.topics]}, {self.data.hex()})"


@dataclass
class Result:
    success: bool
    output: bytes  # return data on success, revert data on failure
    logs: list[Log]
    value: Any = None  # decoded return value on success, when the ABI is known

    @property
    def reason(self) -> str | None:
        return None if self.success else decode_reason(self.output)

    def events(self, name: str | None = None) -> list[Log]:
        return [log for log in self.logs if name is None or log.event == name]


class Reverted(Exception):
    def __init__(self, result: Result):
        self.result = result
        self.data = result.output
        self.reason = result.reason
        super().__init__(self.reason if self.reason is not None else "0x" + self.data.hex())


class Method:
    def __init__(self, contract: "Contract", items: list[dict]):
        self.contract = contract
        self.items = items

    def _item(self, args: tuple) -> dict:
        matches = [i for i in self.items if len(i["inputs"]) == len(args)]
        if len(matches) != 1:
            raise TypeError(f"{self.items[0]['name']}: no unique overload for {len(args)} arguments")
        return matches[0]

    def calldata(self, *args) -> bytes:
        item = self._item(args)
        types = [abi_type(i) for i in item["inputs"]]
        return function_signature_to_4byte_selector(signature(item)) + abi_encode(types, list(args))

    def decode_output(self, item: dict, output: bytes):
        outs = item.get("outputs", [])
        if not outs:
            return None
        values = abi_decode([abi_type(o) for o in outs], output)
        values = [to_python(o, v) for o, v in zip(outs, values)]
        return values[0] if len(values) == 1 else tuple(values)

    def __call__(self, *args, sender: str | None = None, value: int = 0, gas: int | None = None,
                 check: bool = True):
        item = self._item(args)
        data = self.calldata(*args)
        chain = self.contract.chain
        if item.get("stateMutability") in ("view", "pure"):
            res = chain.call(self.contract.address, data, sender=sender or ZERO)
            if not res.success:
                raise Reverted(res)
            return self.decode_output(item, res.output)
        res = chain.tx(sender or chain.accounts[0], self.contract.address, data, value=value, gas=gas)
        if res.success:
            res.value = self.decode_output(item, res.output)
        elif check:
            raise Reverted(res)
        return res

    def call(self, *args, sender: str | None = None, value: int = 0):
        """Runs a state-changing function as eth_call would: its result, no state change."""
        item = self._item(args)
        chain = self.contract.chain
        res = chain.call(self.contract.address, self.calldata(*args), sender=sender or ZERO, value=value)
        if not res.success:
            raise Reverted(res)
        return self.decode_output(item, res.output)


class Contract:
    def __init__(self, chain: "Chain", name: str, address: str, abi: list):
        self.chain = chain
        self.contract_name = name  # (not `name`: ERC-20 and ERC-721 have a `name()` function)
        self.address = to_checksum_address(address)
        self.abi = abi
        self._methods: dict[str, list[dict]] = {}
        self.events: dict[bytes, dict] = {}  # topic0 -> event ABI item
        for item in abi:
            if item.get("type") == "function":
                self._methods.setdefault(item["name"], []).append(item)
            elif item.get("type") == "event":
                self.events[keccak(text=signature(item))] = item

    def __getattr__(self, name: str) -> Method:
        methods = self.__dict__.get("_methods", {})
        if name not in methods:
            raise AttributeError(name)
        return Method(self, methods[name])

    def __repr__(self) -> str:
        return f"<{self.contract_name} {self.address}>"


class Chain:
    """The local genesis on py-evm; see the module docstring."""

    def __init__(self, timestamp: int = GENESIS_TIMESTAMP, fast: bool = True):
        self.env = boa.Env()
        if fast:
            self.env.enable_fast_mode()
        self.env.evm.patch.chain_id = CHAIN_ID
        self.env.evm.patch.timestamp = timestamp
        self.env.evm.patch.block_number = 1
        self.accounts = [a.address for a in dev_accounts()]
        for a in self.accounts:
            self.env.set_balance(a, GENESIS_BALANCE)
        self.contracts: dict[str, Contract] = {}  # by address
        self._nonces: dict[str, int] = {}
        for d in genesis_deployments():
            c = self.deploy_genesis(d)
            setattr(self, {"TestToken": "token", "SessionEscrow": "escrow", "SessionCredential": "credential",
                           "SessionRatings": "ratings"}[d.name], c)
        for relayer in genesis_relayers():
            self.escrow.setRelayer(relayer, True, sender=self.accounts[0])
            self._nonces[self.accounts[0]] += 1

    # --- deployment ------------------------------------------------------------------------------------------

    def _register(self, name: str, address: str, abi: list) -> Contract:
        c = Contract(self, name, address, abi)
        self.contracts[c.address] = c
        return c

    def deploy_raw(self, sender: str, initcode: bytes, nonce: int | None = None, value: int = 0) -> tuple[str, Any]:
        """Runs `initcode` from `sender` at the CREATE address of its next (or the given) nonce."""
        if nonce is None:
            nonce = self._nonces.get(sender, 0)
        address = create_address(sender, nonce)
        self._nonces[sender] = max(self._nonces.get(sender, 0), nonce + 1)
        _, computation = self.env.deploy(sender=sender, bytecode=initcode, override_address=address,
                                         gas=TX_GAS, value=value)
        self.env.evm.vm.state.clear_transient_storage()
        if computation.is_error:
            raise RuntimeError(f"deployment from {sender} failed: {computation.error!r}")
        return address, computation

    def deploy_genesis(self, d: Deployment) -> Contract:
        address, _ = self.deploy_raw(d.deployer, d.initcode(), nonce=d.nonce)
        assert address == d.address
        return self._register(d.name, address, artifact(d.name).abi)

    def deploy(self, name: str, *args, sender: str | None = None) -> Contract:
        """Deploys a shipped contract or a test mock by name with ABI-encoded constructor `args`."""
        art = artifact(name)
        ctor = next((i for i in art.abi if i.get("type") == "constructor"), {"inputs": []})
        encoded = abi_encode([abi_type(i) for i in ctor["inputs"]], list(args)) if ctor["inputs"] else b""
        address, _ = self.deploy_raw(sender or self.accounts[0], art.bytecode + encoded)
        return self._register(name, address, art.abi)

    def at(self, name: str, address: str) -> Contract:
        return self._register(name, address, artifact(name).abi)

    # --- execution -------------------------------------------------------------------------------------------

    def _result(self, computation) -> Result:
        if computation.is_error:
            err = computation.error
            data = getattr(err, "args", [b""])[0] if err.args else b""
            data = data if isinstance(data, bytes) else b""
            return Result(False, data, [])
        return Result(True, bytes(computation.output), self._logs(computation))

    def _logs(self, computation) -> list[Log]:
        logs = []
        for address, topics, data in computation.get_log_entries():
            log = Log(to_checksum_address(address), [t.to_bytes(32, "big") for t in topics], bytes(data))
            emitter = self.contracts.get(log.address)
            item = emitter.events.get(log.topics[0]) if emitter is not None and log.topics else None
            if item is not None:
                log.event, log.args = self._decode_event(item, log)
            logs.append(log)
        return logs

    @staticmethod
    def _decode_event(item: dict, log: Log) -> tuple[str, dict]:
        indexed = [i for i in item["inputs"] if i["indexed"]]
        plain = [i for i in item["inputs"] if not i["indexed"]]
        if len(log.topics) != 1 + len(indexed):
            return None, {}
        args = {}
        for i, topic in zip(indexed, log.topics[1:]):
            args[i["name"]] = to_python(i, abi_decode([abi_type(i)], topic)[0])
        for i, v in zip(plain, abi_decode([abi_type(i) for i in plain], log.data)):
            args[i["name"]] = to_python(i, v)
        return item["name"], {i["name"]: args[i["name"]] for i in item["inputs"]}

    def tx(self, sender: str, to: str, data: bytes, value: int = 0, gas: int | None = None) -> Result:
        """One transaction: `sender` calls `to` with `data` and `value`; state persists unless it reverts."""
        computation = self.env.execute_code(to_address=to, sender=sender, gas=gas or TX_GAS, value=value,
                                            data=data, is_modifying=True)
        self.env.evm.vm.state.clear_transient_storage()
        return self._result(computation)

    def call(self, to: str, data: bytes, sender: str = ZERO, value: int = 0) -> Result:
        """An eth_call: runs against the current state and timestamp, changes nothing."""
        with self.env.anchor():
            computation = self.env.execute_code(to_address=to, sender=sender, gas=TX_GAS, value=value,
                                                data=data, is_modifying=True)
            result = self._result(computation)
        return result

    # --- state -----------------------------------------------------------------------------------------------

    @property
    def timestamp(self) -> int:
        return self.env.evm.patch.timestamp

    def warp(self, timestamp: int) -> None:
        """The next transactions run in a block at `timestamp` (never earlier than now)."""
        if timestamp < self.timestamp:
            raise ValueError(f"time runs forward: {timestamp} < {self.timestamp}")
        self.env.evm.patch.timestamp = timestamp
        self.env.evm.patch.block_number += 1

    def sleep(self, seconds: int) -> None:
        self.warp(self.timestamp + seconds)

    def balance(self, account: str) -> int:
        return self.env.get_balance(account)

    def set_balance(self, account: str, amount: int) -> None:
        self.env.set_balance(account, amount)

    def code(self, account: str) -> bytes:
        return self.env.get_code(account)

    @contextlib.contextmanager
    def anchor(self):
        """Everything done inside is undone on exit (state, time, nonces of this driver)."""
        nonces = dict(self._nonces)
        contracts = dict(self.contracts)
        with self.env.anchor():
            try:
                yield self
            finally:
                self._nonces = nonces
                self.contracts = contracts
