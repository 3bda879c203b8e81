# pragma version 0.4.3
# pragma evm-version cancun
# pragma optimize gas
"""
@title TrickyToken (test helper)
@notice A standard ERC-20 that can be told how to treat transfers *to* given receivers
        (`setMode`): 0 normal, 1 revert, 2 return false without moving anything,
        3 burn all gas. It can also, on every
        transfer or transferFrom, call a target (`setHook`) — e.g. re-enter the escrow —
        recording whether that call succeeded and what it returned.
"""

event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    value: uint256

event Approval:
    owner: indexed(address)
    spender: indexed(address)
    value: uint256

MODE_NORMAL: constant(uint8) = 0
MODE_REVERT: constant(uint8) = 1
MODE_FALSE: constant(uint8) = 2
MODE_BURN: constant(uint8) = 3

totalSupply: public(uint256)
balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])
mode: public(HashMap[address, uint8])

hookTarget: public(address)
hookData: public(Bytes[512])
hookCalls: public(uint256)
hookSuccess: public(bool)
hookResponse: public(Bytes[512])


@external
def mint(to: address, amount: uint256):
    self.totalSupply += amount
    self.balanceOf[to] += amount
    log Transfer(sender=empty(address), receiver=to, value=amount)


@external
def setMode(receiver: address, mode_: uint8):
    self.mode[receiver] = mode_


@external
def setHook(target: address, data: Bytes[512]):
    self.hookTarget = target
    self.hookData = data


@internal
def _hook():
    if self.hookTarget == empty(address):
        return
    self.hookCalls += 1
    success: bool = False
    response: Bytes[512] = b""
    success, response = raw_call(self.hookTarget, self.hookData, max_outsize=512, revert_on_failure=False)
    self.hookSuccess = success
    self.hookResponse = response


@internal
def _move(owner: address, to: address, amount: uint256) -> bool:
    m: uint8 = self.mode[to]
    if m == MODE_REVERT:
        raise "tricky: blocked"
    if m == MODE_FALSE:
        return False
    if m == MODE_BURN:
        for i: uint256 in range(1000000):
            self.hookCalls += 1
    self._hook()
    self.balanceOf[owner] -= amount
    self.balanceOf[to] += amount
    log Transfer(sender=owner, receiver=to, value=amount)
    return True


@external
def transfer(to: address, amount: uint256) -> bool:
    return self._move(msg.sender, to, amount)


@external
def transferFrom(owner: address, to: address, amount: uint256) -> bool:
    self.allowance[owner][msg.sender] -= amount
    return self._move(owner, to, amount)


@external
def approve(spender: address, amount: uint256) -> bool:
    self.allowance[msg.sender][spender] = amount
    log Approval(owner=msg.sender, spender=spender, value=amount)
    return True
