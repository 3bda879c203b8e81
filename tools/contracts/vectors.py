#!/usr/bin/env python3
"""Writes the contract-behaviour vectors under vectors/contracts/ by running scenarios on the compiled contracts
in a real EVM (py-evm, through titanoboa), deterministically.

Each scenario starts from the local genesis (CONTRACTS.md; tools/contracts/common.py), runs its steps — each
transaction in its own block at its timestamp, each view as an eth_call — and records, per step, the exact
outcome: status, return or revert data, logs, and the native and TestToken balances of the escrow and the
scenario's participants. vectors/contracts/README.md describes the format for replayers.

    .venv/bin/python tools/contracts/vectors.py            # (re)write vectors/contracts/*.json
    .venv/bin/python tools/contracts/vectors.py --check    # fail if a committed file differs from a fresh run
    .venv/bin/python tools/contracts/vectors.py --list     # the scenarios and their step counts
"""

from __future__ import annotations

import argparse
import json
import random
import sys


from common import (
    CHAIN_ID,
    GENESIS_BALANCE,
    ROOT,
    VECTORS_DIR,
    artifact,
    dev_accounts,
    genesis_deployments,
    genesis_relayers,
)
from evm import GENESIS_TIMESTAMP, TX_GAS, ZERO, Chain, Method, abi_type, error_data

ROLES = ["deployer", "relayer", "student", "tutor", "outsider", "student2", "tutor2", "relayer2", "account8",
         "account9"]
FORMAT_VERSION = 1
T0 = GENESIS_TIMESTAMP


def hexs(data: bytes) -> str:
    return "0x" + data.hex()


