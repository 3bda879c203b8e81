#!/usr/bin/env python3
"""Prints the gas each common contract call costs, for docs/contracts.md ("Gas").

Each call runs on py-evm from the local genesis with cold storage and accounts at its start, as at the start of
a transaction. Figures are the transaction's gas before refunds: 21,000 + calldata (4 gas per zero byte, 16 per
non-zero byte) + execution. Refunds (clearing storage) lower a real receipt's figure a little.

    .venv/bin/python tools/contracts/gas.py
"""

from __future__ import annotations

from evm import ZERO, Chain

RATE, CAP = 2 * 10**12, 1_800


def intrinsic(data: bytes) -> int:
    return 21_000 + sum(4 if b == 0 else 16 for b in data)


def main() -> None:
    chain = Chain()
    a = chain.accounts
    deployer, relayer, student, tutor, outsider = a[0], a[1], a[2], a[3], a[4]
    esc, tok, cred, rat = chain.escrow, chain.token, chain.credential, chain.ratings
    rows: list[tuple[str, int]] = []

    def measure(label: str, method, *args, sender: str, value: int = 0):
        chain.env._reset_access_counters()
        data = method.calldata(*args)
        comp = chain.env.execute_code(to_address=method.contract.address, sender=sender, gas=30_000_000,
                                      value=value, data=data)
        chain.env.evm.vm.state.clear_transient_storage()
        assert not comp.is_error, (label, comp.error)
        rows.append((label, intrinsic(data) + comp.get_gas_used()))
        chain.sleep(1)

    measure("TestToken.mint (first time for the account)", tok.mint, student, 10**12, sender=student)
    measure("TestToken.approve", tok.approve, esc.address, 10**12, sender=student)
    measure("TestToken.transfer (to a new holder)", tok.transfer, outsider, 1, sender=student)
    measure("SessionEscrow.deposit, native", esc.deposit, tutor, ZERO, RATE, CAP, sender=student, value=RATE * CAP)
    esc.deposit(tutor, ZERO, RATE, CAP, sender=student, value=RATE * CAP)
    measure("SessionEscrow.deposit, ERC-20", esc.deposit, tutor, tok.address, 5_000, CAP, sender=student)
    measure("SessionEscrow.extendSession, native", esc.extendSession, 1, 60, sender=student, value=RATE * 60)
    measure("SessionEscrow.startSession (relayer)", esc.startSession, 1, sender=relayer)
    measure("SessionEscrow.startSession (tutor)", esc.startSession, 3, sender=tutor)
    chain.sleep(300)
    measure("SessionEscrow.stopSession, native, both paid", esc.stopSession, 1, sender=student)
    measure("SessionEscrow.stopSessionAt, ERC-20, both paid", esc.stopSessionAt, 3, chain.timestamp - 10,
            sender=relayer)
    measure("SessionEscrow.cancelSession, native", esc.cancelSession, 2, sender=relayer)
    chain.escrow.deposit(tutor, ZERO, RATE, 60, sender=student, value=RATE * 60)
    esc.startSession(4, sender=relayer)
    chain.sleep(60)
    measure("SessionEscrow.settle, native, at the cap", esc.settle, 4, sender=outsider)
    wallet = chain.deploy("Wallet", tutor, False, sender=tutor)
    esc.deposit(wallet.address, ZERO, RATE, 60, sender=student, value=RATE * 60)
    esc.startSession(5, sender=relayer)
    chain.sleep(30)
    measure("SessionEscrow.stopSession, tutor refuses (credited)", esc.stopSession, 5, sender=student)
    wallet.setAccepting(True, sender=tutor)
    measure("Wallet.execute(SessionEscrow.withdraw) (credit paid out)", wallet.execute, esc.address,
            esc.withdraw.calldata(ZERO), 0, sender=tutor)
    measure("SessionEscrow.setRelayer", esc.setRelayer, a[7], True, sender=deployer)
    measure("SessionCredential.attest", cred.attest, 1, sender=tutor)
    measure("SessionCredential.claim", cred.claim, 1, sender=student)
    measure("SessionRatings.rate (first rating of the ratee)", rat.rate, 1, 5, bytes(32), sender=student)
    width = max(len(label) for label, _ in rows)
    print(f"| {'call'.ljust(width)} | gas |")
    print(f"|{'-' * (width + 2)}|----:|")
    for label, gas in rows:
        print(f"| {label.ljust(width)} | {gas:,} |")


if __name__ == "__main__":
    main()
