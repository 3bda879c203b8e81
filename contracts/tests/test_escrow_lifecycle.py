"""SessionEscrow: every function's happy path, event fields, and every revert of wrong caller, wrong status and
bad arguments (each checked to change nothing)."""

from __future__ import annotations

import pytest

from helpers import (
    MAX_CAP,
    NATIVE,
    REASON_CAP,
    REASON_RELAYER,
    REASON_STUDENT,
    REASON_TUTOR,
    STATUS_ACTIVE,
    STATUS_CANCELLED,
    STATUS_FUNDED,
    STATUS_SETTLED,
    actors,
    assert_events,
    expect_revert,
    fund_token,
    open_session,
)

RATE, CAP = 7, 600
TOTAL = RATE * CAP


@pytest.fixture
def a(chain):
    return actors(chain)


# --- deposit ---------------------------------------------------------------------------------------------------

def test_deposit_native_opens_a_funded_session(chain, a):
    esc = chain.escrow
    before = chain.balance(a.student)
    res = esc.deposit(a.tutor, NATIVE, RATE, CAP, sender=a.student, value=TOTAL)
    assert res.value == 1
    assert_events(res, [(esc, "Deposited", {"sessionId": 1, "student": a.student, "tutor": a.tutor,
                                            "token": NATIVE, "ratePerSecond": RATE, "capSeconds": CAP})])
    assert chain.balance(a.student) == before - TOTAL
    assert chain.balance(esc.address) == TOTAL
    assert dict(esc.getSession(1)) == {
        "student": a.student, "tutor": a.tutor, "token": NATIVE, "ratePerSecond": RATE, "capSeconds": CAP,
        "openedAt": chain.timestamp, "startedAt": 0, "endedAt": 0, "status": STATUS_FUNDED,
        "tutorPaid": 0, "studentRefunded": 0}
    assert esc.nextSessionId() == 2
    assert esc.billableSeconds(1) == 0
    assert esc.owed(1) == (0, TOTAL)


def test_session_ids_count_up_from_one(chain, a):
    esc = chain.escrow
    assert esc.nextSessionId() == 1
    ids = [esc.deposit(a.tutor, NATIVE, 1, 1, sender=a.student, value=1).value for _ in range(3)]
    assert ids == [1, 2, 3]
    assert esc.nextSessionId() == 4


def test_deposit_erc20_pulls_with_transfer_from(chain, a):
    esc, tok = chain.escrow, chain.token
    fund_token(chain, tok, a.student, TOTAL + 5)
    res = esc.deposit(a.tutor, tok.address, RATE, CAP, sender=a.student)
    assert res.value == 1
    assert_events(res, [
        (tok, "Transfer", {"sender": a.student, "receiver": esc.address, "value": TOTAL}),
        (esc, "Deposited", {"sessionId": 1, "student": a.student, "tutor": a.tutor, "token": tok.address,
                            "ratePerSecond": RATE, "capSeconds": CAP}),
    ])
    assert tok.balanceOf(esc.address) == TOTAL
    assert tok.balanceOf(a.student) == 5
    assert tok.allowance(a.student, esc.address) == 5
    assert esc.getSession(1).token == tok.address


def test_deposit_accepts_the_largest_cap(chain, a):
    esc = chain.escrow
    res = esc.deposit(a.tutor, NATIVE, 1, MAX_CAP, sender=a.student, value=MAX_CAP)
    assert esc.getSession(res.value).capSeconds == MAX_CAP


