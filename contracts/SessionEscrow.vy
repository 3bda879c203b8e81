# pragma version 0.4.3
# pragma evm-version cancun
# pragma optimize gas
"""
@title SessionEscrow
@license MIT
@notice Holds a student's money for a live call and pays the tutor only for the
        seconds both were in it. The student deposits `ratePerSecond * capSeconds`
        (native currency or any standard ERC-20); a tutor or a relayer starts the
        session; a participant, a relayer (at the last moment both peers were seen)
        or anyone after the cap stops it, and the same transaction pays the tutor
        `billed * ratePerSecond` and refunds the student the rest.
@dev Payments are pushed with a fixed gas allowance (PUSH_GAS); a push that fails is
     credited to `withdrawable(account, token)` and paid by `withdraw(token)`, so one
     party can never block the other's money. Every state-changing function holds the
     contract-wide reentrancy lock and writes all state before any external call.
     Revert reasons are short, stable strings prefixed "escrow: " (docs/contracts.md).
"""

from ethereum.ercs import IERC20

# --- Constants -----------------------------------------------------------------

STATUS_NONE: constant(uint8) = 0
STATUS_FUNDED: constant(uint8) = 1
STATUS_ACTIVE: constant(uint8) = 2
STATUS_SETTLED: constant(uint8) = 3
STATUS_CANCELLED: constant(uint8) = 4

REASON_STUDENT: constant(uint8) = 0
REASON_TUTOR: constant(uint8) = 1
REASON_RELAYER: constant(uint8) = 2
REASON_CAP: constant(uint8) = 3

# The token address that stands for the chain's native currency.
NATIVE: constant(address) = empty(address)

# Gas handed to the receiver of a pushed payment (the recipient for native currency,
# the token contract for an ERC-20). Enough for smart-contract wallets and for tokens
# with hooks or block lists; a receiver that needs more is credited and withdraws.
PUSH_GAS: constant(uint256) = 100_000

# Gas that must remain before a push so that the receiver gets all of PUSH_GAS despite
# the 63/64 rule (EIP-150) and the CALL's own cost (cold access 2,600, value transfer
# 9,000, new account 25,000): a push fails only because of its receiver, never because
# the transaction was sent with too little gas.
PUSH_GAS_RESERVE: constant(uint256) = PUSH_GAS + PUSH_GAS // 63 + 40_000

# Upper bound of a session's `capSeconds` (after extensions): keeps
# `startedAt + capSeconds` far from overflow, so a session can always be stopped.
MAX_CAP_SECONDS: constant(uint256) = 2**64 - 1

TRANSFER_SELECTOR: constant(bytes4) = method_id("transfer(address,uint256)", output_type=bytes4)

# --- Types, events, storage ----------------------------------------------------

# A session as `getSession` returns it.
struct Session:
    student: address
    tutor: address
    token: address
    ratePerSecond: uint256
    capSeconds: uint256
    openedAt: uint256
    startedAt: uint256
    endedAt: uint256
    status: uint8
    tutorPaid: uint256
    studentRefunded: uint256

# A session as it is stored. `tutorPaid` and `studentRefunded` are not stored: they follow
# from the record (Settled: `(endedAt - startedAt) * ratePerSecond` and the rest of the
# deposit; Cancelled: 0 and the whole deposit), which saves two storage writes a session.
struct Record:
    student: address
    tutor: address
    token: address
    ratePerSecond: uint256
    capSeconds: uint256
    openedAt: uint256
    startedAt: uint256
    endedAt: uint256
    status: uint8

# The fields the state-changing functions read: loading only these (not the whole record)
# saves four cold storage reads per call.
struct Core:
    student: address
    tutor: address
    token: address
    ratePerSecond: uint256
    capSeconds: uint256
    startedAt: uint256
    status: uint8

event Deposited:
    sessionId: indexed(uint256)
    student: indexed(address)
    tutor: indexed(address)
    token: address
    ratePerSecond: uint256
    capSeconds: uint256

event SessionStarted:
    sessionId: indexed(uint256)
    startedAt: uint256

event SessionStopped:
    sessionId: indexed(uint256)
    endedAt: uint256
    stoppedBy: indexed(address)
    reason: uint8