def json_arg(value):
    """An argument as informative JSON: integers as decimal strings, bytes as hex, the rest as is."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (bytes, bytearray)):
        return hexs(bytes(value))
    if isinstance(value, (list, tuple)):
        return [json_arg(v) for v in value]
    return value


ANY = object()  # `reverts=ANY`: whatever happens is recorded (the random walks)


class Scenario:
    """Records one scenario. `tx` and `call` run a step and append what happened; `expect` guards (a revert
    reason, or success) make sure the scenario does what its author meant."""

    def __init__(self, name: str, description: str, watch: tuple = ("student", "tutor")):
        self.name = name
        self.description = description
        self.chain = Chain()
        c = self.chain
        self.acct = dict(zip(ROLES, c.accounts))
        self.esc, self.tok, self.cred, self.rat = c.escrow, c.token, c.credential, c.ratings
        self.aux: list[dict] = []
        self.watch = [self.esc.address] + [self.acct[w] for w in watch]
        self.assets = [ZERO, self.tok.address]
        self.t = T0  # the time of the next step
        self.last_tx = T0  # the timestamp of the last block (genesis included)
        self.steps: list[dict] = []

    # --- genesis additions -----------------------------------------------------------------------------------

    def deploy_aux(self, name: str, *args, deployer: str = "deployer", watch: bool = True):
        """Deploys a helper contract (contracts/tests/mocks/<name>.vy) as part of this scenario's genesis."""
        assert not self.steps, "auxiliary contracts belong to the genesis, before any step"
        sender = self.acct[deployer]
        nonce = self.chain._nonces.get(sender, 0)
        contract = self.chain.deploy(name, *args, sender=sender)
        art = artifact(name)
        ctor = next((i for i in art.abi if i.get("type") == "constructor"), {"inputs": []})
        from eth_abi import encode as abi_encode

        encoded = abi_encode([abi_type(i) for i in ctor["inputs"]], list(args)) if args else b""
        self.aux.append({
            "name": name,
            "auxiliary": True,
            "source": f"contracts/tests/mocks/{name}.vy",
            "address": contract.address,
            "deployer": sender,
            "nonce": nonce,
            "constructorArgs": [{"name": i["name"], "type": i["type"], "value": json_arg(v)}
                                for i, v in zip(ctor["inputs"], args)],
            "constructorArgsEncoded": hexs(encoded),
            "initcode": hexs(art.bytecode + encoded),
            "runtimeCode": hexs(self.chain.code(contract.address)),
        })
        if watch:
            self.watch.append(contract.address)
        return contract

    # --- time ------------------------------------------------------------------------------------------------

    def wait(self, seconds: int) -> None:
        self.t += seconds

    def next_time(self) -> int:
        """The block timestamp the next transaction will have."""
        return max(self.t, self.last_tx + 1)

    def at(self, timestamp: int) -> None:
        assert timestamp >= self.t, "time runs forward"
        self.t = timestamp

    # --- steps -----------------------------------------------------------------------------------------------

    def addr(self, who) -> str:
        if hasattr(who, "address"):
            return who.address
        return self.acct.get(who, who)

    def _expect(self, res, reverts, note):
        if reverts is ANY:
            return
        if reverts is None:
            assert res.success, f"{self.name}: {note}: unexpected revert {res.reason!r} 0x{res.output.hex()}"
        elif reverts == "":
            assert not res.success and res.output == b"", f"{self.name}: {note}: expected a bare revert"
        else:
            assert not res.success and res.output == error_data(reverts), \
                f"{self.name}: {note}: expected {reverts!r}, got {'success' if res.success else res.reason!r}"

    def _record(self, call: bool, sender: str, to: str, value: int, data: bytes, res, note: str, function: str,
                args: tuple) -> None:
        expect: dict = {"status": 1 if res.success else 0}
        if res.success:
            expect["returnData"] = hexs(res.output)
        else:
            expect["revertData"] = hexs(res.output)
            expect["revertReason"] = res.reason
        expect["logs"] = [
            {"address": log.address, "topics": [hexs(t) for t in log.topics], "data": hexs(log.data),
             "event": log.event}
            for log in res.logs
        ]
        expect["balances"] = {
            acct: {asset: str(self.chain.balance(acct) if asset == ZERO else self.tok.balanceOf(acct))
                   for asset in self.assets}
            for acct in self.watch
        }
        self.steps.append({
            "timestamp": self.chain.timestamp,
            "from": sender,
            "to": to,
            "value": str(value),
            "data": hexs(data),
            "call": call,
            "note": note,
            "function": function,
            "args": json_arg(list(args)),
            "expect": expect,
        })

    @staticmethod
    def _function(method: Method, args: tuple) -> str:
        item = method._item(args)
        return f"{item['name']}(" + ",".join(abi_type(i) for i in item["inputs"]) + ")"

    def tx(self, sender, method: Method, *args, value: int = 0, note: str = "", reverts: str | None = None):
        """A transaction from `sender` (a role name or address) in its own block."""
        if self.t <= self.last_tx:
            self.t = self.last_tx + 1
        self.chain.warp(self.t)
        self.last_tx = self.t
        frm = self.addr(sender)
        data = method.calldata(*args)
        res = self.chain.tx(frm, method.contract.address, data, value=value, gas=TX_GAS)
        if res.success:
            res.value = method.decode_output(method._item(args), res.output)
        self._expect(res, reverts, note)
        self._record(False, frm, method.contract.address, value, data, res, note, self._function(method, args), args)
        return res

    def via(self, owner, wallet, method: Method, *args, value: int = 0, note: str = "",
            reverts: str | None = None):
        """A transaction in which `owner` makes its Wallet call `method` (the wallet is msg.sender)."""
        inner = method.calldata(*args)
        return self.tx(owner, wallet.execute, method.contract.address, inner, value, value=value, note=note,
                       reverts=reverts)

    def call(self, method: Method, *args, sender=ZERO, note: str = "", reverts: str | None = None):
        """A view run as eth_call at the current time; it changes nothing and mines nothing."""
        self.chain.warp(max(self.t, self.chain.timestamp))
        frm = self.addr(sender)
        data = method.calldata(*args)
        res = self.chain.call(method.contract.address, data, sender=frm)
        self._expect(res, reverts, note)
        self._record(True, frm, method.contract.address, 0, data, res, note, self._function(method, args), args)
        if res.success:
            return method.decode_output(method._item(args), res.output)
        return None

    def raw(self, sender, to, data: bytes, value: int = 0, note: str = "", reverts: str | None = None):
        """A transaction with hand-made calldata (an unknown selector, a plain payment, a bad encoding)."""
        if self.t <= self.last_tx:
            self.t = self.last_tx + 1
        self.chain.warp(self.t)
        self.last_tx = self.t
        frm, to = self.addr(sender), self.addr(to)
        res = self.chain.tx(frm, to, data, value=value, gas=TX_GAS)
        self._expect(res, reverts, note)
        self._record(False, frm, to, value, data, res, note, None, ())
        return res

    # --- conveniences ----------------------------------------------------------------------------------------

    def fund(self, who, amount: int, note_prefix: str = ""):
        """Mints tUSD to `who` and approves the escrow for it (two transactions)."""
        self.tx(who, self.tok.mint, self.addr(who), amount, note=f"{note_prefix}{who} mints {amount} tUSD")
        self.tx(who, self.tok.approve, self.esc.address, amount, note=f"{who} lets the escrow take {amount} tUSD")

    def document(self) -> dict:
        accounts = [{"name": role, "address": a.address, "privateKey": a.private_key, "balance": str(GENESIS_BALANCE)}
                    for role, a in zip(ROLES, dev_accounts())]
        deployments = []
        for d in genesis_deployments():
            inputs = next((i for i in artifact(d.name).abi if i.get("type") == "constructor"), {"inputs": []})["inputs"]
            deployments.append({
                "name": d.name,
                "address": d.address,
                "deployer": d.deployer,
                "nonce": d.nonce,
                "constructorArgs": [{"name": i["name"], "type": i["type"], "value": json_arg(v)}
                                    for i, v in zip(inputs, d.args)],
                "constructorArgsEncoded": hexs(d.encoded_args),
                "bytecode": f"contracts-abi/{d.name}.bin",
            })
        return {
            "format": FORMAT_VERSION,
            "name": self.name,
            "description": self.description,
            "genesis": {
                "chainId": CHAIN_ID,
                "timestamp": T0,
                "accounts": accounts,
                "deployments": deployments + self.aux,
                "relayers": list(genesis_relayers()),
                "owner": self.acct["deployer"],
            },
            "watched": {"accounts": self.watch, "assets": self.assets},
            "steps": self.steps,
        }


# --- scenarios -------------------------------------------------------------------------------------------------

GWEI = 10**9
RATE = 2_000 * GWEI  # native: 2e12 wei per second (7.2e15 wei an hour)
T_RATE = 5_000  # tUSD: 0.005 tUSD per second (18 tUSD an hour)


