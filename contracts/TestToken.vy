# pragma version 0.4.3
# pragma evm-version cancun
# pragma optimize gas
"""
@title TestToken
@license MIT
@notice "Test USD" (tUSD, 6 decimals): a standard ERC-20 with an open faucet `mint`,
        for local and test chains only. Never deploy it where its tokens could be
        mistaken for money.
@dev Transfers to, approvals of and mints to the zero address revert; an allowance of
     `max_value(uint256)` is never decreased; `transferFrom` emits no Approval.
     Revert reasons are short, stable strings prefixed "token: " (docs/contracts.md).
"""

from ethereum.ercs import IERC20

implements: IERC20

event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    value: uint256

event Approval:
    owner: indexed(address)
    spender: indexed(address)
    value: uint256

name: public(constant(String[8])) = "Test USD"
symbol: public(constant(String[4])) = "tUSD"
decimals: public(constant(uint8)) = 6

totalSupply: public(uint256)

_balances: HashMap[address, uint256]
_allowances: HashMap[address, HashMap[address, uint256]]


@deploy
def __init__():
    pass


@external
def mint(to: address, amount: uint256):
    """
    @notice Creates `amount` new tokens for `to`. Open to anyone: a faucet.
    """
    assert to != empty(address), "token: zero address"
    assert amount <= max_value(uint256) - self.totalSupply, "token: supply overflow"
    self.totalSupply += amount
    self._balances[to] += amount
    log Transfer(sender=empty(address), receiver=to, value=amount)


@external
def transfer(to: address, amount: uint256) -> bool:
    self._transfer(msg.sender, to, amount)
    return True


@external
def transferFrom(owner: address, to: address, amount: uint256) -> bool:
    allowed: uint256 = self._allowances[owner][msg.sender]
    if allowed != max_value(uint256):
        assert allowed >= amount, "token: insufficient allowance"
        self._allowances[owner][msg.sender] = allowed - amount
    self._transfer(owner, to, amount)
    return True


@external
def approve(spender: address, amount: uint256) -> bool:
    assert spender != empty(address), "token: zero address"
    self._allowances[msg.sender][spender] = amount
    log Approval(owner=msg.sender, spender=spender, value=amount)
    return True


@external
@view
def balanceOf(owner: address) -> uint256:
    return self._balances[owner]


@external
@view
def allowance(owner: address, spender: address) -> uint256:
    return self._allowances[owner][spender]


@internal
def _transfer(owner: address, to: address, amount: uint256):
    assert to != empty(address), "token: zero address"
    balance: uint256 = self._balances[owner]
    assert balance >= amount, "token: insufficient balance"
    self._balances[owner] = balance - amount
    self._balances[to] += amount
    log Transfer(sender=owner, receiver=to, value=amount)