event Settled:
    sessionId: indexed(uint256)
    tutorAmount: uint256
    studentRefund: uint256

event SessionExtended:
    sessionId: indexed(uint256)
    capSeconds: uint256

event SessionCancelled:
    sessionId: indexed(uint256)
    by: indexed(address)

event RelayerSet:
    account: indexed(address)
    enabled: bool

event PaymentCredited:
    sessionId: indexed(uint256)
    account: indexed(address)
    token: indexed(address)
    amount: uint256

event Withdrawn:
    account: indexed(address)
    token: indexed(address)
    amount: uint256

event OwnershipTransferred:
    previousOwner: indexed(address)
    newOwner: indexed(address)

owner: public(address)
nextSessionId: public(uint256)

_sessions: HashMap[uint256, Record]
_relayers: HashMap[address, bool]
_credits: HashMap[address, HashMap[address, uint256]]
_learned: HashMap[address, uint256]
_taught: HashMap[address, uint256]


@deploy
def __init__():
    """
    @notice The deployer becomes the owner; the relayer set starts empty; the first
            session gets id 1.
    """
    self.owner = msg.sender
    self.nextSessionId = 1
    log OwnershipTransferred(previousOwner=empty(address), newOwner=msg.sender)


# --- Student: open, extend -----------------------------------------------------

@external
@payable
@nonreentrant
def deposit(tutor: address, token: address, ratePerSecond: uint256, capSeconds: uint256) -> uint256:
    """
    @notice Opens a Funded session with `tutor` and escrows `ratePerSecond * capSeconds`
            of `token` (the zero address for native currency).
    @dev Native: `msg.value` must equal the amount. ERC-20: `msg.value` must be 0 and the
         escrow pulls the amount with `transferFrom` (the student approves first); the
         escrow's balance must grow by exactly the amount (fee-on-transfer and other
         non-standard tokens are refused).
    @return The new session's id.
    """
    assert tutor != empty(address), "escrow: zero tutor"
    assert tutor != msg.sender, "escrow: tutor is student"
    assert ratePerSecond != 0, "escrow: zero rate"
    assert capSeconds != 0, "escrow: zero cap"
    assert capSeconds <= MAX_CAP_SECONDS, "escrow: cap too large"
    assert capSeconds <= max_value(uint256) // ratePerSecond, "escrow: amount overflow"
    amount: uint256 = ratePerSecond * capSeconds

    sessionId: uint256 = self.nextSessionId
    self.nextSessionId = sessionId + 1
    # Field by field: the fields still zero (startedAt, endedAt, and token for native
    # currency) are not written, which saves a storage access each.
    self._sessions[sessionId].student = msg.sender
    self._sessions[sessionId].tutor = tutor
    if token != NATIVE:
        self._sessions[sessionId].token = token
    self._sessions[sessionId].ratePerSecond = ratePerSecond
    self._sessions[sessionId].capSeconds = capSeconds
    self._sessions[sessionId].openedAt = block.timestamp
    self._sessions[sessionId].status = STATUS_FUNDED

    self._pull(token, amount)
    log Deposited(
        sessionId=sessionId,
        student=msg.sender,
        tutor=tutor,
        token=token,
        ratePerSecond=ratePerSecond,
        capSeconds=capSeconds,
    )
    return sessionId


@external
@payable
@nonreentrant
def extendSession(sessionId: uint256, extraSeconds: uint256):
    """
    @notice Buys `extraSeconds` more for a Funded session, or for an Active one that has
            not reached its cap: escrows `extraSeconds * ratePerSecond` more (paid as in
            `deposit`) and raises `capSeconds`.
    """
    s: Core = self._core(sessionId)
    assert s.status != STATUS_NONE, "escrow: unknown session"
    assert msg.sender == s.student, "escrow: not student"
    assert s.status == STATUS_FUNDED or s.status == STATUS_ACTIVE, "escrow: not funded or active"
    assert extraSeconds != 0, "escrow: zero extension"
    if s.status == STATUS_ACTIVE:
        assert block.timestamp < s.startedAt + s.capSeconds, "escrow: cap reached"
    assert extraSeconds <= MAX_CAP_SECONDS - s.capSeconds, "escrow: cap too large"
    newCap: uint256 = s.capSeconds + extraSeconds
    assert newCap <= max_value(uint256) // s.ratePerSecond, "escrow: amount overflow"

    self._sessions[sessionId].capSeconds = newCap
    self._pull(s.token, extraSeconds * s.ratePerSecond)
    log SessionExtended(sessionId=sessionId, capSeconds=newCap)


