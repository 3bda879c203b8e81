"""SessionEscrow: pushed payments that fail are credited, never block the other party, and are withdrawn later;
the gas a push gets is fixed, whatever gas the transaction was sent with."""

from __future__ import annotations

import pytest

from helpers import (
    NATIVE,
    STATUS_SETTLED,
    actors,
    assert_events,
    expect_revert,
    open_session,
)
from evm import Reverted, error_data

RATE, CAP = 5, 1000
TOTAL = RATE * CAP
PUSH_GAS = 100_000


@pytest.fixture
def a(chain):
    return actors(chain)


def refusing_wallet(chain, owner):
    return chain.deploy("Wallet", owner, False, sender=owner)


def wallet_deposit(chain, wallet, owner, tutor, rate, cap):
    """The wallet (a contract) opens a native session as the student."""
    esc = chain.escrow
    data = esc.deposit.calldata(tutor, NATIVE, rate, cap)
    wallet.execute(esc.address, data, rate * cap, sender=owner, value=rate * cap)
    return esc.nextSessionId() - 1


def test_refusing_tutor_is_credited_and_the_student_is_still_refunded(chain, a):
    esc = chain.escrow
    wallet = refusing_wallet(chain, a.tutor)
    sid = open_session(chain, a.student, wallet.address, RATE, CAP, start=True, starter=a.relayer)
    chain.sleep(200)
    s0 = chain.balance(a.student)
    res = esc.stopSession(sid, sender=a.student)
    assert_events(res, [
        (esc, "SessionStopped", {"sessionId": sid, "endedAt": chain.timestamp, "stoppedBy": a.student, "reason": 0}),
        (esc, "Settled", {"sessionId": sid, "tutorAmount": 1000, "studentRefund": TOTAL - 1000}),
        (esc, "PaymentCredited", {"sessionId": sid, "account": wallet.address, "token": NATIVE, "amount": 1000}),
    ])
    assert chain.balance(a.student) - s0 == TOTAL - 1000
    assert chain.balance(wallet.address) == 0
    assert esc.withdrawable(wallet.address, NATIVE) == 1000
    assert chain.balance(esc.address) == 1000
    s = esc.getSession(sid)
    assert (s.status, s.tutorPaid, s.studentRefunded) == (STATUS_SETTLED, 1000, TOTAL - 1000)

    # withdrawing while still refusing fails and keeps the credit
    withdraw = esc.withdraw.calldata(NATIVE)
    expect_revert(chain, "escrow: withdraw failed", wallet.execute, esc.address, withdraw, 0, sender=a.tutor,
                  extra=(wallet.address,))
    assert esc.withdrawable(wallet.address, NATIVE) == 1000

    wallet.setAccepting(True, sender=a.tutor)
    res = wallet.execute(esc.address, withdraw, 0, sender=a.tutor)
    assert_events(res, [(esc, "Withdrawn", {"account": wallet.address, "token": NATIVE, "amount": 1000})])
    assert chain.balance(wallet.address) == 1000
    assert esc.withdrawable(wallet.address, NATIVE) == 0
    assert chain.balance(esc.address) == 0
    expect_revert(chain, "escrow: nothing to withdraw", wallet.execute, esc.address, withdraw, 0, sender=a.tutor,
                  extra=(wallet.address,))


def test_refusing_student_is_credited_and_the_tutor_is_still_paid(chain, a):
    esc = chain.escrow
    wallet = refusing_wallet(chain, a.student)
    sid = wallet_deposit(chain, wallet, a.student, a.tutor, RATE, CAP)
    esc.startSession(sid, sender=a.tutor)
    chain.sleep(300)
    t0 = chain.balance(a.tutor)
    res = esc.stopSessionAt(sid, chain.timestamp - 100, sender=a.relayer)
    assert res.events("PaymentCredited")[0].args == {"sessionId": sid, "account": wallet.address,
                                                     "token": NATIVE, "amount": TOTAL - 1000}
    assert chain.balance(a.tutor) - t0 == 1000
    assert esc.withdrawable(wallet.address, NATIVE) == TOTAL - 1000


