"""TestToken: a standard ERC-20 (tUSD, 6 decimals) with an open mint; every revert."""

from __future__ import annotations

import pytest

from evm import ZERO
from helpers import MAX_UINT, actors, assert_events, expect_revert


@pytest.fixture
def a(chain):
    return actors(chain)


def test_metadata(chain):
    tok = chain.token
    assert (tok.name(), tok.symbol(), tok.decimals(), tok.totalSupply()) == ("Test USD", "tUSD", 6, 0)


def test_mint_transfer_approve_transfer_from(chain, a):
    tok = chain.token
    res = tok.mint(a.student, 1_000_000, sender=a.outsider)  # open faucet
    assert_events(res, [(tok, "Transfer", {"sender": ZERO, "receiver": a.student, "value": 1_000_000})])
    assert (tok.balanceOf(a.student), tok.totalSupply()) == (1_000_000, 1_000_000)

    res = tok.transfer(a.tutor, 250_000, sender=a.student)
    assert res.value is True
    assert_events(res, [(tok, "Transfer", {"sender": a.student, "receiver": a.tutor, "value": 250_000})])

    res = tok.approve(a.outsider, 300_000, sender=a.student)
    assert res.value is True
    assert_events(res, [(tok, "Approval", {"owner": a.student, "spender": a.outsider, "value": 300_000})])
    assert tok.allowance(a.student, a.outsider) == 300_000

    res = tok.transferFrom(a.student, a.tutor2, 100_000, sender=a.outsider)
    assert res.value is True
    assert_events(res, [(tok, "Transfer", {"sender": a.student, "receiver": a.tutor2, "value": 100_000})])
    assert tok.allowance(a.student, a.outsider) == 200_000
    assert [tok.balanceOf(x) for x in (a.student, a.tutor, a.tutor2)] == [650_000, 250_000, 100_000]
    assert tok.totalSupply() == 1_000_000


def test_unlimited_allowance_is_not_spent(chain, a):
    tok = chain.token
    tok.mint(a.student, 10, sender=a.student)
    tok.approve(a.outsider, MAX_UINT, sender=a.student)
    tok.transferFrom(a.student, a.tutor, 10, sender=a.outsider)
    assert tok.allowance(a.student, a.outsider) == MAX_UINT


def test_self_transfer_and_zero_amounts(chain, a):
    tok = chain.token
    tok.mint(a.student, 10, sender=a.student)
    tok.transfer(a.student, 10, sender=a.student)
    tok.transfer(a.tutor, 0, sender=a.student)
    tok.transferFrom(a.student, a.tutor, 0, sender=a.outsider)
    assert tok.balanceOf(a.student) == 10


@pytest.mark.parametrize("case", ["transfer beyond balance", "transferFrom beyond allowance",
                                  "transferFrom beyond balance", "transfer to zero", "transferFrom to zero",
                                  "approve zero", "mint to zero", "supply overflow"])
def test_token_reverts(chain, a, case):
    tok = chain.token
    tok.mint(a.student, 100, sender=a.student)
    tok.approve(a.outsider, 50, sender=a.student)
    call = {
        "transfer beyond balance": (tok.transfer, (a.tutor, 101), a.student, "token: insufficient balance"),
        "transferFrom beyond allowance": (tok.transferFrom, (a.student, a.tutor, 51), a.outsider,
                                          "token: insufficient allowance"),
        "transferFrom beyond balance": (tok.transferFrom, (a.tutor, a.student, 1), a.student,
                                        "token: insufficient allowance"),
        "transfer to zero": (tok.transfer, (ZERO, 1), a.student, "token: zero address"),
        "transferFrom to zero": (tok.transferFrom, (a.student, ZERO, 1), a.outsider, "token: zero address"),
        "approve zero": (tok.approve, (ZERO, 1), a.student, "token: zero address"),
        "mint to zero": (tok.mint, (ZERO, 1), a.student, "token: zero address"),
        "supply overflow": (tok.mint, (a.tutor, MAX_UINT - 99), a.student, "token: supply overflow"),
    }[case]
    method, args, sender, reason = call
    expect_revert(chain, reason, method, *args, sender=sender, tokens=(tok,))


def test_transfer_from_with_allowance_but_no_balance(chain, a):
    tok = chain.token
    tok.approve(a.outsider, 5, sender=a.tutor)
    expect_revert(chain, "token: insufficient balance", tok.transferFrom, a.tutor, a.student, 5,
                  sender=a.outsider, tokens=(tok,))