# --- Tutor and relayers: start -------------------------------------------------

@external
@nonreentrant
def startSession(sessionId: uint256):
    """
    @notice Funded -> Active: billing starts now. Called by the tutor or a relayer once
            both peers are in the room.
    """
    status: uint8 = self._sessions[sessionId].status
    assert status != STATUS_NONE, "escrow: unknown session"
    assert (
        msg.sender == self._sessions[sessionId].tutor or self._relayers[msg.sender]
    ), "escrow: not tutor or relayer"
    assert status == STATUS_FUNDED, "escrow: not funded"

    self._sessions[sessionId].startedAt = block.timestamp
    self._sessions[sessionId].status = STATUS_ACTIVE
    log SessionStarted(sessionId=sessionId, startedAt=block.timestamp)


# --- Stopping and settlement ---------------------------------------------------

@external
@nonreentrant
def stopSession(sessionId: uint256):
    """
    @notice Active -> Settled by the student or the tutor, ending now (or at the cap if
            it has passed), and pays both sides in this transaction.
    """
    s: Core = self._core(sessionId)
    assert s.status != STATUS_NONE, "escrow: unknown session"
    reason: uint8 = REASON_STUDENT
    if msg.sender == s.tutor:
        reason = REASON_TUTOR
    else:
        assert msg.sender == s.student, "escrow: not participant"
    assert s.status == STATUS_ACTIVE, "escrow: not active"
    self._finish(sessionId, s, block.timestamp, reason)


@external
@nonreentrant
def stopSessionAt(sessionId: uint256, endedAt: uint256):
    """
    @notice Active -> Settled by a relayer, ending at `endedAt`, the last moment both
            peers were seen, so a dropped call is not billed for the detection delay.
    @param endedAt Must lie in [startedAt, now]; billing still never passes the cap.
    """
    s: Core = self._core(sessionId)
    assert s.status != STATUS_NONE, "escrow: unknown session"
    assert self._relayers[msg.sender], "escrow: not relayer"
    assert s.status == STATUS_ACTIVE, "escrow: not active"
    assert endedAt >= s.startedAt, "escrow: ended before start"
    assert endedAt <= block.timestamp, "escrow: ended in future"
    self._finish(sessionId, s, endedAt, REASON_RELAYER)


@external
@nonreentrant
def settle(sessionId: uint256):
    """
    @notice Active and the cap reached (`now >= startedAt + capSeconds`) -> Settled at the
            cap. Anyone may call it, so the money moves without either party.
    """
    s: Core = self._core(sessionId)
    assert s.status != STATUS_NONE, "escrow: unknown session"
    assert s.status == STATUS_ACTIVE, "escrow: not active"
    assert block.timestamp >= s.startedAt + s.capSeconds, "escrow: cap not reached"
    self._finish(sessionId, s, s.startedAt + s.capSeconds, REASON_CAP)


@external
@nonreentrant
def cancelSession(sessionId: uint256):
    """
    @notice Funded -> Cancelled by the student, the tutor or a relayer: the whole deposit
            goes back to the student.
    """
    s: Core = self._core(sessionId)
    assert s.status != STATUS_NONE, "escrow: unknown session"
    assert (
        msg.sender == s.student or msg.sender == s.tutor or self._relayers[msg.sender]
    ), "escrow: not participant or relayer"
    assert s.status == STATUS_FUNDED, "escrow: not funded"

    refund: uint256 = s.ratePerSecond * s.capSeconds
    self._sessions[sessionId].status = STATUS_CANCELLED
    log SessionCancelled(sessionId=sessionId, by=msg.sender)
    self._pay(sessionId, s.token, s.student, refund)


# --- Credits left by failed pushes ---------------------------------------------

@external
@nonreentrant
def withdraw(token: address):
    """
    @notice Pays the caller everything a failed push credited to it in `token` (the zero
            address for native currency), forwarding all remaining gas. Reverts, keeping
            the credit, if the payment fails again.
    """
    amount: uint256 = self._credits[msg.sender][token]
    assert amount != 0, "escrow: nothing to withdraw"
    self._credits[msg.sender][token] = 0
    log Withdrawn(account=msg.sender, token=token, amount=amount)
    assert self._send(token, msg.sender, amount, msg.gas), "escrow: withdraw failed"


