"""SessionRatings: both sides rate each other once per settled, billed session; every revert."""

from __future__ import annotations

import pytest

from common import artifact
from eth_abi import encode as abi_encode
from evm import abi_type, error_data
from helpers import actors, assert_events, expect_revert, open_session

COMMENT = bytes.fromhex("12" * 32)
NO_COMMENT = bytes(32)


@pytest.fixture
def a(chain):
    return actors(chain)


def settled(chain, a, seconds: int) -> int:
    sid = open_session(chain, a.student, a.tutor, 1, 1000, start=True)
    chain.sleep(seconds)
    chain.escrow.stopSession(sid, sender=a.tutor)
    return sid


def test_both_sides_rate(chain, a):
    rt = chain.ratings
    assert rt.escrow() == chain.escrow.address
    sid = settled(chain, a, 1)
    res = rt.rate(sid, 5, COMMENT, sender=a.student)
    assert_events(res, [(rt, "Rated", {"sessionId": sid, "rater": a.student, "ratee": a.tutor, "stars": 5,
                                       "commentHash": COMMENT})])
    res = rt.rate(sid, 2, NO_COMMENT, sender=a.tutor)
    assert_events(res, [(rt, "Rated", {"sessionId": sid, "rater": a.tutor, "ratee": a.student, "stars": 2,
                                       "commentHash": NO_COMMENT})])
    assert rt.ratingOf(a.tutor) == (1, 5)
    assert rt.ratingOf(a.student) == (1, 2)
    assert rt.ratingBy(sid, a.student) == 5
    assert rt.ratingBy(sid, a.tutor) == 2
    assert rt.ratingBy(sid, a.outsider) == 0
    assert rt.ratingOf(a.outsider) == (0, 0)


def test_ratings_add_up_over_sessions(chain, a):
    rt = chain.ratings
    for stars in (1, 2, 3, 4, 5, 5):
        sid = settled(chain, a, 10)
        rt.rate(sid, stars, NO_COMMENT, sender=a.student)
    assert rt.ratingOf(a.tutor) == (6, 20)


@pytest.mark.parametrize("case", ["outsider", "relayer", "unknown", "funded", "active", "cancelled",
                                  "nothing billed", "zero stars", "six stars", "already rated"])
def test_rate_reverts(chain, a, case):
    rt, esc = chain.ratings, chain.escrow
    caller, stars, reason = a.student, 4, "ratings: not settled"
    if case in ("outsider", "relayer"):
        sid = settled(chain, a, 5)
        caller, reason = getattr(a, case), "ratings: not participant"
    elif case == "unknown":
        sid, reason = 31, "ratings: not participant"
    elif case == "funded":
        sid = open_session(chain, a.student, a.tutor, 1, 100)
    elif case == "active":
        sid = open_session(chain, a.student, a.tutor, 1, 100, start=True)
        chain.sleep(10)
    elif case == "cancelled":
        sid = open_session(chain, a.student, a.tutor, 1, 100)
        esc.cancelSession(sid, sender=a.tutor)
    elif case == "nothing billed":
        sid, reason = settled(chain, a, 0), "ratings: nothing billed"
    elif case in ("zero stars", "six stars"):
        sid, reason = settled(chain, a, 5), "ratings: bad stars"
        stars = 0 if case == "zero stars" else 6
    elif case == "already rated":
        sid, reason = settled(chain, a, 5), "ratings: already rated"
        rt.rate(sid, 3, NO_COMMENT, sender=a.student)
        caller = a.student
    expect_revert(chain, reason, rt.rate, sid, stars, COMMENT, sender=caller)


def test_stars_beyond_uint8_are_refused_by_the_abi_decoder(chain, a):
    rt = chain.ratings
    sid = settled(chain, a, 5)
    data = bytearray(rt.rate.calldata(sid, 5, COMMENT))
    data[4 + 32 + 30] = 1  # stars = 256 + 5
    res = chain.tx(a.student, rt.address, bytes(data))
    assert (res.success, res.output) == (False, b"")
    assert rt.ratingBy(sid, a.student) == 0


def test_constructor_refuses_a_non_contract_escrow(chain, a):
    ctor = next(i for i in artifact("SessionRatings").abi if i["type"] == "constructor")
    args = abi_encode([abi_type(i) for i in ctor["inputs"]], [a.outsider])
    _, computation = chain.env.deploy(sender=a.deployer, bytecode=artifact("SessionRatings").bytecode + args,
                                      gas=5_000_000)
    assert computation.is_error
    assert computation.output == error_data("ratings: escrow not a contract")
