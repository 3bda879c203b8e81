"""The invariants of CONTRACTS.md as stateful property tests over random sequences of deposits, starts, stops,
relayer stops, settlements, extensions, cancellations, withdrawals, relayer-set changes, receivers that refuse
or stop refusing, and time moves, for native-currency and for ERC-20 sessions.

A reference model in Python predicts every call's outcome: success or the exact revert reason, the escrow's
events, every session record, every credit and every balance of every participant. After each step the chain
must agree with the model, and these hold:

- every Settled or Cancelled session paid out exactly its deposits: tutorPaid + studentRefunded == rate * cap;
- the escrow holds, per token, exactly what Funded and Active sessions hold plus what is credited;
- the tutor is paid for `endedAt - startedAt` seconds, with startedAt <= endedAt <= min(stop time, cap end),
  and a session is settled once (seconds taught and learned add up to the billed seconds of all sessions);
- a call from the wrong caller or in the wrong status reverts and changes nothing (the model's state stays);
- nobody's balance moves except as the model says: money goes only to a session's own student and tutor,
  whoever (a relayer, anyone settling) sends the transaction.
"""

from __future__ import annotations

import contextlib
import os
from collections import Counter
from dataclasses import dataclass, field

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from evm import ZERO, Chain, error_data
from helpers import MAX_CAP, MAX_UINT, actors

FUNDED, ACTIVE, SETTLED, CANCELLED = 1, 2, 3, 4
R_STUDENT, R_TUTOR, R_RELAYER, R_CAP = 0, 1, 2, 3
BLOCK = 1  # TrickyToken mode: transfers to the account revert


@dataclass
class Session:
    student: str
    tutor: str
    token: str
    rate: int
    cap: int
    openedAt: int
    startedAt: int = 0
    endedAt: int = 0
    status: int = FUNDED
    tutorPaid: int = 0
    studentRefunded: int = 0
    stoppedAt: int = 0  # model only: block time of the stopping transaction

    def record(self) -> dict:
        return {"student": self.student, "tutor": self.tutor, "token": self.token, "ratePerSecond": self.rate,
                "capSeconds": self.cap, "openedAt": self.openedAt, "startedAt": self.startedAt,
                "endedAt": self.endedAt, "status": self.status, "tutorPaid": self.tutorPaid,
                "studentRefunded": self.studentRefunded}


@dataclass
class Model:
    owner: str
    relayers: set
    sessions: dict = field(default_factory=dict)
    credits: dict = field(default_factory=dict)  # (account, token) -> amount
    learned: dict = field(default_factory=dict)
    taught: dict = field(default_factory=dict)
    balances: dict = field(default_factory=dict)  # (account, token) -> amount, for every tracked account
    refusing: set = field(default_factory=set)  # (account, token): pushes of that token to it fail

    @property
    def next_id(self) -> int:
        return len(self.sessions) + 1


class Revert(Exception):
    def __init__(self, reason: str):
        self.reason = reason


# How a rule picks its session: mostly one in the status the rule needs, sometimes any, rarely an unknown id.
PICK = st.tuples(st.sampled_from(["wanted"] * 6 + ["any", "unknown"]), st.integers(0, 50))
# An index into a list of actors or tokens (taken modulo its length), uniformly.
INDEX = st.sampled_from(range(12))