# --- Owner ---------------------------------------------------------------------

@external
@nonreentrant
def setRelayer(account: address, enabled: bool):
    """
    @notice Adds (`enabled`) or removes a relayer. Relayers may start, stop at a past
            moment and cancel sessions; they can move money nowhere but to a session's
            own student and tutor.
    """
    assert msg.sender == self.owner, "escrow: not owner"
    self._relayers[account] = enabled
    log RelayerSet(account=account, enabled=enabled)


@external
@nonreentrant
def transferOwnership(newOwner: address):
    """
    @notice Hands the relayer set to `newOwner`. There is no renouncing: the zero address
            is refused.
    """
    assert msg.sender == self.owner, "escrow: not owner"
    assert newOwner != empty(address), "escrow: zero owner"
    previous: address = self.owner
    self.owner = newOwner
    log OwnershipTransferred(previousOwner=previous, newOwner=newOwner)


# --- Views ---------------------------------------------------------------------

@external
@view
def getSession(sessionId: uint256) -> Session:
    """
    @notice The whole record of a session (all zero for an unknown id). `tutorPaid` and
            `studentRefunded` are what settlement or cancellation gave each side (pushed
            or credited), 0 before.
    """
    r: Record = self._sessions[sessionId]
    tutorPaid: uint256 = 0
    studentRefunded: uint256 = 0
    tutorPaid, studentRefunded = self._payout(r)
    return Session(
        student=r.student,
        tutor=r.tutor,
        token=r.token,
        ratePerSecond=r.ratePerSecond,
        capSeconds=r.capSeconds,
        openedAt=r.openedAt,
        startedAt=r.startedAt,
        endedAt=r.endedAt,
        status=r.status,
        tutorPaid=tutorPaid,
        studentRefunded=studentRefunded,
    )


@external
@view
def billableSeconds(sessionId: uint256) -> uint256:
    """
    @notice Seconds billed at the current block: for an Active session
            `min(now, startedAt + capSeconds) - startedAt`, for a Settled one
            `endedAt - startedAt`, otherwise 0.
    """
    return self._billable(self._sessions[sessionId])


@external
@view
def owed(sessionId: uint256) -> (uint256, uint256):
    """
    @notice `(tutorAmount, studentRefund)`: what stopping now would pay (Active), what was
            paid (Settled, Cancelled), `(0, deposit)` for a Funded session, `(0, 0)` for an
            unknown id.
    """
    r: Record = self._sessions[sessionId]
    if r.status == STATUS_SETTLED or r.status == STATUS_CANCELLED:
        return self._payout(r)
    total: uint256 = r.ratePerSecond * r.capSeconds
    tutorAmount: uint256 = self._billable(r) * r.ratePerSecond
    return tutorAmount, total - tutorAmount


@external
@view
def isRelayer(account: address) -> bool:
    return self._relayers[account]


@external
@view
def withdrawable(account: address, token: address) -> uint256:
    """
    @notice What failed pushes credited to `account` in `token`, to be paid by `withdraw`.
    """
    return self._credits[account][token]


@external
@view
def secondsLearned(student: address) -> uint256:
    """
    @notice Billed seconds of every settled session `student` paid for.
    """
    return self._learned[student]


@external
@view
def secondsTaught(tutor: address) -> uint256:
    """
    @notice Billed seconds of every settled session `tutor` was paid for.
    """
    return self._taught[tutor]


# --- Internals -----------------------------------------------------------------

@internal
@view
def _billable(r: Record) -> uint256:
    if r.status == STATUS_ACTIVE:
        return min(block.timestamp, r.startedAt + r.capSeconds) - r.startedAt
    if r.status == STATUS_SETTLED:
        return r.endedAt - r.startedAt
    return 0


@internal
@view
def _payout(r: Record) -> (uint256, uint256):
    """
    @dev `(tutorPaid, studentRefunded)`: what settlement or cancellation gave each side.
    """
    total: uint256 = r.ratePerSecond * r.capSeconds
    if r.status == STATUS_SETTLED:
        paid: uint256 = (r.endedAt - r.startedAt) * r.ratePerSecond
        return paid, total - paid
    if r.status == STATUS_CANCELLED:
        return 0, total
    return 0, 0


