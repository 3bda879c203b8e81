"""SessionCredential: attest and claim, the soulbound ERC-721 / ERC-5192 surface, and every revert."""

from __future__ import annotations

import pytest

from common import CREDENTIAL_MIN_SECONDS, CREDENTIAL_NAME, CREDENTIAL_SYMBOL, artifact
from evm import ZERO, abi_type
from eth_abi import encode as abi_encode
from helpers import actors, assert_events, expect_revert, expect_view_revert, open_session

MIN = CREDENTIAL_MIN_SECONDS


@pytest.fixture
def a(chain):
    return actors(chain)


def settled(chain, a, seconds: int, student=None, tutor=None) -> int:
    esc = chain.escrow
    sid = open_session(chain, student or a.student, tutor or a.tutor, 1, 10 * MIN, start=True)
    chain.sleep(seconds)
    esc.stopSession(sid, sender=student or a.student)
    return sid


def test_metadata_and_interfaces(chain):
    cred = chain.credential
    assert cred.name() == CREDENTIAL_NAME
    assert cred.symbol() == CREDENTIAL_SYMBOL
    assert cred.baseURI() == ""
    assert cred.escrow() == chain.escrow.address
    assert cred.minSeconds() == MIN
    for iid in ("01ffc9a7", "80ac58cd", "5b5e139f", "b45a3c0e"):
        assert cred.supportsInterface(bytes.fromhex(iid)), iid
    for iid in ("ffffffff", "00000000", "780e9d63", "36372b07"):  # ERC-721 Enumerable and ERC-20 are not
        assert not cred.supportsInterface(bytes.fromhex(iid)), iid


def test_interface_ids_are_the_xor_of_their_selectors(chain):
    """The ids the contract answers to are computed from the functions the standards name."""
    from eth_utils import function_signature_to_4byte_selector as sel

    def iid(*sigs):
        x = 0
        for s in sigs:
            x ^= int.from_bytes(sel(s), "big")
        return x.to_bytes(4, "big").hex()

    assert iid("supportsInterface(bytes4)") == "01ffc9a7"
    assert iid("balanceOf(address)", "ownerOf(uint256)", "safeTransferFrom(address,address,uint256,bytes)",
               "safeTransferFrom(address,address,uint256)", "transferFrom(address,address,uint256)",
               "approve(address,uint256)", "setApprovalForAll(address,bool)", "getApproved(uint256)",
               "isApprovedForAll(address,address)") == "80ac58cd"
    assert iid("name()", "symbol()", "tokenURI(uint256)") == "5b5e139f"
    assert iid("locked(uint256)") == "b45a3c0e"
    names = {i["name"] + "(" + ",".join(abi_type(p) for p in i["inputs"]) + ")"
             for i in chain.credential.abi if i["type"] == "function"}
    for s in ("safeTransferFrom(address,address,uint256,bytes)", "safeTransferFrom(address,address,uint256)",
              "locked(uint256)", "tokenURI(uint256)", "getApproved(uint256)"):
        assert s in names


def test_attest_then_claim(chain, a):
    cred = chain.credential
    sid = settled(chain, a, MIN + 5)
    chain.sleep(30)
    res = cred.attest(sid, sender=a.tutor)
    assert_events(res, [(cred, "Attested", {"sessionId": sid, "tutor": a.tutor, "student": a.student,
                                            "billedSeconds": MIN + 5})])
    assert cred.isAttested(sid)
    expect_view_revert("credential: no token", cred.ownerOf, sid)
    chain.sleep(30)
    res = cred.claim(sid, sender=a.student)
    assert res.value == sid
    assert_events(res, [
        (cred, "Transfer", {"sender": ZERO, "receiver": a.student, "tokenId": sid}),
        (cred, "Locked", {"tokenId": sid}),
    ])
    assert cred.ownerOf(sid) == a.student
    assert cred.balanceOf(a.student) == 1
    assert cred.balanceOf(a.tutor) == 0
    assert cred.locked(sid) is True
    assert cred.getApproved(sid) == ZERO
    assert cred.isApprovedForAll(a.student, a.tutor) is False
    assert cred.tokenURI(sid) == ""
    assert dict(cred.credentialOf(sid)) == {"student": a.student, "tutor": a.tutor, "billedSeconds": MIN + 5,
                                            "issuedAt": chain.timestamp}


def test_exactly_min_seconds_is_enough_and_balances_count(chain, a):
    cred = chain.credential
    ids = [settled(chain, a, MIN), settled(chain, a, 3 * MIN, tutor=a.tutor2)]
    cred.attest(ids[0], sender=a.tutor)
    cred.attest(ids[1], sender=a.tutor2)
    for sid in ids:
        cred.claim(sid, sender=a.student)
    assert cred.balanceOf(a.student) == 2
    assert [cred.credentialOf(i).billedSeconds for i in ids] == [MIN, 3 * MIN]