@pytest.mark.parametrize("case", [
    "zero tutor", "tutor is student", "zero rate", "zero cap", "cap too large", "amount overflow",
    "wrong value (less)", "wrong value (more)", "wrong value (none)", "value with token",
    "token not a contract", "transfer failed (allowance)",
])
def test_deposit_reverts(chain, a, case):
    esc, tok = chain.escrow, chain.token
    fund_token(chain, tok, a.student, TOTAL)
    args = [a.tutor, NATIVE, RATE, CAP]
    value = TOTAL
    reason = "escrow: " + case.split(" (")[0]
    if case == "zero tutor":
        args[0] = NATIVE
    elif case == "tutor is student":
        args[0] = a.student
    elif case == "zero rate":
        args[2] = 0
    elif case == "zero cap":
        args[3] = 0
    elif case == "cap too large":
        args[2], args[3], value = 1, MAX_CAP + 1, MAX_CAP + 1
    elif case == "amount overflow":
        args[2], args[3], value = 2**255, 2, 0
    elif case == "wrong value (less)":
        value = TOTAL - 1
    elif case == "wrong value (more)":
        value = TOTAL + 1
    elif case == "wrong value (none)":
        value = 0
    elif case == "value with token":
        args[1] = tok.address
        value = 1
    elif case == "token not a contract":
        args[1], value = a.outsider, 0
    elif case == "transfer failed (allowance)":
        args[1], args[3], value = tok.address, CAP + 1, 0
        reason = "token: insufficient allowance"  # the token's own revert is passed through
    expect_revert(chain, reason, esc.deposit, *args, sender=a.student, value=value, tokens=(tok,))


# --- startSession ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["tutor", "relayer"])
def test_start_by_tutor_or_relayer(chain, a, who):
    esc = chain.escrow
    sid = open_session(chain, a.student, a.tutor, RATE, CAP)
    chain.sleep(30)
    res = esc.startSession(sid, sender=getattr(a, who))
    assert_events(res, [(esc, "SessionStarted", {"sessionId": sid, "startedAt": chain.timestamp})])
    s = esc.getSession(sid)
    assert (s.status, s.startedAt, s.openedAt) == (STATUS_ACTIVE, chain.timestamp, chain.timestamp - 30)
    assert esc.owed(sid) == (0, TOTAL)


@pytest.mark.parametrize("case", ["unknown 0", "unknown 9", "student", "outsider", "owner", "disabled relayer",
                                  "active", "settled", "cancelled"])
def test_start_reverts(chain, a, case):
    esc = chain.escrow
    sid = open_session(chain, a.student, a.tutor, RATE, CAP)
    caller, reason = a.tutor, "escrow: not tutor or relayer"
    if case.startswith("unknown"):
        sid, reason = int(case.split()[1]), "escrow: unknown session"
    elif case in ("student", "outsider"):
        caller = getattr(a, case)
    elif case == "owner":
        caller = a.deployer
    elif case == "disabled relayer":
        esc.setRelayer(a.relayer, False, sender=a.deployer)
        caller = a.relayer
    elif case == "active":
        esc.startSession(sid, sender=a.tutor)
        reason = "escrow: not funded"
    elif case == "settled":
        esc.startSession(sid, sender=a.tutor)
        chain.sleep(10)
        esc.stopSession(sid, sender=a.student)
        reason = "escrow: not funded"
    elif case == "cancelled":
        esc.cancelSession(sid, sender=a.student)
        reason = "escrow: not funded"
    expect_revert(chain, reason, esc.startSession, sid, sender=caller)


# --- stopSession -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("who,reason", [("student", REASON_STUDENT), ("tutor", REASON_TUTOR)])
def test_stop_by_participant_pays_both(chain, a, who, reason):
    esc = chain.escrow
    sid = open_session(chain, a.student, a.tutor, RATE, CAP, start=True)
    started = chain.timestamp
    chain.sleep(125)
    s0, t0 = chain.balance(a.student), chain.balance(a.tutor)
    caller = getattr(a, who)
    res = esc.stopSession(sid, sender=caller)
    paid, refund = 125 * RATE, TOTAL - 125 * RATE
    assert_events(res, [
        (esc, "SessionStopped", {"sessionId": sid, "endedAt": started + 125, "stoppedBy": caller, "reason": reason}),
        (esc, "Settled", {"sessionId": sid, "tutorAmount": paid, "studentRefund": refund}),
    ])
    assert chain.balance(a.tutor) - t0 == paid
    assert chain.balance(a.student) - s0 == refund
    assert chain.balance(esc.address) == 0
    s = esc.getSession(sid)
    assert (s.status, s.startedAt, s.endedAt, s.tutorPaid, s.studentRefunded) == \
        (STATUS_SETTLED, started, started + 125, paid, refund)
    assert esc.billableSeconds(sid) == 125
    assert esc.owed(sid) == (paid, refund)
    assert esc.secondsLearned(a.student) == 125
    assert esc.secondsTaught(a.tutor) == 125
    chain.sleep(1000)  # a settled session's figures no longer move with time
    assert esc.billableSeconds(sid) == 125
    assert esc.owed(sid) == (paid, refund)


