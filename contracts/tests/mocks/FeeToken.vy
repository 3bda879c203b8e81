# pragma version 0.4.3
# pragma evm-version cancun
# pragma optimize gas
"""
@title FeeToken (test helper)
@notice An ERC-20 that burns 1% of every transfer (fee-on-transfer), so the receiver
        gets less than the amount named. The escrow must refuse it.
"""

event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    value: uint256

event Approval:
    owner: indexed(address)
    spender: indexed(address)
    value: uint256

totalSupply: public(uint256)
balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])
feeBps: public(uint256)


@deploy
def __init__(feeBps_: uint256):
    self.feeBps = feeBps_


@external
def mint(to: address, amount: uint256):
    self.totalSupply += amount
    self.balanceOf[to] += amount
    log Transfer(sender=empty(address), receiver=to, value=amount)


@internal
def _move(owner: address, to: address, amount: uint256):
    fee: uint256 = amount * self.feeBps // 10000
    self.balanceOf[owner] -= amount
    self.balanceOf[to] += amount - fee
    self.totalSupply -= fee
    log Transfer(sender=owner, receiver=to, value=amount - fee)


@external
def transfer(to: address, amount: uint256) -> bool:
    self._move(msg.sender, to, amount)
    return True


@external
def transferFrom(owner: address, to: address, amount: uint256) -> bool:
    self.allowance[owner][msg.sender] -= amount
    self._move(owner, to, amount)
    return True


@external
def approve(spender: address, amount: uint256) -> bool:
    self.allowance[msg.sender][spender] = amount
    log Approval(owner=msg.sender, spender=spender, value=amount)
    return True