def token_scenario() -> Scenario:
    s = Scenario("token", "TestToken (tUSD): metadata, the open faucet, transfers, approvals and every revert.",
                 watch=("student", "tutor", "outsider"))
    tok, a = s.tok, s.acct
    for fn in ("name", "symbol", "decimals", "totalSupply"):
        s.call(getattr(tok, fn), note=f"{fn}()")
    s.tx("student", tok.mint, a["student"], 100_000_000, note="anyone may mint: the student takes 100 tUSD")
    s.tx("outsider", tok.mint, a["tutor"], 5_000_000, note="the outsider mints 5 tUSD to the tutor")
    s.call(tok.totalSupply, note="supply after two mints")
    s.tx("student", tok.transfer, a["tutor"], 1_500_000, note="student pays the tutor 1.5 tUSD")
    s.tx("student", tok.approve, a["outsider"], 2_000_000, note="student approves the outsider for 2 tUSD")
    s.call(tok.allowance, a["student"], a["outsider"], note="allowance")
    s.tx("outsider", tok.transferFrom, a["student"], a["outsider"], 750_000, note="outsider takes 0.75 tUSD")
    s.call(tok.allowance, a["student"], a["outsider"], note="allowance spent down")
    s.tx("outsider", tok.transferFrom, a["student"], a["outsider"], 1_250_001,
         note="one unit beyond the allowance", reverts="token: insufficient allowance")
    s.tx("tutor", tok.transfer, a["student"], 6_500_001, note="one unit beyond the balance",
         reverts="token: insufficient balance")
    s.tx("tutor", tok.transfer, ZERO, 1, note="transfer to the zero address", reverts="token: zero address")
    s.tx("tutor", tok.approve, ZERO, 1, note="approve the zero address", reverts="token: zero address")
    s.tx("tutor", tok.mint, ZERO, 1, note="mint to the zero address", reverts="token: zero address")
    s.tx("tutor", tok.mint, a["tutor"], 2**256 - 1, note="total supply would overflow",
         reverts="token: supply overflow")
    s.tx("tutor", tok.approve, a["outsider"], 2**256 - 1, note="unlimited allowance")
    s.tx("outsider", tok.transferFrom, a["tutor"], a["outsider"], 1_000_000, note="an unlimited allowance stays")
    s.call(tok.allowance, a["tutor"], a["outsider"], note="still unlimited")
    s.tx("outsider", tok.transferFrom, a["tutor"], ZERO, 1, note="transferFrom to zero",
         reverts="token: zero address")
    for who in ("student", "tutor", "outsider"):
        s.call(tok.balanceOf, a[who], note=f"balance of the {who}")
    return s


def stopped_by_student() -> Scenario:
    s = Scenario("session-stopped-by-student",
                 "A native-currency session: deposit, a relayer starts it, the views while it runs, the student "
                 "stops it after 120 s; the tutor is paid 120 s, the student gets the rest back.")
    esc, a = s.esc, s.acct
    cap = 1_800
    s.tx("student", esc.deposit, a["tutor"], ZERO, RATE, cap, value=RATE * cap, note="student deposits 30 min")
    s.call(esc.getSession, 1, note="Funded")
    s.call(esc.nextSessionId, note="next id")
    s.call(esc.owed, 1, note="owed while Funded: (0, deposit)")
    s.wait(40)
    s.tx("relayer", esc.startSession, 1, note="both peers in the room: the relayer starts it")
    started = s.t
    s.wait(45)
    s.call(esc.billableSeconds, 1, note="45 s billed so far")
    s.call(esc.owed, 1, note="owed after 45 s")
    s.at(started + 120)
    s.tx("student", esc.stopSession, 1, note="the student leaves after 120 s")
    s.call(esc.getSession, 1, note="Settled")
    s.call(esc.secondsLearned, a["student"], note="seconds learned")
    s.call(esc.secondsTaught, a["tutor"], note="seconds taught")
    s.wait(600)
    s.call(esc.billableSeconds, 1, note="a settled session's billed time no longer moves")
    s.call(esc.owed, 1, note="owed after settlement: what was paid")
    return s


def stopped_by_tutor() -> Scenario:
    s = Scenario("session-stopped-by-tutor",
                 "An ERC-20 (tUSD) session: the student approves and deposits, the tutor starts and later stops "
                 "it; payments move as token transfers.")
    esc, a = s.esc, s.acct
    cap = 3_600
    s.fund("student", T_RATE * cap)
    s.tx("student", esc.deposit, a["tutor"], s.tok.address, T_RATE, cap, note="student deposits an hour in tUSD")
    s.wait(20)
    s.tx("tutor", esc.startSession, 1, note="the tutor starts it")
    s.wait(1_234)
    s.tx("tutor", esc.stopSession, 1, note="the tutor ends the lesson after 1234 s")
    s.call(esc.getSession, 1, note="Settled")
    s.call(esc.owed, 1, note="paid")
    return s


def relayer_disconnect() -> Scenario:
    s = Scenario("relayer-stops-at-last-seen",
                 "The relayer stops sessions at the last moment both peers were seen: a dropped call is not "
                 "billed for the detection delay; a stop at the start bills nothing; a last-seen moment past the "
                 "cap bills the cap (reason 3).", watch=("student", "tutor", "relayer"))
    esc, a = s.esc, s.acct
    for cap in (900, 900, 300):
        s.tx("student", esc.deposit, a["tutor"], ZERO, RATE, cap, value=RATE * cap, note=f"deposit, cap {cap} s")
    s.tx("relayer", esc.startSession, 1, note="start session 1")
    start1 = s.t
    s.wait(95)
    s.tx("relayer", esc.stopSessionAt, 1, start1 + 80,
         note="peer silent: stop at the last moment both were seen, 15 s before now")
    s.tx("relayer", esc.startSession, 2, note="start session 2")
    start2 = s.t
    s.wait(12)
    s.tx("relayer", esc.stopSessionAt, 2, start2, note="dropped at once: ends at startedAt, nothing billed")
    s.tx("relayer", esc.startSession, 3, note="start session 3 (cap 300 s)")
    start3 = s.t
    s.wait(400)
    s.tx("relayer", esc.stopSessionAt, 3, start3 + 350, note="last seen after the cap: billed the cap, reason 3")
    for sid in (1, 2, 3):
        s.call(esc.getSession, sid, note=f"session {sid}")
    return s


