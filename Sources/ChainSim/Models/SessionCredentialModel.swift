import Contracts
public import EthPrimitives

/// The Swift model of `contracts/SessionCredential.vy`: a soulbound ERC-721 (ERC-5192) proof that a student
/// completed a session, token id = session id.
///
/// The tutor of a Settled session billed for at least `minSeconds` attests it; its student then claims the token,
/// once. Sessions are read from the escrow fixed at deployment through a nested call to its `getSession`, as the
/// contract's `staticcall` does. Every transfer and approval reverts `credential: soulbound`; views of a token not
/// minted revert `credential: no token`. Reasons, checks and their order, and events are the contract's.
public enum SessionCredentialModel: ContractModel {
    /// The credential's storage: its immutables (`escrow`, `minSeconds`), its metadata and its own records. Only
    /// what the escrow does not hold is kept; zero entries are absent.
    public struct Storage: Sendable, Hashable {
        /// `escrow()`: the SessionEscrow whose sessions are attested (an immutable).
        public let escrow: Address
        /// `minSeconds()`: the least billed time that earns a credential (an immutable).
        public let minSeconds: UInt256
        /// `name()`.
        public let name: String
        /// `symbol()`.
        public let symbol: String
        /// `baseURI()`: prefix of `tokenURI`, empty for no URI.
        public let baseURI: String
        /// When each attested session was attested (block time).
        public internal(set) var attestedAt: ModelMap<UInt256, UInt256> = [:]
        /// When each token was claimed (block time).
        public internal(set) var issuedAt: ModelMap<UInt256, UInt256> = [:]
        /// `ownerOf(tokenId)` of every minted token.
        public internal(set) var owners: ModelMap<UInt256, Address> = [:]
        /// `balanceOf(owner)` of every holder.
        public internal(set) var balances: ModelMap<Address, UInt256> = [:]

        /// The storage the constructor sets up.
        public init(escrow: Address, minSeconds: UInt256, name: String, symbol: String, baseURI: String) {
            self.escrow = escrow
            self.minSeconds = minSeconds
            self.name = name
            self.symbol = symbol
            self.baseURI = baseURI
        }
    }

    /// "SessionCredential".
    public static let name = "SessionCredential"

    /// The interface ids `supportsInterface` answers true for: ERC-165, ERC-721, ERC-721 Metadata, ERC-5192.
    public static let supportedInterfaces: Set<[UInt8]> = [
        [0x01, 0xff, 0xc9, 0xa7], [0x80, 0xac, 0x58, 0xcd], [0x5b, 0x5e, 0x13, 0x9f], [0xb4, 0x5a, 0x3c, 0x0e],
    ]

    /// The longest `name` (`String[64]`), `symbol` (`String[32]`), `baseURI` (`String[160]`) and
    /// `safeTransferFrom` data (`Bytes[1024]`) the contract's argument decoding accepts, in bytes.
    static let maxName = 64
    static let maxSymbol = 32
    static let maxBaseURI = 160
    static let maxData = 1024

    /// Recognises `SessionCredential.creationCode` followed by its constructor arguments
    /// `(escrow, minSeconds, name, symbol, baseURI)`. The runtime code is the committed one followed by the two
    /// immutables Vyper appends, the escrow's address and `minSeconds`, as 32-byte words.
    ///
    /// - Throws: a bare revert when the arguments do not decode or a string is longer than the contract's bound.
    public static func deploy(initCode: [UInt8], deployer: Address, block: BlockContext) throws(Revert) -> (
        storage: Storage, runtimeCode: [UInt8]
    )? {
        let decoded: SessionCredential.Constructor?
        do {
            decoded = try SessionCredential.decodeConstructorArguments(initCode)
        } catch {
            throw .bare
        }
        guard let arguments = decoded else { return nil }
        guard arguments.name.utf8.count <= maxName, arguments.symbol.utf8.count <= maxSymbol,
            arguments.baseURI.utf8.count <= maxBaseURI
        else { throw .bare }
        let storage = Storage(
            escrow: arguments.escrow, minSeconds: arguments.minSeconds, name: arguments.name,
            symbol: arguments.symbol, baseURI: arguments.baseURI)
        let immutables = [UInt8](repeating: 0, count: 12) + arguments.escrow.bytes + arguments.minSeconds.bigEndianBytes
        return (storage, SessionCredential.runtimeCode + immutables)
    }