class EscrowMachine(RuleBasedStateMachine):
    """Drives the escrow and the model side by side. Subclasses choose the tokens."""

    chain: Chain = None  # set by the test function
    tokens: list = []  # token addresses (ZERO for native) used by this machine
    tricky: str | None = None  # a TrickyToken address among `tokens`, whose receivers can be blocked
    wallets: dict = {}  # wallet address -> (owner EOA, "student" or "tutor"); wallets can refuse native currency
    outcomes: Counter = Counter()  # (rule, "ok" or revert reason) -> count, over the whole run

    def __init__(self):
        super().__init__()
        self._stack = contextlib.ExitStack()
        self._stack.enter_context(self.chain.anchor())
        c = self.chain
        self.a = actors(c)
        self.esc = c.escrow
        self.students = [self.a.student, self.a.student2] + [w for w, (_, role) in self.wallets.items()
                                                             if role == "student"]
        self.tutors = [self.a.tutor, self.a.tutor2] + [w for w, (_, role) in self.wallets.items() if role == "tutor"]
        self.others = [self.a.outsider, self.a.deployer, self.a.relayer2]
        self.tracked = sorted(set(self.students + self.tutors + self.others + [self.a.relayer, self.esc.address]))
        self.m = Model(owner=self.a.deployer, relayers={self.a.relayer})
        for acct in self.tracked:
            for t in self.tokens:
                self.m.balances[(acct, t)] = self.balance_of(acct, t)

    def teardown(self):
        self._stack.close()

    # --- chain access ----------------------------------------------------------------------------------------

    def balance_of(self, account: str, token: str) -> int:
        if token == ZERO:
            return self.chain.balance(account)
        return self.chain.contracts[token].balanceOf(account)

    def send(self, caller: str, method, *args, value: int = 0):
        """Sends from `caller`; a wallet's calls go through its owner's `execute`."""
        self.via_wallet = caller in self.wallets
        if caller in self.wallets:
            wallet = self.chain.contracts[caller]
            return wallet.execute(method.contract.address, method.calldata(*args), value,
                                  sender=self.wallets[caller][0], value=value, check=False)
        return method(*args, sender=caller, value=value, check=False)

    def payer(self, caller: str) -> str:
        """Whose native balance pays a call's value: a wallet's owner pays for it."""
        return self.wallets[caller][0] if caller in self.wallets else caller

    def fund(self, student: str, token: str, amount: int) -> None:
        """Gives an ERC-20 student exactly `amount` more, approved to the escrow (outside the checked step)."""
        tok = self.chain.contracts[token]
        tok.mint(student, amount, sender=self.a.outsider)
        assert self.send(student, tok.approve, self.esc.address, tok.allowance(student, self.esc.address) + amount
                         ).success
        self.m.balances[(student, token)] += amount

    # --- model helpers ---------------------------------------------------------------------------------------

    def pick_session(self, pick: tuple, statuses: tuple = ()) -> int:
        """A session id for `pick` = (how, index): "wanted" picks one whose status is in `statuses` (if any),
        "any" any known one, "unknown" 0 or the next id."""
        how, index = pick
        n = self.m.next_id - 1
        if how == "unknown" or n == 0:
            return 0 if index % 2 else n + 1
        wanted = [sid for sid, s in self.m.sessions.items() if s.status in statuses]
        if how == "wanted" and wanted:
            return wanted[index % len(wanted)]
        return 1 + index % n

    def resolve(self, who: str, s: Session | None, pick: int) -> str:
        pool = self.students + self.tutors + self.others + [self.a.relayer]
        if s is not None and who == "student":
            return s.student
        if s is not None and who == "tutor":
            return s.tutor
        if who == "relayer":
            return self.a.relayer
        return pool[pick % len(pool)]

    def move(self, account: str, token: str, delta: int) -> None:
        if (account, token) in self.m.balances:
            self.m.balances[(account, token)] += delta

    def push(self, sid: int, token: str, to: str, amount: int, logs: list) -> None:
        if amount == 0:
            return
        self.move(self.esc.address, token, -amount)
        if (to, token) in self.m.refusing:
            self.move(self.esc.address, token, amount)
            self.m.credits[(to, token)] = self.m.credits.get((to, token), 0) + amount
            self.outcomes[("push", "credited")] += 1
            logs.append(("PaymentCredited", {"sessionId": sid, "account": to, "token": token, "amount": amount}))
        else:
            self.move(to, token, amount)

    def finish(self, sid: int, s: Session, ended: int, reason: int, by: str, logs: list) -> None:
        cap_end = s.startedAt + s.cap
        end, why = ended, reason
        if end >= cap_end:
            end, why = cap_end, R_CAP
        billed = end - s.startedAt
        tutor_amount = billed * s.rate
        refund = s.rate * s.cap - tutor_amount
        s.endedAt, s.status, s.tutorPaid, s.studentRefunded = end, SETTLED, tutor_amount, refund
        s.stoppedAt = self.chain.timestamp
        self.m.learned[s.student] = self.m.learned.get(s.student, 0) + billed
        self.m.taught[s.tutor] = self.m.taught.get(s.tutor, 0) + billed
        logs.append(("SessionStopped", {"sessionId": sid, "endedAt": end, "stoppedBy": by, "reason": why}))
        logs.append(("Settled", {"sessionId": sid, "tutorAmount": tutor_amount, "studentRefund": refund}))
        self.push(sid, s.token, s.tutor, tutor_amount, logs)
        self.push(sid, s.token, s.student, refund, logs)

    def pull(self, caller: str, token: str, amount: int, value: int) -> None:
        if token == ZERO:
            if value != amount:
                raise Revert("escrow: wrong value")
            self.move(self.payer(caller), ZERO, -amount)
        else:
            if value != 0:
                raise Revert("escrow: value with token")
            self.move(caller, token, -amount)
        self.move(self.esc.address, token, amount)

    def check(self, res, predict, rule_name: str | None = None) -> None:
        """Runs the model's prediction on a copy; commits it if the chain agrees the call succeeded."""
        import copy
        import sys

        rule_name = rule_name or sys._getframe(1).f_code.co_name

        saved = copy.deepcopy(self.m)
        logs: list = []
        try:
            ret = predict(logs)
            expected = None
        except Revert as r:
            self.m = saved
            expected = r.reason
        self.outcomes[(rule_name, expected or "ok")] += 1
        if expected is not None:
            assert not res.success, f"expected revert {expected!r}, got success {res.logs}"
            assert res.output == error_data(expected), f"expected {expected!r}, got {res.reason!r}"
            return
        assert res.success, f"expected success, got {res.reason!r} (0x{res.output.hex()})"
        got = [(l.event, l.args) for l in res.logs if l.address == self.esc.address]
        assert got == logs
        if ret is not None and not self.via_wallet:  # (a wallet's execute returns nothing)
            assert res.output == ret.to_bytes(32, "big")

    @initialize(n=st.integers(2, 5), started=st.integers(0, 5), rate=st.integers(1, 50), cap=st.integers(1, 600),
                refusing=st.sampled_from([None, 0, 1, 2, 3, 4, 5, 6, 7]))
    def open_sessions(self, n, started, rate, cap, refusing):
        """Every run begins with a few sessions, the first `started` of them Active, and maybe with a receiver
        that refuses payments, so that even short runs have something to stop, settle and withdraw."""
        if refusing is not None:
            self.toggle_refusal(refusing, True)
        for i in range(n):
            self.deposit(i, i + 1, i, rate + i, cap + 50 * i, None)
        for sid in range(1, min(started, n) + 1):
            self.start(("any", sid - 1), "relayer", 0)

    # --- rules -----------------------------------------------------------------------------------------------

    # Each flaw makes one argument wrong; most deposits have none.
    DEPOSIT_FLAWS = [None] * 10 + ["zero tutor", "self", "zero rate", "zero cap", "cap too large", "overflow",
                                   "value+", "value-"]

    @rule(student=INDEX, tutor=INDEX, token=INDEX,
          rate=st.one_of(st.integers(1, 1000), st.sampled_from([1, 10**12])), cap=st.integers(1, 3000),
          flaw=st.sampled_from(DEPOSIT_FLAWS))
    def deposit(self, student, tutor, token, rate, cap, flaw):
        student = self.students[student % len(self.students)]
        tutor = self.tutors[tutor % len(self.tutors)]
        token = self.tokens[token % len(self.tokens)]
        if flaw == "zero tutor":
            tutor = ZERO
        elif flaw == "self":
            tutor = student
        elif flaw == "zero rate":
            rate = 0
        elif flaw == "zero cap":
            cap = 0
        elif flaw == "cap too large":
            cap = MAX_CAP + 1
        elif flaw == "overflow":
            rate, cap = 2**200, 2**60
        amount_ok = cap <= MAX_CAP and rate != 0 and cap != 0 and cap <= MAX_UINT // rate
        amount = rate * cap if amount_ok else 0
        delta = {"value+": 1, "value-": -1}.get(flaw, 0)
        value = max(0, amount + delta) if token == ZERO else (1 if delta else 0)
        if token != ZERO and amount_ok:
            self.fund(student, token, amount)

        def predict(logs):
            if tutor == ZERO:
                raise Revert("escrow: zero tutor")
            if tutor == student:
                raise Revert("escrow: tutor is student")
            if rate == 0:
                raise Revert("escrow: zero rate")
            if cap == 0:
                raise Revert("escrow: zero cap")
            if cap > MAX_CAP:
                raise Revert("escrow: cap too large")
            if cap > MAX_UINT // rate:
                raise Revert("escrow: amount overflow")
            sid = self.m.next_id
            self.pull(student, token, amount, value)
            self.m.sessions[sid] = Session(student, tutor, token, rate, cap, self.chain.timestamp)
            logs.append(("Deposited", {"sessionId": sid, "student": student, "tutor": tutor, "token": token,
                                       "ratePerSecond": rate, "capSeconds": cap}))
            return sid

        self.check(self.send(student, self.esc.deposit, tutor, token, rate, cap, value=value), predict)

    @rule(student=INDEX, tutor=INDEX, token=INDEX, rate=st.integers(1, 1000), cap=st.integers(1, 3000),
          seconds=st.integers(0, 3500), ending=st.sampled_from(["student", "tutor", "relayer", "settle"]),
          refuse=st.sampled_from([None, None, "student", "tutor"]), then_withdraw=st.booleans())
    def whole_session(self, student, tutor, token, rate, cap, seconds, ending, refuse, then_withdraw):
        """A complete session in one rule: deposit, start, time passes, maybe one side starts refusing
        payments, it ends one of the four ways, and maybe the refusing side then withdraws its credit. Each
        transaction is still checked against the model; the point is to reach settlements (and credits) often."""
        sid = self.m.next_id
        self.deposit(student, tutor, token, rate, cap, None)
        if sid not in self.m.sessions:
            return
        self.start(("any", sid - 1), "tutor", 0)
        self.sleep(seconds)
        s = self.m.sessions[sid]
        if refuse is not None:
            target = (s.student if refuse == "student" else s.tutor, s.token)
            options = self.refusal_options()
            if target in options:
                self.toggle_refusal(options.index(target), True)
        if ending in ("student", "tutor"):
            self.stop(("any", sid - 1), ending, 0)
        elif ending == "relayer":
            self.stop_at(("any", sid - 1), "relayer", 0, "last seen", 90)
        else:
            self.sleep(cap)
            self.settle(("any", sid - 1), 0)
        if refuse is not None and then_withdraw:
            account = s.student if refuse == "student" else s.tutor
            if self.m.credits.get((account, s.token)):
                self.withdraw_as(account, s.token, True)

    @rule(pick=PICK, who=st.sampled_from(["tutor", "tutor", "relayer", "relayer", "other"]),
          other=INDEX)
    def start(self, pick, who, other):
        sid = self.pick_session(pick, (FUNDED,))
        s = self.m.sessions.get(sid)
        caller = self.resolve(who, s, other)

        def predict(logs):
            if s is None:
                raise Revert("escrow: unknown session")
            if caller != s.tutor and caller not in self.m.relayers:
                raise Revert("escrow: not tutor or relayer")
            if s.status != FUNDED:
                raise Revert("escrow: not funded")
            s.startedAt, s.status = self.chain.timestamp, ACTIVE
            logs.append(("SessionStarted", {"sessionId": sid, "startedAt": self.chain.timestamp}))

        self.check(self.send(caller, self.esc.startSession, sid), predict)

    @rule(pick=PICK, who=st.sampled_from(["student", "student", "tutor", "tutor", "other"]),
          other=INDEX)
    def stop(self, pick, who, other):
        sid = self.pick_session(pick, (ACTIVE,))
        s = self.m.sessions.get(sid)
        caller = self.resolve(who, s, other)

        def predict(logs):
            if s is None:
                raise Revert("escrow: unknown session")
            if caller == s.tutor:
                reason = R_TUTOR
            elif caller == s.student:
                reason = R_STUDENT
            else:
                raise Revert("escrow: not participant")
            if s.status != ACTIVE:
                raise Revert("escrow: not active")
            self.finish(sid, s, self.chain.timestamp, reason, caller, logs)

        self.check(self.send(caller, self.esc.stopSession, sid), predict)

    @rule(pick=PICK, who=st.sampled_from(["relayer", "relayer", "relayer", "other"]),
          other=INDEX, when=st.sampled_from(["last seen"] * 6 + ["now", "start", "before", "future"]),
          fraction=st.integers(0, 100))
    def stop_at(self, pick, who, other, when, fraction):
        sid = self.pick_session(pick, (ACTIVE,))
        s = self.m.sessions.get(sid)
        caller = self.resolve(who, s, other)
        now = self.chain.timestamp
        start = s.startedAt if s is not None and s.status == ACTIVE else now
        ended = {"last seen": start + (now - start) * fraction // 100, "now": now, "start": start,
                 "before": max(0, start - 1), "future": now + 1}[when]

        def predict(logs):
            if s is None:
                raise Revert("escrow: unknown session")
            if caller not in self.m.relayers:
                raise Revert("escrow: not relayer")
            if s.status != ACTIVE:
                raise Revert("escrow: not active")
            if ended < s.startedAt:
                raise Revert("escrow: ended before start")
            if ended > self.chain.timestamp:
                raise Revert("escrow: ended in future")
            self.finish(sid, s, ended, R_RELAYER, caller, logs)

        self.check(self.send(caller, self.esc.stopSessionAt, sid, ended), predict)

    @rule(pick=PICK, other=INDEX)
    def settle(self, pick, other):
        sid = self.pick_session(pick, (ACTIVE,))
        s = self.m.sessions.get(sid)
        caller = self.resolve("other", s, other)

        def predict(logs):
            if s is None:
                raise Revert("escrow: unknown session")
            if s.status != ACTIVE:
                raise Revert("escrow: not active")
            if self.chain.timestamp < s.startedAt + s.cap:
                raise Revert("escrow: cap not reached")
            self.finish(sid, s, s.startedAt + s.cap, R_CAP, caller, logs)

        self.check(self.send(caller, self.esc.settle, sid), predict)

    EXTEND_FLAWS = [None] * 6 + ["zero", "cap too large", "value+", "value-"]

    @rule(pick=PICK, who=st.sampled_from(["student"] * 4 + ["tutor", "other"]),
          other=INDEX, extra=st.integers(1, 2000), flaw=st.sampled_from(EXTEND_FLAWS))
    def extend(self, pick, who, other, extra, flaw):
        sid = self.pick_session(pick, (FUNDED, ACTIVE))
        s = self.m.sessions.get(sid)
        caller = self.resolve(who, s, other)
        if flaw == "zero":
            extra = 0
        elif flaw == "cap too large":
            extra = MAX_CAP
        rate = s.rate if s is not None else 1
        amount = extra * rate
        if amount > 10**21:
            amount = 0  # unaffordable: only the cap and overflow checks can be reached; fund nothing
        token = s.token if s is not None else ZERO
        delta = {"value+": 1, "value-": -1}.get(flaw, 0)
        value = max(0, amount + delta) if token == ZERO else (1 if delta else 0)
        if s is not None and token != ZERO and caller == s.student and amount:
            self.fund(caller, token, amount)

        def predict(logs):
            if s is None:
                raise Revert("escrow: unknown session")
            if caller != s.student:
                raise Revert("escrow: not student")
            if s.status not in (FUNDED, ACTIVE):
                raise Revert("escrow: not funded or active")
            if extra == 0:
                raise Revert("escrow: zero extension")
            if s.status == ACTIVE and self.chain.timestamp >= s.startedAt + s.cap:
                raise Revert("escrow: cap reached")
            if extra > MAX_CAP - s.cap:
                raise Revert("escrow: cap too large")
            if s.cap + extra > MAX_UINT // s.rate:
                raise Revert("escrow: amount overflow")
            assert amount == extra * s.rate, "the model never sends an unaffordable extension this far"
            s.cap += extra
            self.pull(caller, token, amount, value)
            logs.append(("SessionExtended", {"sessionId": sid, "capSeconds": s.cap}))

        self.check(self.send(caller, self.esc.extendSession, sid, extra, value=value), predict)

    @rule(pick=PICK, who=st.sampled_from(["student", "tutor", "relayer", "other"]),
          other=INDEX)
    def cancel(self, pick, who, other):
        sid = self.pick_session(pick, (FUNDED,))
        s = self.m.sessions.get(sid)
        caller = self.resolve(who, s, other)

        def predict(logs):
            if s is None:
                raise Revert("escrow: unknown session")
            if caller not in (s.student, s.tutor) and caller not in self.m.relayers:
                raise Revert("escrow: not participant or relayer")
            if s.status != FUNDED:
                raise Revert("escrow: not funded")
            s.status, s.studentRefunded = CANCELLED, s.rate * s.cap
            s.stoppedAt = self.chain.timestamp
            logs.append(("SessionCancelled", {"sessionId": sid, "by": caller}))
            self.push(sid, s.token, s.student, s.rate * s.cap, logs)

        self.check(self.send(caller, self.esc.cancelSession, sid), predict)

    @rule(who=INDEX, token=INDEX, accept_first=st.booleans())
    def withdraw(self, who, token, accept_first):
        """Someone withdraws, most often an account holding a credit; with `accept_first` a refusing receiver
        first stops refusing (its own transaction)."""
        credited = sorted({key for key, amount in self.m.credits.items() if amount})
        if credited and who % 4:
            caller, token = credited[who % len(credited)]
        else:
            pool = self.tutors + self.students
            caller, token = pool[who % len(pool)], self.tokens[token % len(self.tokens)]
        self.withdraw_as(caller, token, accept_first)

    def withdraw_as(self, caller: str, token: str, accept_first: bool):
        if accept_first and (caller, token) in self.m.refusing:
            options = self.refusal_options()
            self.toggle_refusal(options.index((caller, token)), False)

        def predict(logs):
            amount = self.m.credits.get((caller, token), 0)
            if amount == 0:
                raise Revert("escrow: nothing to withdraw")
            if (caller, token) in self.m.refusing:
                raise Revert("escrow: withdraw failed")
            self.m.credits[(caller, token)] = 0
            self.move(self.esc.address, token, -amount)
            self.move(caller, token, amount)
            logs.append(("Withdrawn", {"account": caller, "token": token, "amount": amount}))

        self.check(self.send(caller, self.esc.withdraw, token), predict, "withdraw")

    @rule(change=st.sampled_from(["relayer", "refusal", "refusal"]), who=st.sampled_from(["owner", "owner", "other"]),
          other=INDEX, account=st.sampled_from(["relayer2", "outsider"] * 3 + ["relayer"]),
          enabled=st.booleans())
    def change_roles(self, change, who, other, account, enabled):
        """The owner (or someone else, who is refused) changes the relayer set; or a receiver starts or stops
        refusing payments."""
        if change == "refusal":
            return self.toggle_refusal(other, enabled)
        self.set_relayer(who, other, account, enabled)

    def set_relayer(self, who, other, account, enabled):
        caller = self.a.deployer if who == "owner" else self.resolve("other", None, other)
        account = getattr(self.a, account)

        def predict(logs):
            if caller != self.m.owner:
                raise Revert("escrow: not owner")
            (self.m.relayers.add if enabled else self.m.relayers.discard)(account)
            logs.append(("RelayerSet", {"account": account, "enabled": enabled}))

        self.check(self.send(caller, self.esc.setRelayer, account, enabled), predict, "set_relayer")

    def refusal_options(self) -> list:
        options = []
        if ZERO in self.tokens:
            options += [(w, ZERO) for w in self.wallets]
        if self.tricky is not None:
            options += [(acct, self.tricky) for acct in self.students + self.tutors]
        return options

    def toggle_refusal(self, pick, refuse):
        """A wallet starts or stops refusing native currency; an account lands on or leaves the tricky token's
        block list."""
        options = self.refusal_options()
        if not options:
            return
        account, token = options[pick % len(options)]
        if token == ZERO:
            self.chain.contracts[account].setAccepting(not refuse, sender=self.wallets[account][0])
        else:
            self.chain.contracts[token].setMode(account, BLOCK if refuse else 0, sender=self.a.outsider)
        (self.m.refusing.add if refuse else self.m.refusing.discard)((account, token))

    @rule(seconds=st.one_of(st.integers(0, 120), st.integers(0, 4000)))
    def sleep(self, seconds):
        self.chain.sleep(seconds)

    # --- invariants ------------------------------------------------------------------------------------------

    @invariant()
    def chain_agrees_with_the_model(self):
        esc, m = self.esc, self.m
        assert esc.nextSessionId() == m.next_id
        for sid, s in m.sessions.items():
            assert dict(esc.getSession(sid)) == s.record(), sid
        for (acct, token), amount in m.credits.items():
            assert esc.withdrawable(acct, token) == amount
        for (acct, token), amount in m.balances.items():
            assert self.balance_of(acct, token) == amount, (acct, token)
        for acct in set(m.learned) | set(m.taught):
            assert esc.secondsLearned(acct) == m.learned.get(acct, 0)
            assert esc.secondsTaught(acct) == m.taught.get(acct, 0)
        for acct in (self.a.relayer, self.a.relayer2, self.a.outsider):
            assert esc.isRelayer(acct) == (acct in m.relayers)

    @invariant()
    def money_is_conserved(self):
        m = self.m
        for token in self.tokens:
            held = sum(s.rate * s.cap for s in m.sessions.values() if s.token == token and s.status in (FUNDED, ACTIVE))
            credited = sum(v for (_, t), v in m.credits.items() if t == token)
            assert self.balance_of(self.esc.address, token) == held + credited
        for s in m.sessions.values():
            if s.status in (SETTLED, CANCELLED):
                assert s.tutorPaid + s.studentRefunded == s.rate * s.cap

    @invariant()
    def billing_stays_within_the_call(self):
        taught: dict = {}
        for s in self.m.sessions.values():
            if s.status == SETTLED:
                assert s.openedAt <= s.startedAt <= s.endedAt <= min(s.stoppedAt, s.startedAt + s.cap)
                assert s.tutorPaid == (s.endedAt - s.startedAt) * s.rate
                taught[s.tutor] = taught.get(s.tutor, 0) + s.endedAt - s.startedAt
            else:
                assert s.tutorPaid == 0 and s.endedAt == 0
        for tutor, seconds in taught.items():
            assert self.esc.secondsTaught(tutor) == seconds