def settled_at_cap() -> Scenario:
    s = Scenario("settled-at-cap",
                 "The money runs out: anyone settles an ERC-20 session once its cap is reached; a participant "
                 "stopping a native session after its cap is billed the cap.",
                 watch=("student", "tutor", "outsider"))
    esc, a = s.esc, s.acct
    s.fund("student", T_RATE * 300)
    s.tx("student", esc.deposit, a["tutor"], s.tok.address, T_RATE, 300, note="tUSD session, cap 300 s")
    s.tx("tutor", esc.startSession, 1, note="start")
    start = s.t
    s.at(start + 299)
    s.call(esc.billableSeconds, 1, note="one second before the cap")
    s.tx("outsider", esc.settle, 1, note="too early", reverts="escrow: cap not reached")
    s.at(start + 300)
    s.call(esc.owed, 1, note="at the cap: everything is the tutor's")
    s.tx("outsider", esc.settle, 1, note="anyone settles at the cap")
    s.tx("student", esc.deposit, a["tutor"], ZERO, RATE, 60, value=RATE * 60, note="native session, cap 60 s")
    s.tx("relayer", esc.startSession, 2, note="start")
    s.wait(500)
    s.tx("student", esc.stopSession, 2, note="the student stops long after the cap: ends at the cap, reason 3")
    s.call(esc.getSession, 2, note="endedAt = startedAt + cap")
    return s


def extension() -> Scenario:
    s = Scenario("extension",
                 "The student buys more time: a Funded native session, an Active one before its cap, and an ERC-20 "
                 "session; the new cap governs settlement; extending at the cap is refused.")
    esc, a = s.esc, s.acct
    s.tx("student", esc.deposit, a["tutor"], ZERO, RATE, 600, value=RATE * 600, note="native, cap 600 s")
    s.tx("student", esc.extendSession, 1, 300, value=RATE * 300, note="extend while Funded: cap 900 s")
    s.tx("tutor", esc.startSession, 1, note="start")
    start = s.t
    s.at(start + 899)
    s.tx("student", esc.extendSession, 1, 100, value=RATE * 100, note="extend one second before the cap: 1000 s")
    s.at(start + 1_000)
    s.tx("student", esc.extendSession, 1, 100, value=RATE * 100, note="at the cap it is too late",
         reverts="escrow: cap reached")
    s.tx("outsider", esc.settle, 1, note="settled at the new cap")
    s.fund("student", T_RATE * 400)
    s.tx("student", esc.deposit, a["tutor"], s.tok.address, T_RATE, 200, note="tUSD, cap 200 s")
    s.tx("student", esc.extendSession, 2, 200, note="extend in tUSD: pulled with transferFrom")
    s.call(esc.getSession, 2, note="cap 400 s")
    return s


def cancellation() -> Scenario:
    s = Scenario("cancellation",
                 "A Funded session is cancelled before it starts, by the student, the tutor or a relayer; the "
                 "student gets everything back, in native currency or tUSD.", watch=("student", "tutor", "relayer"))
    esc, a = s.esc, s.acct
    s.tx("student", esc.deposit, a["tutor"], ZERO, RATE, 100, value=RATE * 100, note="native session 1")
    s.tx("student", esc.deposit, a["tutor"], ZERO, RATE, 200, value=RATE * 200, note="native session 2")
    s.fund("student", T_RATE * 300)
    s.tx("student", esc.deposit, a["tutor"], s.tok.address, T_RATE, 300, note="tUSD session 3")
    s.tx("student", esc.cancelSession, 1, note="the student cancels")
    s.tx("tutor", esc.cancelSession, 2, note="the tutor cancels")
    s.tx("relayer", esc.cancelSession, 3, note="a relayer cancels (the room never opened)")
    for sid in (1, 2, 3):
        s.call(esc.getSession, sid, note=f"session {sid} Cancelled")
        s.call(esc.owed, sid, note="refunded in full")
    s.tx("student", esc.startSession, 1, note="cannot start a cancelled session", reverts="escrow: not tutor or relayer")
    s.tx("tutor", esc.startSession, 1, note="not even the tutor", reverts="escrow: not funded")
    return s


def failed_push() -> Scenario:
    s = Scenario("failed-push-and-withdraw",
                 "Receivers that refuse payment: the tutor's and a student's wallets (auxiliary Wallet contracts) "
                 "refuse native currency; their shares are credited to withdrawable() while the other party is "
                 "paid; withdrawing fails while they still refuse and succeeds once they accept.",
                 watch=("student", "tutor", "student2"))
    esc, a = s.esc, s.acct
    tw = s.deploy_aux("Wallet", a["tutor"], False, deployer="tutor")
    sw = s.deploy_aux("Wallet", a["student2"], False, deployer="student2")
    s.tx("student", esc.deposit, tw.address, ZERO, RATE, 600, value=RATE * 600, note="tutor is a refusing wallet")
    s.tx("relayer", esc.startSession, 1, note="start")
    s.wait(200)
    s.tx("student", esc.stopSession, 1, note="tutor's 200 s are credited, the student is refunded")
    s.call(esc.withdrawable, tw.address, ZERO, note="tutor wallet's credit")
    s.via("tutor", tw, esc.withdraw, ZERO, note="withdraw while still refusing", reverts="escrow: withdraw failed")
    s.tx("tutor", tw.setAccepting, True, note="the tutor's wallet starts accepting")
    s.via("tutor", tw, esc.withdraw, ZERO, note="withdraw: paid")
    s.via("tutor", tw, esc.withdraw, ZERO, note="nothing left", reverts="escrow: nothing to withdraw")
    s.via("student2", sw, esc.deposit, a["tutor"], ZERO, RATE, 300, value=RATE * 300,
          note="a refusing student wallet deposits through its owner")
    s.tx("tutor", esc.startSession, 2, note="start")
    s.wait(100)
    s.tx("tutor", esc.stopSession, 2, note="tutor paid, the student wallet's refund credited")
    s.call(esc.withdrawable, sw.address, ZERO, note="student wallet's credit")
    s.tx("student", esc.withdraw, ZERO, note="someone else cannot take it", reverts="escrow: nothing to withdraw")
    s.tx("student2", sw.setAccepting, True, note="the student wallet accepts")
    s.via("student2", sw, esc.withdraw, ZERO, note="withdraw the refund")
    return s


