"""SessionEscrow: construction, the owner's relayer set and ownership, and calls the escrow does not answer."""

from __future__ import annotations

import pytest

from common import artifact
from evm import ZERO
from helpers import actors, assert_events, expect_revert, open_session


@pytest.fixture
def a(chain):
    return actors(chain)


def test_constructor_makes_the_deployer_owner(chain, a):
    address, computation = chain.deploy_raw(a.outsider, artifact("SessionEscrow").bytecode)
    fresh = chain.at("SessionEscrow", address)
    assert fresh.owner() == a.outsider
    assert fresh.nextSessionId() == 1
    assert not fresh.isRelayer(a.outsider)
    logs = chain._logs(computation)
    assert [(l.event, l.args) for l in logs] == [
        ("OwnershipTransferred", {"previousOwner": ZERO, "newOwner": a.outsider})]


def test_genesis_owner_and_relayer(chain, a):
    assert chain.escrow.owner() == a.deployer
    assert chain.escrow.isRelayer(a.relayer)
    assert not chain.escrow.isRelayer(a.deployer)
    assert not chain.escrow.isRelayer(a.relayer2)


def test_set_relayer_enables_and_disables(chain, a):
    esc = chain.escrow
    res = esc.setRelayer(a.relayer2, True, sender=a.deployer)
    assert_events(res, [(esc, "RelayerSet", {"account": a.relayer2, "enabled": True})])
    assert esc.isRelayer(a.relayer2)
    sid = open_session(chain, a.student, a.tutor, 1, 10)
    esc.startSession(sid, sender=a.relayer2)
    res = esc.setRelayer(a.relayer2, False, sender=a.deployer)
    assert_events(res, [(esc, "RelayerSet", {"account": a.relayer2, "enabled": False})])
    assert not esc.isRelayer(a.relayer2)
    chain.sleep(3)
    expect_revert(chain, "escrow: not relayer", esc.stopSessionAt, sid, chain.timestamp, sender=a.relayer2)
    # setting the same value again is allowed and logged again
    res = esc.setRelayer(a.relayer2, False, sender=a.deployer)
    assert_events(res, [(esc, "RelayerSet", {"account": a.relayer2, "enabled": False})])


@pytest.mark.parametrize("who", ["relayer", "student", "outsider"])
def test_set_relayer_is_for_the_owner_only(chain, a, who):
    expect_revert(chain, "escrow: not owner", chain.escrow.setRelayer, a.relayer2, True, sender=getattr(a, who))


def test_transfer_ownership(chain, a):
    esc = chain.escrow
    res = esc.transferOwnership(a.outsider, sender=a.deployer)
    assert_events(res, [(esc, "OwnershipTransferred", {"previousOwner": a.deployer, "newOwner": a.outsider})])
    assert esc.owner() == a.outsider
    expect_revert(chain, "escrow: not owner", esc.setRelayer, a.relayer2, True, sender=a.deployer)
    expect_revert(chain, "escrow: not owner", esc.transferOwnership, a.deployer, sender=a.deployer)
    esc.setRelayer(a.relayer2, True, sender=a.outsider)
    assert esc.isRelayer(a.relayer2)


@pytest.mark.parametrize("case", ["not owner", "zero owner"])
def test_transfer_ownership_reverts(chain, a, case):
    esc = chain.escrow
    if case == "not owner":
        expect_revert(chain, "escrow: not owner", esc.transferOwnership, a.relayer, sender=a.relayer)
    else:
        expect_revert(chain, "escrow: zero owner", esc.transferOwnership, ZERO, sender=a.deployer)


def test_the_owner_has_no_power_over_sessions(chain, a):
    esc = chain.escrow
    sid = open_session(chain, a.student, a.tutor, 3, 100)
    for method, args in ((esc.startSession, (sid,)), (esc.cancelSession, (sid,))):
        res = method(*args, sender=a.deployer, check=False)
        assert not res.success
    esc.startSession(sid, sender=a.tutor)
    for method, args in ((esc.stopSession, (sid,)), (esc.stopSessionAt, (sid, chain.timestamp)),
                         (esc.extendSession, (sid, 5))):
        assert not method(*args, sender=a.deployer, check=False).success


def test_plain_payments_and_unknown_selectors_are_refused(chain, a):
    esc = chain.escrow
    res = chain.tx(a.student, esc.address, b"", value=1)
    assert (res.success, res.output) == (False, b"")
    res = chain.tx(a.student, esc.address, bytes.fromhex("deadbeef"), value=0)
    assert (res.success, res.output) == (False, b"")
    assert chain.balance(esc.address) == 0


def test_non_payable_functions_refuse_value(chain, a):
    esc = chain.escrow
    sid = open_session(chain, a.student, a.tutor, 3, 100)
    res = chain.tx(a.tutor, esc.address, esc.startSession.calldata(sid), value=1)
    assert (res.success, res.output) == (False, b"")