def test_both_refusing_are_both_credited(chain, a):
    esc = chain.escrow
    sw, tw = refusing_wallet(chain, a.student), refusing_wallet(chain, a.tutor)
    sid = wallet_deposit(chain, sw, a.student, tw.address, RATE, CAP)
    esc.startSession(sid, sender=a.relayer)
    chain.sleep(CAP + 10)
    res = esc.settle(sid, sender=a.outsider)
    assert [l.args["account"] for l in res.events("PaymentCredited")] == [tw.address]  # refund is 0: no push
    assert esc.withdrawable(tw.address, NATIVE) == TOTAL
    sid = wallet_deposit(chain, sw, a.student, tw.address, RATE, CAP)
    esc.startSession(sid, sender=a.relayer)
    chain.sleep(10)
    res = esc.stopSessionAt(sid, chain.timestamp, sender=a.relayer)
    assert [(l.args["account"], l.args["amount"]) for l in res.events("PaymentCredited")] == \
        [(tw.address, 50), (sw.address, TOTAL - 50)]
    assert chain.balance(esc.address) == TOTAL + TOTAL == \
        esc.withdrawable(tw.address, NATIVE) + esc.withdrawable(sw.address, NATIVE)


def test_cancel_to_a_refusing_student_is_credited(chain, a):
    esc = chain.escrow
    wallet = refusing_wallet(chain, a.student)
    sid = wallet_deposit(chain, wallet, a.student, a.tutor, RATE, CAP)
    res = esc.cancelSession(sid, sender=a.tutor)
    assert_events(res, [
        (esc, "SessionCancelled", {"sessionId": sid, "by": a.tutor}),
        (esc, "PaymentCredited", {"sessionId": sid, "account": wallet.address, "token": NATIVE, "amount": TOTAL}),
    ])
    assert esc.withdrawable(wallet.address, NATIVE) == TOTAL


def test_credits_accumulate_across_sessions_and_withdraw_at_once(chain, a):
    esc = chain.escrow
    wallet = refusing_wallet(chain, a.tutor)
    for seconds in (10, 20, 30):
        sid = open_session(chain, a.student, wallet.address, RATE, CAP, start=True, starter=a.relayer)
        chain.sleep(seconds)
        esc.stopSession(sid, sender=a.student)
    assert esc.withdrawable(wallet.address, NATIVE) == 60 * RATE
    wallet.setAccepting(True, sender=a.tutor)
    res = wallet.execute(esc.address, esc.withdraw.calldata(NATIVE), 0, sender=a.tutor)
    assert res.events("Withdrawn")[0].args["amount"] == 60 * RATE
    assert chain.balance(wallet.address) == 60 * RATE


def test_withdraw_with_nothing_credited(chain, a):
    esc = chain.escrow
    expect_revert(chain, "escrow: nothing to withdraw", esc.withdraw, NATIVE, sender=a.tutor)
    expect_revert(chain, "escrow: nothing to withdraw", esc.withdraw, chain.token.address, sender=a.tutor)


# --- ERC-20 pushes that fail -----------------------------------------------------------------------------------

MODE_REVERT, MODE_FALSE, MODE_BURN = 1, 2, 3


@pytest.mark.parametrize("mode", [MODE_REVERT, MODE_FALSE, MODE_BURN], ids=["reverts", "returns false", "burns gas"])
def test_token_push_failure_is_credited_then_withdrawn(chain, a, mode):
    esc = chain.escrow
    tok = chain.deploy("TrickyToken")
    sid = open_session(chain, a.student, a.tutor, RATE, CAP, token=tok, start=True)
    tok.setMode(a.tutor, mode, sender=a.outsider)  # e.g. the tutor lands on the token's block list
    chain.sleep(100)
    res = esc.stopSession(sid, sender=a.student)
    assert_events(res, [
        (esc, "SessionStopped", {"sessionId": sid, "endedAt": chain.timestamp, "stoppedBy": a.student, "reason": 0}),
        (esc, "Settled", {"sessionId": sid, "tutorAmount": 500, "studentRefund": TOTAL - 500}),
        (esc, "PaymentCredited", {"sessionId": sid, "account": a.tutor, "token": tok.address, "amount": 500}),
        (tok, "Transfer", {"sender": esc.address, "receiver": a.student, "value": TOTAL - 500}),
    ])
    assert tok.balanceOf(a.student) == TOTAL - 500
    assert tok.balanceOf(esc.address) == 500 == esc.withdrawable(a.tutor, tok.address)
    if mode != MODE_BURN:  # (burning all gas makes the whole withdraw run out of gas instead)
        expect_revert(chain, "escrow: withdraw failed", esc.withdraw, tok.address, sender=a.tutor, tokens=(tok,))
    tok.setMode(a.tutor, 0, sender=a.outsider)
    res = esc.withdraw(tok.address, sender=a.tutor)
    assert_events(res, [
        (esc, "Withdrawn", {"account": a.tutor, "token": tok.address, "amount": 500}),
        (tok, "Transfer", {"sender": esc.address, "receiver": a.tutor, "value": 500}),
    ])
    assert tok.balanceOf(a.tutor) == 500
    assert tok.balanceOf(esc.address) == 0