def credential() -> Scenario:
    s = Scenario("credential",
                 "SessionCredential: the tutor attests a session billed at least minSeconds (60 s), the student "
                 "claims the soulbound token; ERC-721/5192 views; every revert.", watch=("student", "tutor"))
    esc, cred, a = s.esc, s.cred, s.acct
    for fn in ("name", "symbol", "minSeconds", "escrow", "baseURI"):
        s.call(getattr(cred, fn), note=f"{fn}()")
    for iid in ("01ffc9a7", "80ac58cd", "5b5e139f", "b45a3c0e", "ffffffff"):
        s.call(cred.supportsInterface, bytes.fromhex(iid), note=f"supportsInterface(0x{iid})")
    for cap in (600, 600, 600):
        s.tx("student", esc.deposit, a["tutor"], ZERO, RATE, cap, value=RATE * cap, note="deposit")
    s.tx("tutor", esc.startSession, 1, note="start 1")
    s.tx("tutor", esc.startSession, 2, note="start 2")
    start2 = s.t
    s.tx("tutor", cred.attest, 1, note="session 1 still Active", reverts="credential: not settled")
    s.at(start2 + 59)
    s.tx("student", esc.stopSession, 2, note="session 2 ends after 59 s")
    s.wait(30)
    s.tx("student", esc.stopSession, 1, note="session 1 ends after 90+ s")
    s.tx("student", cred.attest, 1, note="only the tutor attests", reverts="credential: not tutor")
    s.tx("tutor", cred.attest, 2, note="59 s is less than minSeconds", reverts="credential: too short")
    s.tx("tutor", cred.attest, 3, note="session 3 never started", reverts="credential: not settled")
    s.tx("student", cred.claim, 1, note="not attested yet", reverts="credential: not attested")
    s.tx("tutor", cred.attest, 1, note="the tutor attests session 1")
    s.tx("tutor", cred.attest, 1, note="once", reverts="credential: already attested")
    s.call(cred.isAttested, 1, note="attested")
    s.call(cred.ownerOf, 1, note="no token before the claim", reverts="credential: no token")
    s.tx("tutor", cred.claim, 1, note="only the student claims", reverts="credential: not student")
    s.tx("student", cred.claim, 1, note="the student mints token 1")
    s.tx("student", cred.claim, 1, note="once", reverts="credential: already claimed")
    s.call(cred.ownerOf, 1, note="owner")
    s.call(cred.balanceOf, a["student"], note="balance")
    s.call(cred.balanceOf, ZERO, note="balanceOf(0) throws", reverts="credential: zero address")
    s.call(cred.tokenURI, 1, note="empty baseURI: empty URI")
    s.call(cred.locked, 1, note="ERC-5192 locked")
    s.call(cred.getApproved, 1, note="never approved")
    s.call(cred.isApprovedForAll, a["student"], a["tutor"], note="never")
    s.call(cred.credentialOf, 1, note="(student, tutor, billedSeconds, issuedAt)")
    s.call(cred.locked, 2, note="no token 2", reverts="credential: no token")
    s.tx("student", cred.transferFrom, a["student"], a["tutor"], 1, note="soulbound", reverts="credential: soulbound")
    s.tx("student", cred.safeTransferFrom, a["student"], a["tutor"], 1, note="soulbound",
         reverts="credential: soulbound")
    s.tx("student", cred.safeTransferFrom, a["student"], a["tutor"], 1, b"\x01\x02", note="soulbound",
         reverts="credential: soulbound")
    s.tx("student", cred.approve, a["tutor"], 1, note="soulbound", reverts="credential: soulbound")
    s.tx("student", cred.setApprovalForAll, a["tutor"], True, note="soulbound", reverts="credential: soulbound")
    return s


def ratings() -> Scenario:
    s = Scenario("ratings", "SessionRatings: student and tutor rate each other once per settled, billed session; "
                 "every revert.", watch=("student", "tutor"))
    esc, rat, a = s.esc, s.rat, s.acct
    comment = bytes.fromhex("c0ffee" + "00" * 29)
    s.call(rat.escrow, note="escrow()")
    for cap in (100, 100, 100):
        s.tx("student", esc.deposit, a["tutor"], ZERO, RATE, cap, value=RATE * cap, note="deposit")
    s.tx("tutor", esc.startSession, 1, note="start 1")
    s.wait(50)
    s.tx("tutor", esc.stopSession, 1, note="stop 1 after 50 s")
    s.tx("tutor", esc.startSession, 2, note="start 2")
    s.wait(8)
    s.tx("relayer", esc.stopSessionAt, 2, s.t - 8, note="dropped at once: session 2 billed nothing")
    s.tx("student", rat.rate, 3, 5, comment, note="session 3 is only Funded", reverts="ratings: not settled")
    s.tx("outsider", rat.rate, 1, 5, comment, note="not a participant", reverts="ratings: not participant")
    s.tx("student", rat.rate, 1, 0, comment, note="0 stars", reverts="ratings: bad stars")
    s.tx("student", rat.rate, 1, 6, comment, note="6 stars", reverts="ratings: bad stars")
    s.tx("student", rat.rate, 1, 5, comment, note="the student rates the tutor 5 with a comment")
    s.tx("tutor", rat.rate, 1, 4, bytes(32), note="the tutor rates the student 4, no comment")
    s.tx("student", rat.rate, 1, 3, comment, note="once per rater", reverts="ratings: already rated")
    s.tx("student", rat.rate, 2, 3, comment, note="nothing was billed", reverts="ratings: nothing billed")
    s.call(rat.ratingOf, a["tutor"], note="(count, sum)")
    s.call(rat.ratingOf, a["student"], note="(count, sum)")
    s.call(rat.ratingBy, 1, a["student"], note="stars given")
    s.call(rat.ratingBy, 1, a["outsider"], note="none: 0")
    return s