@internal
@view
def _core(sessionId: uint256) -> Core:
    return Core(
        student=self._sessions[sessionId].student,
        tutor=self._sessions[sessionId].tutor,
        token=self._sessions[sessionId].token,
        ratePerSecond=self._sessions[sessionId].ratePerSecond,
        capSeconds=self._sessions[sessionId].capSeconds,
        startedAt=self._sessions[sessionId].startedAt,
        status=self._sessions[sessionId].status,
    )


@internal
def _finish(sessionId: uint256, s: Core, endedAt: uint256, reason: uint8):
    """
    @dev Active -> Settled ending at `endedAt` (clamped to the cap; the reason becomes
         "cap reached" when the cap is what ended it), then pays the tutor and refunds
         the student. All state is written before the first external call.
    """
    capEnd: uint256 = s.startedAt + s.capSeconds
    end: uint256 = endedAt
    why: uint8 = reason
    if end >= capEnd:
        end = capEnd
        why = REASON_CAP
    billed: uint256 = end - s.startedAt
    tutorAmount: uint256 = billed * s.ratePerSecond
    studentRefund: uint256 = s.ratePerSecond * s.capSeconds - tutorAmount

    self._sessions[sessionId].endedAt = end
    self._sessions[sessionId].status = STATUS_SETTLED
    self._learned[s.student] += billed
    self._taught[s.tutor] += billed
    log SessionStopped(sessionId=sessionId, endedAt=end, stoppedBy=msg.sender, reason=why)
    log Settled(sessionId=sessionId, tutorAmount=tutorAmount, studentRefund=studentRefund)

    self._pay(sessionId, s.token, s.tutor, tutorAmount)
    self._pay(sessionId, s.token, s.student, studentRefund)


@internal
def _pay(sessionId: uint256, token: address, to: address, amount: uint256):
    """
    @dev Pushes `amount` to `to` with PUSH_GAS; on failure credits it instead. Nothing is
         sent for a zero amount.
    """
    if amount == 0:
        return
    assert msg.gas >= PUSH_GAS_RESERVE, "escrow: gas too low for push"
    if not self._send(token, to, amount, PUSH_GAS):
        self._credits[to][token] += amount
        log PaymentCredited(sessionId=sessionId, account=to, token=token, amount=amount)


@internal
def _send(token: address, to: address, amount: uint256, gasLimit: uint256) -> bool:
    """
    @dev Sends native currency or calls `token.transfer(to, amount)` with at most
         `gasLimit` gas and reports success without reverting. A token call succeeds
         when it does not revert and returns either nothing (tokens without a bool
         result) or a word equal to 1.
    """
    if token == NATIVE:
        return raw_call(to, b"", value=amount, gas=gasLimit, revert_on_failure=False)
    success: bool = False
    response: Bytes[32] = b""
    success, response = raw_call(
        token,
        abi_encode(to, amount, method_id=TRANSFER_SELECTOR),
        max_outsize=32,
        gas=gasLimit,
        revert_on_failure=False,
    )
    if not success:
        return False
    if len(response) == 0:
        return token.is_contract
    if len(response) != 32:
        return False
    return convert(response, uint256) == 1


@internal
@payable
def _pull(token: address, amount: uint256):
    """
    @dev Takes `amount` from the caller: native currency must arrive as exactly
         `msg.value`; an ERC-20 is pulled with `transferFrom` (a missing bool result is
         accepted) and must raise the escrow's balance by exactly `amount`.
    """
    if token == NATIVE:
        assert msg.value == amount, "escrow: wrong value"
        return
    assert msg.value == 0, "escrow: value with token"
    assert token.is_contract, "escrow: token not a contract"
    before: uint256 = staticcall IERC20(token).balanceOf(self)
    assert extcall IERC20(token).transferFrom(
        msg.sender, self, amount, default_return_value=True
    ), "escrow: transfer failed"
    after: uint256 = staticcall IERC20(token).balanceOf(self)
    assert after >= before and after - before == amount, "escrow: fee on transfer"