# Runtime bytecodes swapped in for a token after the deposit, to reach what Vyper cannot write.
RETURNS_ONE_BYTE = bytes.fromhex("600160005360016000f3")  # returns 0x01 (1 byte)
RETURNS_TWO = bytes.fromhex("600260005260206000f3")  # returns the word 2
RETURNS_FALSE_SHORT_WORD = bytes.fromhex("60006000f3")  # returns nothing (like a no-bool token)


@pytest.mark.parametrize("code,credited", [
    (RETURNS_ONE_BYTE, True), (RETURNS_TWO, True), (b"", True), (RETURNS_FALSE_SHORT_WORD, False),
], ids=["one byte", "word two", "no code", "empty return"])
def test_token_results_other_than_true_or_nothing_count_as_failure(chain, a, code, credited):
    esc = chain.escrow
    tok = chain.deploy("TrickyToken")
    sid = open_session(chain, a.student, a.tutor, RATE, CAP, token=tok, start=True)
    chain.sleep(10)
    chain.env.set_code(tok.address, code)
    res = esc.stopSession(sid, sender=a.tutor)
    credits = [(l.args["account"], l.args["amount"]) for l in res.events("PaymentCredited")]
    if credited:
        assert credits == [(a.tutor, 50), (a.student, TOTAL - 50)]
    else:
        assert credits == []  # an empty result from a contract is a success (tokens without a bool)


# --- the gas a push gets ---------------------------------------------------------------------------------------

def min_gas_to_accept(chain, receiver, sender) -> int:
    lo, hi = 21_000, 2_000_000
    while lo < hi:
        mid = (lo + hi) // 2
        with chain.anchor():
            ok = chain.tx(sender, receiver, b"", value=1, gas=mid).success
        lo, hi = (lo, mid) if ok else (mid + 1, hi)
    return lo


def test_a_receiver_within_the_push_gas_is_paid_at_every_gas_limit(chain, a):
    """Whatever gas the stopping transaction carries, a receiver needing less than PUSH_GAS is paid, or the
    whole transaction reverts: a low gas limit can never turn its payment into a credit."""
    esc = chain.escrow
    hungry = chain.deploy("Reenterer", a.tutor)
    hungry.setGasToBurn(95_000, sender=a.tutor)
    need = min_gas_to_accept(chain, hungry.address, a.outsider)
    assert 95_000 < need < PUSH_GAS, need  # just under what a push hands over
    sid = open_session(chain, a.student, hungry.address, RATE, CAP, start=True, starter=a.relayer)
    chain.sleep(40)
    data = esc.stopSession.calldata(sid)
    reasons = set()
    for gas in range(60_000, 400_001, 5_000):
        with chain.anchor():
            res = chain.tx(a.student, esc.address, data, gas=gas)
            if res.success:
                assert [l.event for l in res.logs] == ["SessionStopped", "Settled"], gas
                assert chain.balance(hungry.address) == 200
            else:
                reasons.add(res.reason)
    assert "escrow: gas too low for push" in reasons
    assert chain.tx(a.student, esc.address, data, gas=400_000).success


def test_a_receiver_needing_more_than_the_push_gas_is_credited(chain, a):
    esc = chain.escrow
    hungry = chain.deploy("Reenterer", a.tutor)
    hungry.setGasToBurn(150_000, sender=a.tutor)
    sid = open_session(chain, a.student, hungry.address, RATE, CAP, start=True, starter=a.relayer)
    chain.sleep(40)
    res = esc.stopSession(sid, sender=a.student)
    assert res.events("PaymentCredited")[0].args["amount"] == 200
    assert chain.balance(hungry.address) == 0
    # withdraw forwards all the gas there is
    res = hungry.execute(esc.address, esc.withdraw.calldata(NATIVE), 0, sender=a.tutor)
    assert chain.balance(hungry.address) == 200


def test_reverting_withdraw_passes_the_escrow_reason_through_a_wallet(chain, a):
    esc = chain.escrow
    wallet = refusing_wallet(chain, a.tutor)
    try:
        wallet.execute(esc.address, esc.withdraw.calldata(NATIVE), 0, sender=a.tutor)
    except Reverted as e:
        assert e.data == error_data("escrow: nothing to withdraw")
    else:
        raise AssertionError("withdraw should revert")