def escrow_reverts() -> Scenario:
    s = Scenario("escrow-reverts",
                 "Every revert of SessionEscrow with its exact reason, each leaving balances and state as they were; "
                 "also calls the escrow does not answer (plain payments, unknown selectors, value to a "
                 "non-payable function).", watch=("student", "tutor", "outsider"))
    esc, tok, a = s.esc, s.tok, s.acct
    st, tu = a["student"], a["tutor"]
    s.fund("student", T_RATE * 100)
    dep = esc.deposit
    s.tx(st, dep, ZERO, ZERO, RATE, 100, value=RATE * 100, note="tutor 0x0", reverts="escrow: zero tutor")
    s.tx(st, dep, st, ZERO, RATE, 100, value=RATE * 100, note="tutor = student", reverts="escrow: tutor is student")
    s.tx(st, dep, tu, ZERO, 0, 100, value=0, note="rate 0", reverts="escrow: zero rate")
    s.tx(st, dep, tu, ZERO, RATE, 0, value=0, note="cap 0", reverts="escrow: zero cap")
    s.tx(st, dep, tu, ZERO, 1, 2**64, value=0, note="cap 2^64", reverts="escrow: cap too large")
    s.tx(st, dep, tu, ZERO, 2**255, 2, value=0, note="rate*cap overflows", reverts="escrow: amount overflow")
    s.tx(st, dep, tu, ZERO, RATE, 100, value=RATE * 100 - 1, note="value 1 wei short", reverts="escrow: wrong value")
    s.tx(st, dep, tu, ZERO, RATE, 100, value=RATE * 100 + 1, note="value 1 wei over", reverts="escrow: wrong value")
    s.tx(st, dep, tu, tok.address, T_RATE, 100, value=1, note="value with a token", reverts="escrow: value with token")
    s.tx(st, dep, tu, a["outsider"], T_RATE, 100, note="token is not a contract",
         reverts="escrow: token not a contract")
    s.tx(st, dep, tu, tok.address, T_RATE, 101, note="allowance one second short: the token's own revert",
         reverts="token: insufficient allowance")
    s.tx(st, dep, tu, ZERO, RATE, 100, value=RATE * 100, note="session 1 (native)")
    s.tx(st, dep, tu, tok.address, T_RATE, 100, note="session 2 (tUSD)")
    s.tx(st, esc.startSession, 1, note="student cannot start", reverts="escrow: not tutor or relayer")
    s.tx("outsider", esc.startSession, 1, note="outsider cannot start", reverts="escrow: not tutor or relayer")
    s.tx(tu, esc.startSession, 9, note="unknown session", reverts="escrow: unknown session")
    s.tx(tu, esc.startSession, 0, note="session 0 never exists", reverts="escrow: unknown session")
    s.tx(st, esc.stopSession, 1, note="not active yet", reverts="escrow: not active")
    s.tx("relayer", esc.stopSessionAt, 1, s.t, note="not active yet", reverts="escrow: not active")
    s.tx("outsider", esc.settle, 1, note="not active yet", reverts="escrow: not active")
    s.tx(tu, esc.startSession, 1, note="start 1")
    start = s.t
    s.tx(tu, esc.startSession, 1, note="twice", reverts="escrow: not funded")
    s.tx(tu, esc.cancelSession, 1, note="cannot cancel an Active session", reverts="escrow: not funded")
    s.tx("outsider", esc.stopSession, 1, note="outsider", reverts="escrow: not participant")
    s.tx("relayer", esc.stopSession, 1, note="a relayer uses stopSessionAt", reverts="escrow: not participant")
    s.tx(tu, esc.stopSession, 7, note="unknown", reverts="escrow: unknown session")
    s.tx(st, esc.stopSessionAt, 1, start, note="a participant is not a relayer", reverts="escrow: not relayer")
    s.tx("relayer", esc.stopSessionAt, 7, start, note="unknown", reverts="escrow: unknown session")
    s.wait(30)
    s.tx("relayer", esc.stopSessionAt, 1, start - 1, note="before startedAt", reverts="escrow: ended before start")
    s.tx("relayer", esc.stopSessionAt, 1, s.next_time() + 1, note="after now", reverts="escrow: ended in future")
    s.tx("outsider", esc.settle, 1, note="cap not reached", reverts="escrow: cap not reached")
    s.tx("outsider", esc.settle, 7, note="unknown", reverts="escrow: unknown session")
    s.tx(tu, esc.extendSession, 1, 10, value=RATE * 10, note="only the student extends", reverts="escrow: not student")
    s.tx(st, esc.extendSession, 7, 10, value=RATE * 10, note="unknown", reverts="escrow: unknown session")
    s.tx(st, esc.extendSession, 1, 0, note="zero", reverts="escrow: zero extension")
    s.tx(st, esc.extendSession, 1, 2**64 - 100, note="cap would pass 2^64 - 1", reverts="escrow: cap too large")
    s.tx(st, esc.extendSession, 1, 10, value=RATE * 10 - 1, note="value short", reverts="escrow: wrong value")
    s.tx(st, esc.extendSession, 2, 10, value=1, note="value with a token", reverts="escrow: value with token")
    s.tx(st, esc.extendSession, 2, 10, note="no allowance left", reverts="token: insufficient allowance")
    s.at(start + 100)
    s.tx(st, esc.extendSession, 1, 10, value=RATE * 10, note="at the cap", reverts="escrow: cap reached")
    s.tx(st, esc.stopSession, 1, note="session 1 stopped (at the cap)")
    s.tx(st, esc.stopSession, 1, note="already settled", reverts="escrow: not active")
    s.tx(st, esc.extendSession, 1, 10, value=RATE * 10, note="settled", reverts="escrow: not funded or active")
    s.tx(st, esc.cancelSession, 1, note="settled", reverts="escrow: not funded")
    s.tx("outsider", esc.cancelSession, 2, note="outsider", reverts="escrow: not participant or relayer")
    s.tx("deployer", esc.cancelSession, 2, note="the owner has no say", reverts="escrow: not participant or relayer")
    s.tx(st, esc.cancelSession, 7, note="unknown", reverts="escrow: unknown session")
    s.tx(st, esc.withdraw, ZERO, note="nothing credited", reverts="escrow: nothing to withdraw")
    s.tx(st, esc.withdraw, tok.address, note="nothing credited", reverts="escrow: nothing to withdraw")
    s.tx(st, esc.setRelayer, st, True, note="only the owner", reverts="escrow: not owner")
    s.tx("relayer", esc.transferOwnership, a["relayer"], note="only the owner", reverts="escrow: not owner")
    s.tx("deployer", esc.transferOwnership, ZERO, note="no renouncing", reverts="escrow: zero owner")
    s.raw(st, esc.address, b"", value=1, note="plain payment: no fallback", reverts="")
    s.raw(st, esc.address, bytes.fromhex("12345678"), note="unknown selector", reverts="")
    s.raw(tu, esc.address, esc.startSession.calldata(2), value=1, note="value to a non-payable function", reverts="")
    # an overflowing extension needs a session at a huge rate: in tUSD, which anyone can mint
    s.tx(st, s.tok.mint, st, 2**193, note="mint 2^193 tUSD units")
    s.tx(st, s.tok.approve, esc.address, 2**193, note="approve them")
    s.tx(st, dep, tu, tok.address, 2**193, 1, note="session 3 at rate 2^193, cap 1")
    s.tx(st, esc.extendSession, 3, 2**64 - 2, note="rate * new cap overflows", reverts="escrow: amount overflow")
    return s


