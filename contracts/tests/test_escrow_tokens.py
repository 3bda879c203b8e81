"""SessionEscrow with non-standard ERC-20s: tokens that return no bool work; tokens that charge a fee on
transfer, or return false, are refused at deposit and extension."""

from __future__ import annotations

import pytest

from helpers import NATIVE, actors, assert_events, expect_revert, fund_token, open_session

RATE, CAP = 3, 500
TOTAL = RATE * CAP


@pytest.fixture
def a(chain):
    return actors(chain)


def test_no_bool_token_full_lifecycle(chain, a):
    esc = chain.escrow
    tok = chain.deploy("NoBoolToken")
    fund_token(chain, tok, a.student, 2 * TOTAL + 10 * RATE)
    res = esc.deposit(a.tutor, tok.address, RATE, CAP, sender=a.student)
    assert res.value == 1
    assert tok.balanceOf(esc.address) == TOTAL
    esc.extendSession(1, 10, sender=a.student)
    esc.startSession(1, sender=a.tutor)
    chain.sleep(100)
    res = esc.stopSession(1, sender=a.student)
    assert_events(res, [
        (esc, "SessionStopped", {"sessionId": 1, "endedAt": chain.timestamp, "stoppedBy": a.student, "reason": 0}),
        (esc, "Settled", {"sessionId": 1, "tutorAmount": 300, "studentRefund": TOTAL + 30 - 300}),
        (tok, "Transfer", {"sender": esc.address, "receiver": a.tutor, "value": 300}),
        (tok, "Transfer", {"sender": esc.address, "receiver": a.student, "value": TOTAL + 30 - 300}),
    ])
    assert tok.balanceOf(a.tutor) == 300
    assert tok.balanceOf(esc.address) == 0
    sid = esc.deposit(a.tutor, tok.address, RATE, CAP, sender=a.student).value
    esc.cancelSession(sid, sender=a.relayer)
    assert tok.balanceOf(a.student) == 2 * TOTAL + 10 * RATE - 300


def test_no_bool_token_without_allowance_reverts(chain, a):
    esc = chain.escrow
    tok = chain.deploy("NoBoolToken")
    tok.mint(a.student, TOTAL, sender=a.student)
    expect_revert(chain, None, esc.deposit, a.tutor, tok.address, RATE, CAP, sender=a.student, tokens=(tok,))


@pytest.mark.parametrize("fee_bps", [100, 1])
def test_fee_on_transfer_token_is_refused(chain, a, fee_bps):
    esc = chain.escrow
    tok = chain.deploy("FeeToken", fee_bps)
    fund_token(chain, tok, a.student, 10 * TOTAL)
    expect_revert(chain, "escrow: fee on transfer", esc.deposit, a.tutor, tok.address, RATE, 10 * CAP,
                  sender=a.student, tokens=(tok,))


def test_fee_token_without_fee_is_accepted_and_cannot_be_extended_once_it_charges(chain, a):
    esc = chain.escrow
    tok = chain.deploy("FeeToken", 0)
    fund_token(chain, tok, a.student, 2 * TOTAL)
    sid = esc.deposit(a.tutor, tok.address, RATE, CAP, sender=a.student).value
    assert tok.balanceOf(esc.address) == TOTAL
    # the same token starting to charge fees (an upgradeable token can) is refused on extension
    chain.env.set_storage(tok.address, 3, 100)  # feeBps: the fourth storage variable
    assert tok.feeBps() == 100
    expect_revert(chain, "escrow: fee on transfer", esc.extendSession, sid, CAP, sender=a.student, tokens=(tok,))


def test_token_returning_false_on_transfer_from_is_refused(chain, a):
    esc = chain.escrow
    tok = chain.deploy("TrickyToken")
    fund_token(chain, tok, a.student, TOTAL)
    tok.setMode(esc.address, 2, sender=a.outsider)  # transfers to the escrow return false
    expect_revert(chain, "escrow: transfer failed", esc.deposit, a.tutor, tok.address, RATE, CAP,
                  sender=a.student, tokens=(tok,))


def test_token_reverting_on_transfer_from_passes_its_reason_through(chain, a):
    esc = chain.escrow
    tok = chain.deploy("TrickyToken")
    fund_token(chain, tok, a.student, TOTAL)
    tok.setMode(esc.address, 1, sender=a.outsider)
    expect_revert(chain, "tricky: blocked", esc.deposit, a.tutor, tok.address, RATE, CAP,
                  sender=a.student, tokens=(tok,))


def test_sessions_in_different_tokens_are_kept_apart(chain, a):
    esc, t1 = chain.escrow, chain.token
    t2 = chain.deploy("NoBoolToken")
    s1 = open_session(chain, a.student, a.tutor, RATE, CAP, token=t1, start=True)
    fund_token(chain, t2, a.student, 2 * TOTAL)
    s2 = esc.deposit(a.tutor, t2.address, 2 * RATE, CAP, sender=a.student).value
    s3 = open_session(chain, a.student, a.tutor, RATE, CAP, start=True)
    esc.startSession(s2, sender=a.tutor)
    chain.sleep(50)
    for sid in (s1, s2, s3):
        esc.stopSession(sid, sender=a.student)
    assert (t1.balanceOf(a.tutor), t2.balanceOf(a.tutor)) == (150, 300)
    assert (t1.balanceOf(esc.address), t2.balanceOf(esc.address), chain.balance(esc.address)) == (0, 0, 0)
    assert esc.withdrawable(a.tutor, NATIVE) == 0
