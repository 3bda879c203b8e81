# pragma version 0.4.3
# pragma evm-version cancun
# pragma optimize gas
"""
@title SessionRatings
@license MIT
@notice After a Settled session that billed at least one second, its student and its
        tutor each rate the other once, 1 to 5 stars, with the digest of an optional
        off-chain comment. Totals per rated account are kept on-chain.
@dev Reads sessions from the SessionEscrow fixed at deployment. Revert reasons are
     short, stable strings prefixed "ratings: " (docs/contracts.md).
"""

STATUS_SETTLED: constant(uint8) = 3

# The escrow's session record, as its `getSession` returns it.
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

interface SessionEscrow:
    def getSession(sessionId: uint256) -> Session: view

event Rated:
    sessionId: indexed(uint256)
    rater: indexed(address)
    ratee: indexed(address)
    stars: uint8
    commentHash: bytes32

escrow: public(immutable(address))

_by: HashMap[uint256, HashMap[address, uint8]]
_count: HashMap[address, uint256]
_sum: HashMap[address, uint256]


@deploy
def __init__(escrow_: address):
    """
    @param escrow_ The SessionEscrow whose sessions are rated.
    """
    assert escrow_.is_contract, "ratings: escrow not a contract"
    escrow = escrow_


@external
def rate(sessionId: uint256, stars: uint8, commentHash: bytes32):
    """
    @notice The student rates the tutor, or the tutor the student, of a Settled session
            that billed at least one second; once per rater per session.
    @param stars 1 to 5.
    @param commentHash Digest of an off-chain comment (e.g. an IPFS CID's sha-256), zero for none.
    """
    s: Session = staticcall SessionEscrow(escrow).getSession(sessionId)
    ratee: address = empty(address)
    if msg.sender == s.student and msg.sender != empty(address):
        ratee = s.tutor
    elif msg.sender == s.tutor and msg.sender != empty(address):
        ratee = s.student
    else:
        raise "ratings: not participant"
    assert s.status == STATUS_SETTLED, "ratings: not settled"
    assert s.endedAt > s.startedAt, "ratings: nothing billed"
    assert stars >= 1 and stars <= 5, "ratings: bad stars"
    assert self._by[sessionId][msg.sender] == 0, "ratings: already rated"

    self._by[sessionId][msg.sender] = stars
    self._count[ratee] += 1
    self._sum[ratee] += convert(stars, uint256)
    log Rated(sessionId=sessionId, rater=msg.sender, ratee=ratee, stars=stars, commentHash=commentHash)


@external
@view
def ratingOf(account: address) -> (uint256, uint256):
    """
    @notice `(count, sum)` of the stars `account` received; the average is sum / count.
    """
    return self._count[account], self._sum[account]


@external
@view
def ratingBy(sessionId: uint256, rater: address) -> uint8:
    """
    @notice The stars `rater` gave in `sessionId`, 0 for none.
    """
    return self._by[sessionId][rater]