def owner_and_relayers() -> Scenario:
    s = Scenario("owner-and-relayers", "The owner manages the relayer set and hands ownership on; a removed relayer "
                 "loses its powers at once.", watch=("student", "tutor", "relayer2"))
    esc, a = s.esc, s.acct
    s.call(esc.owner, note="the deployer")
    s.call(esc.isRelayer, a["relayer"], note="account 1 is a relayer at genesis")
    s.call(esc.isRelayer, a["relayer2"], note="account 7 is not")
    s.tx("deployer", esc.setRelayer, a["relayer2"], True, note="add a relayer")
    s.tx("student", esc.deposit, a["tutor"], ZERO, RATE, 100, value=RATE * 100, note="deposit")
    s.tx("relayer2", esc.startSession, 1, note="the new relayer starts it")
    s.wait(10)
    s.tx("deployer", esc.setRelayer, a["relayer2"], False, note="remove it")
    s.tx("relayer2", esc.stopSessionAt, 1, s.t, note="removed: no more powers", reverts="escrow: not relayer")
    s.tx("deployer", esc.transferOwnership, a["outsider"], note="hand ownership to account 4")
    s.call(esc.owner, note="account 4")
    s.tx("deployer", esc.setRelayer, a["relayer2"], True, note="the old owner no longer can", reverts="escrow: not owner")
    s.tx("outsider", esc.setRelayer, a["relayer2"], True, note="the new owner can")
    s.tx("relayer2", esc.stopSessionAt, 1, s.t - 3, note="relayer again: stops at a past moment")
    s.call(esc.isRelayer, a["relayer2"], note="yes")
    return s