def test_token_uri_with_a_base(chain, a):
    cred = chain.deploy("SessionCredential", chain.escrow.address, 1, "Name", "SYM", "https://metered.example/c/")
    sid = settled(chain, a, 2)
    cred.attest(sid, sender=a.tutor)
    cred.claim(sid, sender=a.student)
    assert cred.tokenURI(sid) == f"https://metered.example/c/{sid}"
    assert cred.minSeconds() == 1


@pytest.mark.parametrize("case", ["student", "outsider", "relayer", "unknown", "funded", "active", "cancelled",
                                  "too short", "already attested"])
def test_attest_reverts(chain, a, case):
    cred, esc = chain.credential, chain.escrow
    caller, reason = a.tutor, "credential: not settled"
    if case in ("student", "outsider", "relayer"):
        sid = settled(chain, a, MIN)
        caller, reason = getattr(a, case), "credential: not tutor"
    elif case == "unknown":
        sid, reason = 42, "credential: not tutor"
    elif case == "funded":
        sid = open_session(chain, a.student, a.tutor, 1, 10 * MIN)
    elif case == "active":
        sid = open_session(chain, a.student, a.tutor, 1, 10 * MIN, start=True)
        chain.sleep(2 * MIN)
    elif case == "cancelled":
        sid = open_session(chain, a.student, a.tutor, 1, 10 * MIN)
        esc.cancelSession(sid, sender=a.student)
    elif case == "too short":
        sid, reason = settled(chain, a, MIN - 1), "credential: too short"
    elif case == "already attested":
        sid, reason = settled(chain, a, MIN), "credential: already attested"
        cred.attest(sid, sender=a.tutor)
    expect_revert(chain, reason, cred.attest, sid, sender=caller)


@pytest.mark.parametrize("case", ["not attested", "unknown", "tutor", "outsider", "already claimed"])
def test_claim_reverts(chain, a, case):
    cred = chain.credential
    sid = settled(chain, a, MIN)
    caller, reason = a.student, "credential: not attested"
    if case == "unknown":
        sid = 77
    elif case in ("tutor", "outsider"):
        cred.attest(sid, sender=a.tutor)
        caller, reason = getattr(a, case), "credential: not student"
    elif case == "already claimed":
        cred.attest(sid, sender=a.tutor)
        cred.claim(sid, sender=a.student)
        reason = "credential: already claimed"
    expect_revert(chain, reason, cred.claim, sid, sender=caller)


def test_views_of_a_missing_token(chain, a):
    cred = chain.credential
    sid = settled(chain, a, MIN)
    cred.attest(sid, sender=a.tutor)  # attested but not claimed: still no token
    for tid in (0, sid, 999):
        for view in (cred.ownerOf, cred.tokenURI, cred.getApproved, cred.locked, cred.credentialOf):
            expect_view_revert("credential: no token", view, tid)
    expect_view_revert("credential: zero address", cred.balanceOf, ZERO)
    assert cred.isAttested(sid) and not cred.isAttested(999)


@pytest.mark.parametrize("fn", ["transferFrom", "safeTransferFrom/3", "safeTransferFrom/4", "approve",
                                "setApprovalForAll"])
def test_every_transfer_and_approval_reverts(chain, a, fn):
    cred = chain.credential
    sid = settled(chain, a, MIN)
    cred.attest(sid, sender=a.tutor)
    cred.claim(sid, sender=a.student)
    args = {
        "transferFrom": (a.student, a.outsider, sid),
        "safeTransferFrom/3": (a.student, a.outsider, sid),
        "safeTransferFrom/4": (a.student, a.outsider, sid, b"hello"),
        "approve": (a.outsider, sid),
        "setApprovalForAll": (a.outsider, True),
    }[fn]
    method = getattr(cred, fn.split("/")[0])
    for sender in (a.student, a.outsider):
        expect_revert(chain, "credential: soulbound", method, *args, sender=sender)
    assert cred.ownerOf(sid) == a.student


@pytest.mark.parametrize("case", ["escrow not a contract", "zero minSeconds"])
def test_constructor_reverts(chain, a, case):
    escrow, minimum = chain.escrow.address, 10
    if case == "escrow not a contract":
        escrow = a.outsider
    else:
        minimum = 0
    ctor = next(i for i in artifact("SessionCredential").abi if i["type"] == "constructor")
    args = abi_encode([abi_type(i) for i in ctor["inputs"]], [escrow, minimum, "n", "s", ""])
    _, computation = chain.env.deploy(sender=a.deployer, bytecode=artifact("SessionCredential").bytecode + args,
                                      gas=5_000_000)
    assert computation.is_error
    from evm import error_data
    assert computation.output == error_data(f"credential: {case}")
