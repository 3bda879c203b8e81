# pragma version 0.4.3
# pragma evm-version cancun
# pragma optimize gas
"""
@title SessionCredential
@license MIT
@notice Proof that a student completed a session: a soulbound ERC-721 (ERC-5192)
        token whose id is the session id. The tutor of a Settled session billed for
        at least `minSeconds` attests it; the student then claims the token, once.
        Tokens never move: every transfer and approval reverts.
@dev Reads sessions from the SessionEscrow fixed at deployment. Minting does not call
     `onERC721Received`: the student claims for itself. Revert reasons are short,
     stable strings prefixed "credential: " (docs/contracts.md).
"""

STATUS_SETTLED: constant(uint8) = 3

INTERFACE_ERC165: constant(bytes4) = 0x01ffc9a7
INTERFACE_ERC721: constant(bytes4) = 0x80ac58cd
INTERFACE_ERC721_METADATA: constant(bytes4) = 0x5b5e139f
INTERFACE_ERC5192: constant(bytes4) = 0xb45a3c0e

MAX_NAME: constant(uint256) = 64
MAX_SYMBOL: constant(uint256) = 32
MAX_BASE_URI: constant(uint256) = 160
MAX_DATA: constant(uint256) = 1024

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

struct Credential:
    student: address
    tutor: address
    billedSeconds: uint256
    issuedAt: uint256

event Attested:
    sessionId: indexed(uint256)
    tutor: indexed(address)
    student: indexed(address)
    billedSeconds: uint256

# ERC-721
event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    tokenId: indexed(uint256)

# ERC-721 (declared for interface completeness; never emitted: approvals revert)
event Approval:
    owner: indexed(address)
    approved: indexed(address)
    tokenId: indexed(uint256)

# ERC-721 (declared for interface completeness; never emitted: approvals revert)
event ApprovalForAll:
    owner: indexed(address)
    operator: indexed(address)
    approved: bool

# ERC-5192
event Locked:
    tokenId: uint256

escrow: public(immutable(address))
minSeconds: public(immutable(uint256))
name: public(String[MAX_NAME])
symbol: public(String[MAX_SYMBOL])
baseURI: public(String[MAX_BASE_URI])

# Only what the escrow does not already hold is stored: a Settled session's record never
# changes, so student, tutor and billed seconds are read from the escrow when needed.
_attestedAt: HashMap[uint256, uint256]
_issuedAt: HashMap[uint256, uint256]
_owners: HashMap[uint256, address]
_balances: HashMap[address, uint256]


@deploy
def __init__(
    escrow_: address,
    minSeconds_: uint256,
    name_: String[MAX_NAME],
    symbol_: String[MAX_SYMBOL],
    baseURI_: String[MAX_BASE_URI],
):
    """
    @param escrow_ The SessionEscrow whose sessions are attested.
    @param minSeconds_ Least billed time of a session that earns a credential (at least 1).
    @param baseURI_ Prefix of `tokenURI` (followed by the decimal token id); empty for no URI.
    """
    assert escrow_.is_contract, "credential: escrow not a contract"
    assert minSeconds_ != 0, "credential: zero minSeconds"
    escrow = escrow_
    minSeconds = minSeconds_
    self.name = name_
    self.symbol = symbol_
    self.baseURI = baseURI_


@external
def attest(sessionId: uint256):
    """
    @notice The tutor of a Settled session billed for at least `minSeconds` marks it
            complete, so its student may claim the credential.
    """
    s: Session = staticcall SessionEscrow(escrow).getSession(sessionId)
    assert msg.sender == s.tutor, "credential: not tutor"
    assert s.status == STATUS_SETTLED, "credential: not settled"
    billed: uint256 = s.endedAt - s.startedAt
    assert billed >= minSeconds, "credential: too short"
    assert self._attestedAt[sessionId] == 0, "credential: already attested"

    self._attestedAt[sessionId] = block.timestamp
    log Attested(sessionId=sessionId, tutor=s.tutor, student=s.student, billedSeconds=billed)


@external
def claim(sessionId: uint256) -> uint256:
    """
    @notice The student of an attested session mints its credential, token id = session id.
    @return The token id.
    """
    assert self._attestedAt[sessionId] != 0, "credential: not attested"
    s: Session = staticcall SessionEscrow(escrow).getSession(sessionId)
    assert msg.sender == s.student, "credential: not student"
    assert self._owners[sessionId] == empty(address), "credential: already claimed"

    self._owners[sessionId] = msg.sender
    self._balances[msg.sender] += 1
    self._issuedAt[sessionId] = block.timestamp
    log Transfer(sender=empty(address), receiver=msg.sender, tokenId=sessionId)
    log Locked(tokenId=sessionId)
    return sessionId


# --- Credential views ----------------------------------------------------------

@external
@view
def isAttested(sessionId: uint256) -> bool:
    return self._attestedAt[sessionId] != 0


@external
@view
def credentialOf(tokenId: uint256) -> Credential:
    """
    @notice `(student, tutor, billedSeconds, issuedAt)` of a minted credential;
            `issuedAt` is the claim's block timestamp.
    """
    assert self._owners[tokenId] != empty(address), "credential: no token"
    s: Session = staticcall SessionEscrow(escrow).getSession(tokenId)
    return Credential(
        student=s.student,
        tutor=s.tutor,
        billedSeconds=s.endedAt - s.startedAt,
        issuedAt=self._issuedAt[tokenId],
    )


# --- ERC-721 views -------------------------------------------------------------

@external
@view
def balanceOf(owner: address) -> uint256:
    assert owner != empty(address), "credential: zero address"
    return self._balances[owner]


@external
@view
def ownerOf(tokenId: uint256) -> address:
    owner: address = self._owners[tokenId]
    assert owner != empty(address), "credential: no token"
    return owner


@external
@view
def tokenURI(tokenId: uint256) -> String[MAX_BASE_URI + 78]:
    """
    @notice `baseURI` followed by the decimal token id, or "" when `baseURI` is empty.
    """
    assert self._owners[tokenId] != empty(address), "credential: no token"
    base: String[MAX_BASE_URI] = self.baseURI
    if len(base) == 0:
        return ""
    return concat(base, uint2str(tokenId))


@external
@view
def getApproved(tokenId: uint256) -> address:
    """
    @notice Always the zero address for a minted token: credentials cannot be approved.
    """
    assert self._owners[tokenId] != empty(address), "credential: no token"
    return empty(address)


@external
@view
def isApprovedForAll(owner: address, operator: address) -> bool:
    return False


@external
@view
def locked(tokenId: uint256) -> bool:
    """
    @notice ERC-5192: every credential is locked to its student.
    """
    assert self._owners[tokenId] != empty(address), "credential: no token"
    return True


@external
@view
def supportsInterface(interfaceId: bytes4) -> bool:
    """
    @notice ERC-165: true for ERC-165, ERC-721, ERC-721 Metadata and ERC-5192.
    """
    return interfaceId in [
        INTERFACE_ERC165, INTERFACE_ERC721, INTERFACE_ERC721_METADATA, INTERFACE_ERC5192
    ]


# --- ERC-721 transfers and approvals: all refused (soulbound) ------------------

@external
def transferFrom(sender: address, receiver: address, tokenId: uint256):
    raise "credential: soulbound"


@external
def safeTransferFrom(
    sender: address, receiver: address, tokenId: uint256, data: Bytes[MAX_DATA] = b""
):
    raise "credential: soulbound"


@external
def approve(approved: address, tokenId: uint256):
    raise "credential: soulbound"


@external
def setApprovalForAll(operator: address, approved: bool):
    raise "credential: soulbound"