def test_stop_erc20_session_pays_in_the_token(chain, a):
    esc, tok = chain.escrow, chain.token
    sid = open_session(chain, a.student, a.tutor, RATE, CAP, token=tok, start=True)
    chain.sleep(100)
    res = esc.stopSession(sid, sender=a.tutor)
    assert_events(res, [
        (esc, "SessionStopped", {"sessionId": sid, "endedAt": chain.timestamp, "stoppedBy": a.tutor,
                                 "reason": REASON_TUTOR}),
        (esc, "Settled", {"sessionId": sid, "tutorAmount": 700, "studentRefund": TOTAL - 700}),
        (tok, "Transfer", {"sender": esc.address, "receiver": a.tutor, "value": 700}),
        (tok, "Transfer", {"sender": esc.address, "receiver": a.student, "value": TOTAL - 700}),
    ])
    assert tok.balanceOf(a.tutor) == 700
    assert tok.balanceOf(a.student) == TOTAL - 700
    assert tok.balanceOf(esc.address) == 0


def test_stop_in_the_start_second_bills_nothing(chain, a):
    esc = chain.escrow
    sid = open_session(chain, a.student, a.tutor, RATE, CAP, start=True)
    t0 = chain.balance(a.tutor)
    res = esc.stopSession(sid, sender=a.student)
    assert_events(res, [
        (esc, "SessionStopped", {"sessionId": sid, "endedAt": chain.timestamp, "stoppedBy": a.student,
                                 "reason": REASON_STUDENT}),
        (esc, "Settled", {"sessionId": sid, "tutorAmount": 0, "studentRefund": TOTAL}),
    ])
    assert chain.balance(a.tutor) == t0
    assert esc.billableSeconds(sid) == 0


@pytest.mark.parametrize("late", [0, 1, 10_000])
def test_stop_at_or_after_the_cap_ends_at_the_cap(chain, a, late):
    esc = chain.escrow
    sid = open_session(chain, a.student, a.tutor, RATE, CAP, start=True)
    started = chain.timestamp
    chain.sleep(CAP + late)
    assert esc.billableSeconds(sid) == CAP
    assert esc.owed(sid) == (TOTAL, 0)
    res = esc.stopSession(sid, sender=a.student)
    assert_events(res, [
        (esc, "SessionStopped", {"sessionId": sid, "endedAt": started + CAP, "stoppedBy": a.student,
                                 "reason": REASON_CAP}),
        (esc, "Settled", {"sessionId": sid, "tutorAmount": TOTAL, "studentRefund": 0}),
    ])
    assert esc.getSession(sid).endedAt == started + CAP


@pytest.mark.parametrize("case", ["unknown", "outsider", "relayer", "owner", "funded", "settled", "cancelled"])
def test_stop_reverts(chain, a, case):
    esc = chain.escrow
    sid = open_session(chain, a.student, a.tutor, RATE, CAP)
    caller, reason = a.student, "escrow: not participant"
    if case != "funded" and case != "cancelled":
        esc.startSession(sid, sender=a.tutor)
    chain.sleep(5)
    if case == "unknown":
        sid, reason = 2, "escrow: unknown session"
    elif case in ("outsider", "relayer"):
        caller = getattr(a, case)
    elif case == "owner":
        caller = a.deployer
    elif case == "funded":
        reason = "escrow: not active"
    elif case == "settled":
        esc.stopSession(sid, sender=a.tutor)
        reason = "escrow: not active"
    elif case == "cancelled":
        esc.cancelSession(sid, sender=a.tutor)
        reason = "escrow: not active"
    expect_revert(chain, reason, esc.stopSession, sid, sender=caller)


