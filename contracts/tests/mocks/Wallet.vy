# pragma version 0.4.3
# pragma evm-version cancun
# pragma optimize gas
"""
@title Wallet (test helper, never deployed outside tests)
@notice A minimal smart-contract wallet that can refuse native currency: its owner makes
        it call any contract (`execute`), and switches whether it accepts plain payments
        (`setAccepting`). Used as a student or a tutor whose payment push fails.
"""

owner: public(address)
accepting: public(bool)


@deploy
def __init__(owner_: address, accepting_: bool):
    self.owner = owner_
    self.accepting = accepting_


@external
def setAccepting(accepting_: bool):
    assert msg.sender == self.owner, "wallet: not owner"
    self.accepting = accepting_


@external
@payable
def execute(target: address, data: Bytes[1024], amount: uint256):
    """
    @notice Calls `target` with `data` and `amount` wei (taken from this wallet's balance
            plus what this call brings); reverts with the callee's revert data if it fails.
    """
    assert msg.sender == self.owner, "wallet: not owner"
    raw_call(target, data, value=amount)


@external
@payable
def __default__():
    assert self.accepting, "wallet: refusing"
