"""SessionEscrow against re-entry: a malicious receiver of native currency and a malicious token both try to
call back into the escrow while it pays or pulls. Every state-changing entry point is locked (the call fails
with empty revert data, Vyper's reentrancy lock); views answer, and show the final state (effects before
interactions)."""

from __future__ import annotations

import pytest
from eth_abi import decode as abi_decode

from evm import abi_type
from helpers import NATIVE, STATUS_SETTLED, actors, fund_token, open_session

RATE, CAP = 2, 1000
TOTAL = RATE * CAP


@pytest.fixture
def a(chain):
    return actors(chain)


def mutating_calls(chain, a, sid: int, other: int) -> dict[str, bytes]:
    """Calldata for every state-changing escrow function, with arguments that would succeed if not locked."""
    esc = chain.escrow
    calls = {
        "deposit": esc.deposit.calldata(a.tutor, chain.token.address, 1, 1),
        "extendSession": esc.extendSession.calldata(other, 1),
        "startSession": esc.startSession.calldata(other),
        "stopSession": esc.stopSession.calldata(sid),
        "stopSessionAt": esc.stopSessionAt.calldata(sid, chain.timestamp),
        "settle": esc.settle.calldata(sid),
        "cancelSession": esc.cancelSession.calldata(other),
        "withdraw": esc.withdraw.calldata(NATIVE),
        "setRelayer": esc.setRelayer.calldata(a.outsider, True),
        "transferOwnership": esc.transferOwnership.calldata(a.outsider),
    }
    names = {i["name"] for i in esc.abi if i["type"] == "function" and i["stateMutability"] not in ("view", "pure")}
    assert names == set(calls), "every state-changing function is tried"
    return calls


FUNCTIONS = ["deposit", "extendSession", "startSession", "stopSession", "stopSessionAt", "settle", "cancelSession",
             "withdraw", "setRelayer", "transferOwnership"]


@pytest.mark.parametrize("fn", FUNCTIONS)
def test_receiver_cannot_reenter_while_paid(chain, a, fn):
    esc = chain.escrow
    evil = chain.deploy("Reenterer", a.tutor)
    sid = open_session(chain, a.student, evil.address, RATE, CAP, start=True, starter=a.relayer)
    other = open_session(chain, a.student, evil.address, RATE, CAP)
    chain.sleep(CAP)
    evil.setHook(esc.address, mutating_calls(chain, a, sid, other)[fn], sender=a.tutor)
    s0 = chain.balance(a.student)
    res = esc.settle(sid, sender=a.outsider)
    assert [l.event for l in res.logs] == ["SessionStopped", "Settled"]
    assert (evil.hookCalls(), evil.hookSuccess(), evil.hookResponse()) == (1, False, b"")
    assert chain.balance(evil.address) == TOTAL
    assert chain.balance(a.student) == s0
    assert esc.getSession(other).status == 1  # untouched
    assert esc.owner() == a.deployer and not esc.isRelayer(a.outsider)


def test_student_cannot_reenter_withdraw_during_its_refund(chain, a):
    esc = chain.escrow
    evil = chain.deploy("Reenterer", a.student)
    evil.execute(esc.address, esc.deposit.calldata(a.tutor, NATIVE, RATE, CAP), TOTAL, sender=a.student,
                 value=TOTAL)
    esc.startSession(1, sender=a.tutor)
    chain.sleep(10)
    evil.setHook(esc.address, esc.withdraw.calldata(NATIVE), sender=a.student)
    esc.stopSession(1, sender=a.tutor)
    assert (evil.hookCalls(), evil.hookSuccess(), evil.hookResponse()) == (1, False, b"")
    assert chain.balance(evil.address) == TOTAL - 10 * RATE


def test_withdraw_cannot_be_reentered(chain, a):
    esc = chain.escrow
    evil = chain.deploy("Reenterer", a.tutor)
    evil.setGasToBurn(500_000, sender=a.tutor)  # too hungry for a push: gets credited
    sid = open_session(chain, a.student, evil.address, RATE, CAP, start=True, starter=a.relayer)
    chain.sleep(100)
    esc.stopSession(sid, sender=a.student)
    assert esc.withdrawable(evil.address, NATIVE) == 200
    evil.setHook(esc.address, esc.withdraw.calldata(NATIVE), sender=a.tutor)
    res = evil.execute(esc.address, esc.withdraw.calldata(NATIVE), 0, sender=a.tutor)
    assert [l.event for l in res.logs] == ["Withdrawn"]
    assert (evil.hookSuccess(), evil.hookResponse()) == (False, b"")
    assert chain.balance(evil.address) == 200
    assert esc.withdrawable(evil.address, NATIVE) == 0


def test_views_during_a_push_show_the_settled_session(chain, a):
    esc = chain.escrow
    evil = chain.deploy("Reenterer", a.tutor)
    sid = open_session(chain, a.student, evil.address, RATE, CAP, start=True, starter=a.relayer)
    chain.sleep(100)
    evil.setHook(esc.address, esc.getSession.calldata(sid), sender=a.tutor)
    # a first payment from outside fills the receiver's storage, so recording the 352-byte answer during the
    # push fits in the push's gas
    assert chain.tx(a.outsider, evil.address, b"", value=1).success
    res = esc.stopSession(sid, sender=a.student)
    assert [l.event for l in res.logs] == ["SessionStopped", "Settled"]
    assert (evil.hookCalls(), evil.hookSuccess()) == (2, True)
    item = next(i for i in esc.abi if i.get("name") == "getSession")
    (record,) = abi_decode([abi_type(o) for o in item["outputs"]], evil.hookResponse())
    status, tutor_paid, refunded = record[8], record[9], record[10]
    assert (status, tutor_paid, refunded) == (STATUS_SETTLED, 200, TOTAL - 200)


@pytest.mark.parametrize("fn", ["deposit", "withdraw", "cancelSession", "extendSession"])
def test_token_cannot_reenter_during_deposit(chain, a, fn):
    esc = chain.escrow
    tok = chain.deploy("TrickyToken")
    other = open_session(chain, a.student, a.tutor, RATE, CAP)
    data = mutating_calls(chain, a, other, other)[fn]
    tok.setHook(esc.address, data, sender=a.outsider)
    fund_token(chain, tok, a.student, TOTAL)
    res = esc.deposit(a.tutor, tok.address, RATE, CAP, sender=a.student)
    assert res.value == 2
    assert (tok.hookCalls(), tok.hookSuccess(), tok.hookResponse()) == (1, False, b"")
    assert tok.balanceOf(esc.address) == TOTAL
    assert esc.getSession(other).status == 1


def test_token_cannot_reenter_during_a_push(chain, a):
    esc = chain.escrow
    tok = chain.deploy("TrickyToken")
    sid = open_session(chain, a.student, a.tutor, RATE, CAP, token=tok, start=True)
    chain.sleep(100)
    tok.setHook(esc.address, esc.settle.calldata(sid), sender=a.outsider)
    res = esc.stopSession(sid, sender=a.tutor)
    assert [l.event for l in res.logs] == ["SessionStopped", "Settled", "Transfer", "Transfer"]
    assert (tok.hookCalls(), tok.hookSuccess(), tok.hookResponse()) == (2, False, b"")
    assert (tok.balanceOf(a.tutor), tok.balanceOf(a.student)) == (200, TOTAL - 200)
