# pragma version 0.4.3
# pragma evm-version cancun
# pragma optimize gas
"""
@title Reenterer (test helper)
@notice A receiver of native currency that, when paid, calls a target (`setHook`) —
        e.g. tries to re-enter the escrow — recording whether that call succeeded and
        what it returned, then accepts the payment. With `gasToBurn` set it first uses
        about that much gas (hashing in a loop), so it needs that much to accept. Its owner can make it call anything
        (`execute`), so it can be a student or a tutor.
"""

owner: public(address)
hookTarget: public(address)
hookData: public(Bytes[512])
hookCalls: public(uint256)
hookSuccess: public(bool)
hookResponse: public(Bytes[512])
gasToBurn: public(uint256)
sink: bytes32


@deploy
def __init__(owner_: address):
    self.owner = owner_


@external
def setHook(target: address, data: Bytes[512]):
    self.hookTarget = target
    self.hookData = data


@external
def setGasToBurn(amount: uint256):
    self.gasToBurn = amount


@external
@payable
def execute(target: address, data: Bytes[1024], amount: uint256):
    assert msg.sender == self.owner, "reenterer: not owner"
    raw_call(target, data, value=amount)


@external
@payable
def __default__():
    if self.gasToBurn != 0:
        start: uint256 = msg.gas
        acc: bytes32 = empty(bytes32)
        for i: uint256 in range(1000000):
            if start - msg.gas >= self.gasToBurn:
                break
            acc = keccak256(acc)
        if acc == empty(bytes32):
            self.sink = acc
    if self.hookTarget != empty(address):
        self.hookCalls += 1
        success: bool = False
        response: Bytes[512] = b""
        success, response = raw_call(self.hookTarget, self.hookData, max_outsize=512, revert_on_failure=False)
        self.hookSuccess = success
        self.hookResponse = response