# Every kind of call must have succeeded at least once over a run of the "ci" profile (or a larger one), so
# the machine cannot drift into exercising reverts only.
MUST_SUCCEED = {"deposit", "start", "stop", "stop_at", "settle", "extend", "cancel", "withdraw", "set_relayer"}


def run(machine: type[EscrowMachine], chain: Chain, tokens: list, tricky=None, wallets=None):
    machine.chain, machine.tokens, machine.tricky, machine.wallets = chain, tokens, tricky, wallets or {}
    machine.outcomes = Counter()
    run_state_machine_as_test(machine)
    if os.environ.get("INVARIANT_STATS"):
        for key, n in sorted(machine.outcomes.items()):
            print(machine.__name__, key, n)
        print(machine.__name__, "calls", sum(machine.outcomes.values()))
    if settings.default.max_examples >= 20:
        succeeded = {rule for rule, outcome in machine.outcomes if outcome == "ok"}
        assert MUST_SUCCEED <= succeeded, f"never succeeded: {sorted(MUST_SUCCEED - succeeded)}"


class NativeMachine(EscrowMachine):
    pass


class TokenMachine(EscrowMachine):
    pass


def wallets(chain) -> dict:
    a = actors(chain)
    student = chain.deploy("Wallet", a.student2, True, sender=a.student2)
    tutor = chain.deploy("Wallet", a.tutor2, True, sender=a.tutor2)
    return {student.address: (a.student2, "student"), tutor.address: (a.tutor2, "tutor")}


def test_native_sessions(chain):
    run(NativeMachine, chain, [ZERO], wallets=wallets(chain))


def test_erc20_sessions(chain):
    no_bool = chain.deploy("NoBoolToken")
    tricky = chain.deploy("TrickyToken")
    run(TokenMachine, chain, [chain.token.address, no_bool.address, tricky.address], tricky=tricky.address,
        wallets=wallets(chain))