# --- stopSessionAt ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("offset", [0, 1, 41, 80])
def test_relayer_stops_at_the_last_moment_both_were_seen(chain, a, offset):
    esc = chain.escrow
    sid = open_session(chain, a.student, a.tutor, RATE, CAP, start=True)
    started = chain.timestamp
    chain.sleep(80)  # detection delay: the call dropped at started + offset
    s0, t0 = chain.balance(a.student), chain.balance(a.tutor)
    res = esc.stopSessionAt(sid, started + offset, sender=a.relayer)
    assert_events(res, [
        (esc, "SessionStopped", {"sessionId": sid, "endedAt": started + offset, "stoppedBy": a.relayer,
                                 "reason": REASON_RELAYER}),
        (esc, "Settled", {"sessionId": sid, "tutorAmount": offset * RATE, "studentRefund": TOTAL - offset * RATE}),
    ])
    assert chain.balance(a.tutor) - t0 == offset * RATE
    assert chain.balance(a.student) - s0 == TOTAL - offset * RATE
    assert chain.balance(a.relayer) == 10_000 * 10**18  # gas price 0: the relayer neither pays nor gets
    assert esc.getSession(sid).endedAt == started + offset


def test_relayer_stop_past_the_cap_ends_at_the_cap(chain, a):
    esc = chain.escrow
    sid = open_session(chain, a.student, a.tutor, RATE, CAP, start=True)
    started = chain.timestamp
    chain.sleep(CAP + 50)
    res = esc.stopSessionAt(sid, started + CAP + 20, sender=a.relayer)
    assert_events(res, [
        (esc, "SessionStopped", {"sessionId": sid, "endedAt": started + CAP, "stoppedBy": a.relayer,
                                 "reason": REASON_CAP}),
        (esc, "Settled", {"sessionId": sid, "tutorAmount": TOTAL, "studentRefund": 0}),
    ])


@pytest.mark.parametrize("case", ["unknown", "student", "tutor", "owner", "disabled relayer", "funded",
                                  "before start", "in future", "settled"])
def test_stop_at_reverts(chain, a, case):
    esc = chain.escrow
    sid = open_session(chain, a.student, a.tutor, RATE, CAP)
    if case != "funded":
        esc.startSession(sid, sender=a.relayer)
    started = chain.timestamp
    chain.sleep(50)
    caller, ended, reason = a.relayer, started + 10, "escrow: not relayer"
    if case == "unknown":
        sid, reason = 3, "escrow: unknown session"
    elif case in ("student", "tutor"):
        caller = getattr(a, case)
    elif case == "owner":
        caller = a.deployer
    elif case == "disabled relayer":
        esc.setRelayer(a.relayer, False, sender=a.deployer)
    elif case == "funded":
        reason = "escrow: not active"
    elif case == "before start":
        ended, reason = started - 1, "escrow: ended before start"
    elif case == "in future":
        ended, reason = chain.timestamp + 1, "escrow: ended in future"
    elif case == "settled":
        esc.stopSessionAt(sid, started + 5, sender=a.relayer)
        reason = "escrow: not active"
    expect_revert(chain, reason, esc.stopSessionAt, sid, ended, sender=caller)


# --- settle ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("late", [0, 3600])
def test_anyone_settles_at_the_cap(chain, a, late):
    esc = chain.escrow
    sid = open_session(chain, a.student, a.tutor, RATE, CAP, start=True)
    started = chain.timestamp
    chain.sleep(CAP + late)
    t0 = chain.balance(a.tutor)
    res = esc.settle(sid, sender=a.outsider)
    assert_events(res, [
        (esc, "SessionStopped", {"sessionId": sid, "endedAt": started + CAP, "stoppedBy": a.outsider,
                                 "reason": REASON_CAP}),
        (esc, "Settled", {"sessionId": sid, "tutorAmount": TOTAL, "studentRefund": 0}),
    ])
    assert chain.balance(a.tutor) - t0 == TOTAL
    assert esc.getSession(sid).status == STATUS_SETTLED


@pytest.mark.parametrize("case", ["unknown", "funded", "before cap", "settled", "cancelled"])
def test_settle_reverts(chain, a, case):
    esc = chain.escrow
    sid = open_session(chain, a.student, a.tutor, RATE, CAP)
    reason = "escrow: not active"
    if case == "unknown":
        sid, reason = 0, "escrow: unknown session"
    elif case == "before cap":
        esc.startSession(sid, sender=a.tutor)
        chain.sleep(CAP - 1)
        reason = "escrow: cap not reached"
    elif case == "settled":
        esc.startSession(sid, sender=a.tutor)
        chain.sleep(CAP)
        esc.settle(sid, sender=a.outsider)
    elif case == "cancelled":
        esc.cancelSession(sid, sender=a.relayer)
    expect_revert(chain, reason, esc.settle, sid, sender=a.outsider)