    /// The constructor's checks and writes: it refuses value, requires the escrow to have code
    /// (`credential: escrow not a contract`) and `minSeconds ≥ 1` (`credential: zero minSeconds`), and stores the
    /// three strings.
    public static func constructorEffects(_ message: Message, host: inout some Host) throws(Revert) {
        if !message.value.isZero { throw .bare }
        let storage = try host.modelStorage(Storage.self, at: message.callee)
        try require(host.hasCode(storage.escrow), "credential: escrow not a contract")
        try require(!storage.minSeconds.isZero, "credential: zero minSeconds")
        for text in [storage.name, storage.symbol, storage.baseURI] {
            // A Vyper string: its length slot, then one slot per 32 bytes.
            let count = text.utf8.count
            try host.chargeReads(1)
            if count > 0 { try host.charge(GasSchedule.storageNewSlot) }
            let words = (count + 31) / 32
            try host.chargeReads(words)
            try host.charge(GasSchedule.storageNewSlot * UInt64(words))
        }
    }

    /// Runs one call to the credential.
    public static func execute(_ message: Message, host: inout some Host) throws(Revert) -> [UInt8] {
        var input = message.input
        if input.starts(with: SessionCredential.SafeTransferFromAddressAddressUint256Bytes.selector.bytes) {
            // `safeTransferFrom(address, address, uint256, Bytes[1024])`, read as the contract reads it.
            input = try vyperBytesCalldata(input, headWords: 4, bytesArgument: 3, maxLength: maxData)
        }
        let function = try decodeCall(input, with: SessionCredential.decodeFunction(calldata:))
        let me = message.callee
        var storage = try host.modelStorage(Storage.self, at: me)
        let now = UInt256(host.block.timestamp)
        let sender = message.caller
        switch function {
        case .attest(let call):
            return try respond(to: call, message) { () throws(Revert) in
                let session = try host.staticCall(storage.escrow, SessionEscrow.GetSession(sessionId: call.sessionId))
                try require(sender == session.tutor, "credential: not tutor")
                try require(session.status == SessionEscrowModel.Status.settled.rawValue, "credential: not settled")
                let billed = try session.endedAt.subtracting(session.startedAt)
                try require(billed >= storage.minSeconds, "credential: too short")
                try host.chargeReads(1)
                try require(storage.attestedAt[call.sessionId] == nil, "credential: already attested")
                try host.chargeWrite(from: .zero, to: now)
                storage.attestedAt[call.sessionId] = now.isZero ? nil : now
                host.setStorage(storage, of: me)
                try host.log(
                    SessionCredential.Attested(
                        sessionId: call.sessionId, tutor: session.tutor, student: session.student,
                        billedSeconds: billed),
                    from: me)
            }
        case .claim(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try host.chargeReads(1)
                try require(storage.attestedAt[call.sessionId] != nil, "credential: not attested")
                let session = try host.staticCall(storage.escrow, SessionEscrow.GetSession(sessionId: call.sessionId))
                try require(sender == session.student, "credential: not student")
                try host.chargeReads(1)
                try require(storage.owners[call.sessionId] == nil, "credential: already claimed")
                try host.chargeWrite(from: .zero, to: sender)
                storage.owners[call.sessionId] = sender
                try host.chargeReads(1)
                let balance = storage.balances[sender] ?? .zero
                let newBalance = try balance.adding(.one)
                try host.chargeWrite(from: balance, to: newBalance)
                storage.balances[sender] = newBalance
                try host.chargeReads(1)
                try host.chargeWrite(from: .zero, to: now)
                storage.issuedAt[call.sessionId] = now.isZero ? nil : now
                host.setStorage(storage, of: me)
                try host.log(
                    SessionCredential.Transfer(sender: .zero, receiver: sender, tokenId: call.sessionId), from: me)
                try host.log(SessionCredential.LockedEvent(tokenId: call.sessionId), from: me)
                return call.sessionId
            }
        case .isAttested(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try host.chargeReads(1)
                return storage.attestedAt[call.sessionId] != nil
            }
        case .credentialOf(let call):
            return try respond(to: call, message) { () throws(Revert) in
                _ = try requireMinted(call.tokenId, storage, &host)
                let session = try host.staticCall(storage.escrow, SessionEscrow.GetSession(sessionId: call.tokenId))
                try host.chargeReads(1)
                return SessionCredential.CredentialOf.Output(
                    student: session.student, tutor: session.tutor,
                    billedSeconds: try session.endedAt.subtracting(session.startedAt),
                    issuedAt: storage.issuedAt[call.tokenId] ?? .zero)
            }
        case .balanceOf(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try require(call.owner != .zero, "credential: zero address")
                try host.chargeReads(1)
                return storage.balances[call.owner] ?? .zero
            }
        case .ownerOf(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try requireMinted(call.tokenId, storage, &host)
            }
        case .tokenURI(let call):
            return try respond(to: call, message) { () throws(Revert) in
                _ = try requireMinted(call.tokenId, storage, &host)
                try host.chargeReads(1 + (storage.baseURI.utf8.count + 31) / 32)
                if storage.baseURI.isEmpty { return "" }
                return storage.baseURI + call.tokenId.description
            }
        case .getApproved(let call):
            return try respond(to: call, message) { () throws(Revert) in
                _ = try requireMinted(call.tokenId, storage, &host)
                return .zero
            }
        case .isApprovedForAll(let call):
            return try respond(to: call, message) { () throws(Revert) in false }
        case .locked(let call):
            return try respond(to: call, message) { () throws(Revert) in
                _ = try requireMinted(call.tokenId, storage, &host)
                return true
            }
        case .supportsInterface(let call):
            return try respond(to: call, message) { () throws(Revert) in
                supportedInterfaces.contains(call.interfaceId)
            }
        case .transferFrom(let call):
            return try respond(to: call, message) { () throws(Revert) in throw .reason("credential: soulbound") }
        case .safeTransferFromAddressAddressUint256(let call):
            return try respond(to: call, message) { () throws(Revert) in throw .reason("credential: soulbound") }
        case .safeTransferFromAddressAddressUint256Bytes(let call):
            return try respond(to: call, message) { () throws(Revert) in throw .reason("credential: soulbound") }
        case .approve(let call):
            return try respond(to: call, message) { () throws(Revert) in throw .reason("credential: soulbound") }
        case .setApprovalForAll(let call):
            return try respond(to: call, message) { () throws(Revert) in throw .reason("credential: soulbound") }
        case .escrow(let call):
            return try respond(to: call, message) { () throws(Revert) in storage.escrow }
        case .minSeconds(let call):
            return try respond(to: call, message) { () throws(Revert) in storage.minSeconds }
        case .name(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try host.chargeReads(1 + (storage.name.utf8.count + 31) / 32)
                return storage.name
            }
        case .symbol(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try host.chargeReads(1 + (storage.symbol.utf8.count + 31) / 32)
                return storage.symbol
            }
        case .baseURI(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try host.chargeReads(1 + (storage.baseURI.utf8.count + 31) / 32)
                return storage.baseURI
            }
        }
    }

    /// The owner of `tokenId`; `credential: no token` when it was never minted.
    private static func requireMinted(_ tokenId: UInt256, _ storage: Storage, _ host: inout some Host) throws(Revert)
        -> Address
    {
        try host.chargeReads(1)
        guard let owner = storage.owners[tokenId] else { throw .reason("credential: no token") }
        return owner
    }
}
