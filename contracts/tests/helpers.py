"""Shared test helpers: who is who at genesis, opening sessions, and exact checks of reverts and logs."""

from __future__ import annotations

from dataclasses import dataclass

from evm import ZERO, Chain, Contract, Result, error_data

NATIVE = ZERO
STATUS_NONE, STATUS_FUNDED, STATUS_ACTIVE, STATUS_SETTLED, STATUS_CANCELLED = range(5)
REASON_STUDENT, REASON_TUTOR, REASON_RELAYER, REASON_CAP = range(4)
MAX_CAP = 2**64 - 1
MAX_UINT = 2**256 - 1


@dataclass(frozen=True)
class Actors:
    deployer: str  # account 0: owner of the escrow
    relayer: str  # account 1: relayer at genesis
    student: str  # account 2
    tutor: str  # account 3
    outsider: str  # account 4: no role
    student2: str  # account 5
    tutor2: str  # account 6
    relayer2: str  # account 7: made a relayer by some tests


def actors(chain: Chain) -> Actors:
    a = chain.accounts
    return Actors(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7])


def fund_token(chain: Chain, token: Contract, owner: str, amount: int, spender: str | None = None) -> None:
    """Mints `amount` of `token` to `owner` and lets `spender` (the escrow by default) take it."""
    token.mint(owner, amount, sender=owner)
    token.approve(spender or chain.escrow.address, amount, sender=owner)


def open_session(chain: Chain, student: str, tutor: str, rate: int, cap: int, token: Contract | None = None,
                 start: bool = False, starter: str | None = None) -> int:
    """Deposits `rate * cap` (native, or minting and approving `token` first); optionally starts it."""
    esc = chain.escrow
    if token is None:
        res = esc.deposit(tutor, NATIVE, rate, cap, sender=student, value=rate * cap)
    else:
        fund_token(chain, token, student, rate * cap)
        res = esc.deposit(tutor, token.address, rate, cap, sender=student)
    sid = res.value
    if start:
        esc.startSession(sid, sender=starter or tutor)
    return sid


def fingerprint(chain: Chain, tokens: tuple[Contract, ...] = (), extra: tuple[str, ...] = ()) -> dict:
    """Everything a revert must leave alone that these tests can see: every balance (native and `tokens`) of
    the accounts and known contracts, and the escrow's whole view of every session and credit."""
    esc = chain.escrow
    accounts = list(chain.accounts) + list(chain.contracts) + list(extra)
    assets = [NATIVE] + [t.address for t in tokens]
    state: dict = {"time": chain.timestamp}
    for acct in accounts:
        state[("native", acct)] = chain.balance(acct)
        for t in tokens:
            state[(t.address, acct)] = t.balanceOf(acct)
        for asset in assets:
            state[("credit", acct, asset)] = esc.withdrawable(acct, asset)
        state[("learned", acct)] = esc.secondsLearned(acct)
        state[("taught", acct)] = esc.secondsTaught(acct)
        state[("relayer", acct)] = esc.isRelayer(acct)
    state["owner"] = esc.owner()
    n = esc.nextSessionId()
    state["next"] = n
    for sid in range(1, n):
        state[("session", sid)] = dict(esc.getSession(sid))
    return state


def expect_revert(chain: Chain, reason: str | None, method, *args, tokens: tuple[Contract, ...] = (),
                  extra: tuple[str, ...] = (), **kwargs) -> Result:
    """Sends `method(*args)` and checks it reverts with exactly `Error(reason)` (empty revert data when
    `reason` is None) and that nothing observable changed."""
    before = fingerprint(chain, tokens, extra)
    res = method(*args, check=False, **kwargs)
    assert not res.success, f"expected revert {reason!r}, got success with logs {res.logs}"
    want = b"" if reason is None else error_data(reason)
    assert res.output == want, f"expected revert {reason!r}, got {res.reason!r} (0x{res.output.hex()})"
    assert res.logs == []
    assert fingerprint(chain, tokens, extra) == before
    return res


def expect_view_revert(reason: str, method, *args, **kwargs) -> None:
    from evm import Reverted

    try:
        method(*args, **kwargs)
    except Reverted as e:
        assert e.data == error_data(reason), f"expected {reason!r}, got {e.reason!r}"
        return
    raise AssertionError(f"expected view to revert with {reason!r}")


def events(result: Result) -> list[tuple[str, str, dict]]:
    """The logs of `result` as (emitter address, event name, arguments), every log decoded."""
    out = []
    for log in result.logs:
        assert log.event is not None, f"undecodable log {log}"
        out.append((log.address, log.event, log.args))
    return out


def assert_events(result: Result, expected: list[tuple[Contract, str, dict]]) -> None:
    """The logs of `result` are exactly `expected`, in order: emitter, event name and every field."""
    want = [(c.address, name, args) for c, name, args in expected]
    assert events(result) == want