# --- extendSession ---------------------------------------------------------------------------------------------

def test_extend_funded_native(chain, a):
    esc = chain.escrow
    sid = open_session(chain, a.student, a.tutor, RATE, CAP)
    res = esc.extendSession(sid, 60, sender=a.student, value=60 * RATE)
    assert_events(res, [(esc, "SessionExtended", {"sessionId": sid, "capSeconds": CAP + 60})])
    assert esc.getSession(sid).capSeconds == CAP + 60
    assert chain.balance(esc.address) == TOTAL + 60 * RATE
    assert esc.owed(sid) == (0, TOTAL + 60 * RATE)


def test_extend_active_erc20_then_run_to_the_new_cap(chain, a):
    esc, tok = chain.escrow, chain.token
    sid = open_session(chain, a.student, a.tutor, RATE, CAP, token=tok, start=True)
    started = chain.timestamp
    chain.sleep(CAP - 1)
    fund_token(chain, tok, a.student, 100 * RATE)
    res = esc.extendSession(sid, 100, sender=a.student)
    assert_events(res, [
        (tok, "Transfer", {"sender": a.student, "receiver": esc.address, "value": 100 * RATE}),
        (esc, "SessionExtended", {"sessionId": sid, "capSeconds": CAP + 100}),
    ])
    chain.sleep(1)
    expect_revert(chain, "escrow: cap not reached", esc.settle, sid, sender=a.outsider, tokens=(tok,))
    chain.warp(started + CAP + 100)
    res = esc.settle(sid, sender=a.outsider)
    assert res.events("Settled")[0].args == {"sessionId": sid, "tutorAmount": (CAP + 100) * RATE,
                                              "studentRefund": 0}
    assert tok.balanceOf(a.tutor) == (CAP + 100) * RATE


@pytest.mark.parametrize("case", ["unknown", "tutor", "relayer", "settled", "cancelled", "zero extension",
                                  "cap reached", "cap too large", "amount overflow", "wrong value",
                                  "value with token"])
def test_extend_reverts(chain, a, case):
    esc, tok = chain.escrow, chain.token
    rate = RATE
    if case == "amount overflow":
        rate = 2**193  # with cap 1, extending to a cap of 2**64 - 1 overflows rate * cap
        sid = open_session(chain, a.student, a.tutor, rate, 1, token=tok)
    else:
        sid = open_session(chain, a.student, a.tutor, rate, CAP, token=tok if case == "value with token" else None)
    caller, extra, value = a.student, 10, 10 * rate
    reason = "escrow: " + case
    if case == "unknown":
        sid, reason = 5, "escrow: unknown session"
    elif case in ("tutor", "relayer"):
        caller, reason = getattr(a, case), "escrow: not student"
    elif case == "settled":
        esc.startSession(sid, sender=a.tutor)
        esc.stopSession(sid, sender=a.tutor)
        reason = "escrow: not funded or active"
    elif case == "cancelled":
        esc.cancelSession(sid, sender=a.tutor)
        reason = "escrow: not funded or active"
    elif case == "zero extension":
        extra, value = 0, 0
    elif case == "cap reached":
        esc.startSession(sid, sender=a.tutor)
        chain.sleep(CAP)
    elif case == "cap too large":
        extra, value = MAX_CAP - CAP + 1, 0
    elif case == "amount overflow":
        extra, value = 2**64 - 2, 0
    elif case == "wrong value":
        value = 10 * rate - 1
    elif case == "value with token":
        fund_token(chain, tok, a.student, 10 * rate)
        value = 1
    expect_revert(chain, reason, esc.extendSession, sid, extra, sender=caller, value=value, tokens=(tok,))


def test_extend_active_just_before_the_cap_works(chain, a):
    esc = chain.escrow
    sid = open_session(chain, a.student, a.tutor, RATE, CAP, start=True)
    chain.sleep(CAP - 1)
    esc.extendSession(sid, 1, sender=a.student, value=RATE)
    assert esc.getSession(sid).capSeconds == CAP + 1