def random_scenario(name: str, seed: int, tokens: str, steps: int) -> Scenario:
    """A seeded random walk over the escrow's functions: mostly well-formed calls on live sessions, some wrong
    callers, wrong statuses and bad arguments, time moving by random amounts, and views in between."""
    s = Scenario(name, f"A seeded random sequence (seed {seed}) of {tokens} sessions: deposits, starts, stops, relayer "
                 "stops, settlements, extensions, cancellations, withdrawals, views and time moves, valid and not.",
                 watch=("student", "tutor", "student2", "tutor2", "relayer"))
    rng = random.Random(seed)
    esc, tok, a = s.esc, s.tok, s.acct
    students, tutors = [a["student"], a["student2"]], [a["tutor"], a["tutor2"]]
    wallet = s.deploy_aux("Wallet", a["tutor2"], True, deployer="tutor2")
    tutors.append(wallet.address)
    everyone = students + tutors[:2] + [a["relayer"], a["outsider"], a["deployer"]]
    use_token = tokens == "tUSD"
    sessions: list[dict] = []  # what the walk believes, only to aim its calls; outcomes come from the chain

    def pick(statuses):
        live = [x for x in sessions if x["status"] in statuses]
        if live and rng.random() < 0.85:
            return rng.choice(live)
        return rng.choice(sessions) if sessions and rng.random() < 0.9 else None

    def status_of(sid):
        return esc.getSession(sid).status

    def caller(right: str) -> str:
        return right if rng.random() < 0.85 else rng.choice(everyone)

    accepting = True
    while len(s.steps) < steps:
        roll = rng.random()
        if roll < 0.18 or not sessions:
            student, tutor = rng.choice(students), rng.choice(tutors)
            rate = rng.choice([RATE, RATE // 2, 1]) if not use_token else rng.choice([T_RATE, 1_000, 1])
            cap = rng.choice([30, 60, 120, 300, 600, rng.randint(1, 900)])
            bad = rng.random() < 0.1
            if use_token:
                s.tx(student, tok.mint, student, rate * cap, note="mint for a deposit")
                s.tx(student, tok.approve, esc.address, rate * cap, note="approve it")
                value = 1 if bad else 0
                token = tok.address
            else:
                value = rate * cap + (1 if bad else 0)
                token = ZERO
            res = s.tx(student, esc.deposit, tutor, token, rate, cap, value=value, note="deposit",
                       reverts=("escrow: value with token" if use_token else "escrow: wrong value") if bad else None)
            if res.success:
                sessions.append({"id": res.value, "status": 1, "student": student, "tutor": tutor})
            continue
        if roll < 0.32:
            x = pick((1,))
            if x:
                who = caller(rng.choice([x["tutor"] if x["tutor"] != wallet.address else a["relayer"], a["relayer"]]))
                res = s.tx(who, esc.startSession, x["id"], note="start", reverts=ANY)
        elif roll < 0.42:
            x = pick((2,))
            if x:
                who = caller(x["student"] if rng.random() < 0.5 or x["tutor"] == wallet.address else x["tutor"])
                s.tx(who, esc.stopSession, x["id"], note="stop", reverts=ANY)
        elif roll < 0.52:
            x = pick((2,))
            if x:
                g = esc.getSession(x["id"])
                now = s.next_time()
                ended = rng.choice([g.startedAt + rng.randint(0, max(0, now - g.startedAt)), now, g.startedAt,
                                    g.startedAt - 1 if rng.random() < 0.2 else now])
                s.tx(caller(a["relayer"]), esc.stopSessionAt, x["id"], max(ended, 0), note="relayer stop", reverts=ANY)
        elif roll < 0.58:
            x = pick((2,))
            if x:
                s.tx(a["outsider"], esc.settle, x["id"], note="settle", reverts=ANY)
        elif roll < 0.65:
            x = pick((1, 2))
            if x:
                g = esc.getSession(x["id"])
                extra = rng.choice([10, 60, 300])
                who = caller(x["student"])
                if use_token:
                    s.tx(who, tok.mint, who, extra * g.ratePerSecond, note="mint for an extension")
                    s.tx(who, tok.approve, esc.address, extra * g.ratePerSecond, note="approve it")
                    s.tx(who, esc.extendSession, x["id"], extra, note="extend", reverts=ANY)
                else:
                    s.tx(who, esc.extendSession, x["id"], extra, value=extra * g.ratePerSecond, note="extend",
                         reverts=ANY)
        elif roll < 0.71:
            x = pick((1,))
            if x:
                s.tx(caller(rng.choice([x["student"], a["relayer"]])), esc.cancelSession, x["id"], note="cancel",
                     reverts=ANY)
        elif roll < 0.74:
            if not use_token:
                accepting = not accepting
                s.tx(a["tutor2"], wallet.setAccepting, accepting,
                     note="the tutor wallet " + ("accepts" if accepting else "refuses") + " payments")
        elif roll < 0.80:
            asset = tok.address if use_token else ZERO
            if rng.random() < 0.7:
                s.via(a["tutor2"], wallet, esc.withdraw, asset, note="the tutor wallet withdraws", reverts=ANY)
            else:
                s.tx(rng.choice(everyone), esc.withdraw, asset, note="withdraw", reverts=ANY)
        elif roll < 0.90:
            x = pick((1, 2, 3, 4))
            view = rng.choice(["getSession", "billableSeconds", "owed"])
            sid = x["id"] if x else rng.choice([0, len(sessions) + 1])
            s.call(getattr(esc, view), sid, note=view)
            if rng.random() < 0.3:
                s.call(esc.withdrawable, wallet.address, tok.address if use_token else ZERO, note="withdrawable")
        else:
            s.wait(rng.choice([1, 5, 30, 60, 120, 300, rng.randint(1, 1000)]))
        for x in sessions:
            x["status"] = status_of(x["id"])
    return s


SCENARIOS = {
    "token": token_scenario,
    "session-stopped-by-student": stopped_by_student,
    "session-stopped-by-tutor": stopped_by_tutor,
    "relayer-stops-at-last-seen": relayer_disconnect,
    "settled-at-cap": settled_at_cap,
    "extension": extension,
    "cancellation": cancellation,
    "failed-push-and-withdraw": failed_push,
    "credential": credential,
    "ratings": ratings,
    "escrow-reverts": escrow_reverts,
    "owner-and-relayers": owner_and_relayers,
    "random-native": lambda: random_scenario("random-native", 1, "native", 180),
    "random-erc20": lambda: random_scenario("random-erc20", 2, "tUSD", 180),
}


def render(value) -> str:
    return json.dumps(value, indent=1, ensure_ascii=False) + "\n"


def generate() -> dict[str, str]:
    return {f"{name}.json": render(make().document()) for name, make in SCENARIOS.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with the committed files instead of writing")
    parser.add_argument("--list", action="store_true", help="print the scenarios and their step counts")
    args = parser.parse_args()
    files = generate()
    if args.list:
        for rel, text in files.items():
            print(f"{rel}: {len(json.loads(text)['steps'])} steps")
        return 0
    if args.check:
        stale = [rel for rel, text in files.items()
                 if not (VECTORS_DIR / rel).exists() or (VECTORS_DIR / rel).read_text() != text]
        extra = sorted(p.name for p in VECTORS_DIR.glob("*.json") if p.name not in files)
        if stale:
            print("vectors/contracts out of date (run tools/contracts/vectors.py): " + ", ".join(stale),
                  file=sys.stderr)
        if extra:
            print("vectors/contracts holds scenarios vectors.py does not make: " + ", ".join(extra), file=sys.stderr)
        if stale or extra:
            return 1
        print(f"vectors/contracts current: {len(files)} scenarios", file=sys.stderr)
        return 0
    VECTORS_DIR.mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        (VECTORS_DIR / rel).write_text(text)
    print(f"wrote {len(files)} scenarios to {VECTORS_DIR.relative_to(ROOT)}/", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