# --- cancelSession ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["student", "tutor", "relayer"])
def test_cancel_refunds_everything(chain, a, who):
    esc = chain.escrow
    sid = open_session(chain, a.student, a.tutor, RATE, CAP)
    esc.extendSession(sid, 10, sender=a.student, value=10 * RATE)
    s0 = chain.balance(a.student)
    caller = getattr(a, who)
    res = esc.cancelSession(sid, sender=caller)
    assert_events(res, [(esc, "SessionCancelled", {"sessionId": sid, "by": caller})])
    assert chain.balance(a.student) - s0 == TOTAL + 10 * RATE
    assert chain.balance(esc.address) == 0
    s = esc.getSession(sid)
    assert (s.status, s.tutorPaid, s.studentRefunded, s.startedAt, s.endedAt) == \
        (STATUS_CANCELLED, 0, TOTAL + 10 * RATE, 0, 0)
    assert esc.owed(sid) == (0, TOTAL + 10 * RATE)
    assert esc.billableSeconds(sid) == 0


def test_cancel_erc20_session(chain, a):
    esc, tok = chain.escrow, chain.token
    sid = open_session(chain, a.student, a.tutor, RATE, CAP, token=tok)
    res = esc.cancelSession(sid, sender=a.relayer)
    assert_events(res, [
        (esc, "SessionCancelled", {"sessionId": sid, "by": a.relayer}),
        (tok, "Transfer", {"sender": esc.address, "receiver": a.student, "value": TOTAL}),
    ])
    assert tok.balanceOf(a.student) == TOTAL


@pytest.mark.parametrize("case", ["unknown", "outsider", "owner", "active", "settled", "cancelled"])
def test_cancel_reverts(chain, a, case):
    esc = chain.escrow
    sid = open_session(chain, a.student, a.tutor, RATE, CAP)
    caller, reason = a.student, "escrow: not funded"
    if case == "unknown":
        sid, reason = 7, "escrow: unknown session"
    elif case in ("outsider", "owner"):
        caller = a.outsider if case == "outsider" else a.deployer
        reason = "escrow: not participant or relayer"
    elif case == "active":
        esc.startSession(sid, sender=a.tutor)
    elif case == "settled":
        esc.startSession(sid, sender=a.tutor)
        esc.stopSession(sid, sender=a.tutor)
    elif case == "cancelled":
        esc.cancelSession(sid, sender=a.tutor)
    expect_revert(chain, reason, esc.cancelSession, sid, sender=caller)


# --- views over time -------------------------------------------------------------------------------------------

def test_billable_seconds_and_owed_follow_the_clock(chain, a):
    esc = chain.escrow
    sid = open_session(chain, a.student, a.tutor, RATE, CAP)
    assert esc.getSession(99) == {"student": NATIVE, "tutor": NATIVE, "token": NATIVE, "ratePerSecond": 0,
                                  "capSeconds": 0, "openedAt": 0, "startedAt": 0, "endedAt": 0, "status": 0,
                                  "tutorPaid": 0, "studentRefunded": 0}
    assert esc.billableSeconds(99) == 0 and esc.owed(99) == (0, 0)
    chain.sleep(100)
    assert esc.billableSeconds(sid) == 0  # funded: the clock does not run yet
    esc.startSession(sid, sender=a.tutor)
    for elapsed in (0, 1, 299, CAP - 1, CAP, CAP + 1, 5 * CAP):
        with chain.anchor():
            chain.sleep(elapsed)
            assert esc.billableSeconds(sid) == min(elapsed, CAP)
            assert esc.owed(sid) == (min(elapsed, CAP) * RATE, TOTAL - min(elapsed, CAP) * RATE)


def test_seconds_learned_and_taught_accumulate(chain, a):
    esc = chain.escrow
    for tutor, seconds in ((a.tutor, 10), (a.tutor2, 20), (a.tutor, 30)):
        sid = open_session(chain, a.student, tutor, 1, 100, start=True)
        chain.sleep(seconds)
        esc.stopSession(sid, sender=a.student)
    assert esc.secondsLearned(a.student) == 60
    assert esc.secondsTaught(a.tutor) == 40
    assert esc.secondsTaught(a.tutor2) == 20
    assert esc.secondsLearned(a.tutor) == 0
