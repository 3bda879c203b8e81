import ChainSim
import Contracts
import EthPrimitives
import Testing
import Transactions

/// The models' rules beyond what the vectors show: deployments and constructor checks, tokens with quirks, the
/// push gas reserve, the reentrancy lock, the credential's base URI, the Wallet's rules.
@Suite struct ContractModelTests {
    typealias W = MeteredWorld
    static let escrow = MeteredGenesis.escrow
    static let token = MeteredGenesis.testToken

    // MARK: Deployments

    @Test func genesisCodeIsTheCompiledRuntimeWithItsImmutables() throws {
        let world = try W()
        #expect(world.world.code(at: MeteredGenesis.testToken) == TestToken.runtimeCode)
        #expect(world.world.code(at: MeteredGenesis.escrow) == SessionEscrow.runtimeCode)
        let escrowWord = [UInt8](repeating: 0, count: 12) + MeteredGenesis.escrow.bytes
        #expect(
            world.world.code(at: MeteredGenesis.credential)
                == SessionCredential.runtimeCode + escrowWord + UInt256(60).bigEndianBytes)
        #expect(world.world.code(at: MeteredGenesis.ratings) == SessionRatings.runtimeCode + escrowWord)
        #expect(try world.read(SessionEscrow.Owner(), at: Self.escrow) == MeteredGenesis.deployer)
        #expect(try world.read(SessionEscrow.NextSessionId(), at: Self.escrow) == 1)
        #expect(try world.read(SessionEscrow.IsRelayer(account: W.relayer), at: Self.escrow))
        #expect(try world.read(SessionCredential.Escrow(), at: MeteredGenesis.credential) == Self.escrow)
        #expect(try world.read(SessionCredential.Name(), at: MeteredGenesis.credential) == "Metered Session Credential")
        #expect(try world.read(SessionRatings.Escrow(), at: MeteredGenesis.ratings) == Self.escrow)
    }

    @Test func escrowConstructorLogsOwnershipTransferred() throws {
        var world = try W()
        let result = try world.deploy(SessionEscrow.deploymentCode(), from: W.outsider)
        #expect(result.success)
        let log = try #require(result.logs.first)
        #expect(result.logs.count == 1)
        #expect(log.address == result.contractAddress)
        let event = try SessionEscrow.OwnershipTransferred.decode(topics: log.topics, data: log.data)
        #expect(event == SessionEscrow.OwnershipTransferred(previousOwner: .zero, newOwner: W.outsider))
    }

    @Test func otherBytecodeIsRefused() throws {
        var world = try W()
        let code = Array(SessionEscrow.creationCode.dropLast())
        #expect(throws: ChainError.self) { try world.deploy(code, from: W.outsider) }
    }

    @Test func bytesAfterTheConstructorArgumentsAreIgnored() throws {
        var world = try W()
        let result = try world.deploy(TestToken.deploymentCode() + [1, 2, 3], from: W.outsider)
        #expect(result.success)
        #expect(result.output == TestToken.runtimeCode)
    }

    /// Rows: init code, value, the revert reason (nil: a bare revert).
    static let refusedConstructors: [(String, [UInt8], UInt256, String?)] = [
        ("token with value", TestToken.deploymentCode(), 1, nil),
        ("escrow with value", SessionEscrow.deploymentCode(), 1, nil),
        (
            "credential of an account without code",
            SessionCredential.deploymentCode(escrow: W.outsider, minSeconds: 60, name: "n", symbol: "s", baseURI: ""),
            0, "credential: escrow not a contract"
        ),
        (
            "credential with zero minSeconds",
            SessionCredential.deploymentCode(escrow: escrow, minSeconds: 0, name: "n", symbol: "s", baseURI: ""), 0,
            "credential: zero minSeconds"
        ),
        (
            "credential failing both checks reports the escrow first",
            SessionCredential.deploymentCode(escrow: W.outsider, minSeconds: 0, name: "n", symbol: "s", baseURI: ""),
            0, "credential: escrow not a contract"
        ),
        (
            "credential with a 65-byte name",
            SessionCredential.deploymentCode(
                escrow: escrow, minSeconds: 1, name: String(repeating: "n", count: 65), symbol: "s", baseURI: ""),
            0, nil
        ),
        (
            "credential with a 33-byte symbol",
            SessionCredential.deploymentCode(
                escrow: escrow, minSeconds: 1, name: "n", symbol: String(repeating: "s", count: 33), baseURI: ""),
            0, nil
        ),
        (
            "credential with a 161-byte base URI",
            SessionCredential.deploymentCode(
                escrow: escrow, minSeconds: 1, name: "n", symbol: "s", baseURI: String(repeating: "u", count: 161)),
            0, nil
        ),
        (
            "ratings of an account without code", SessionRatings.deploymentCode(escrow: W.outsider), 0,
            "ratings: escrow not a contract"
        ),
        ("ratings with value", SessionRatings.deploymentCode(escrow: escrow), 1, nil),
        ("wallet with value", Wallet.deploymentCode(owner: W.outsider, accepting: true), 1, nil),
        ("truncated credential arguments", Array(SessionCredential.creationCode + [0, 0, 1]), 0, nil),
    ]

    @Test(arguments: refusedConstructors) func refusedConstructor(
        _ row: (String, [UInt8], UInt256, String?)
    ) throws {
        let (_, initCode, value, expected) = row
        var world = try W()
        let before = world.world.balance(of: W.outsider)
        let result = try world.deploy(initCode, from: W.outsider, value: value)
        #expect(!result.success)
        #expect(result.contractAddress == nil)
        if let expected {
            #expect(reason(result) == expected)
        } else {
            #expect(result.output.isEmpty)
        }
        #expect(world.world.balance(of: W.outsider) == before)
    }

    @Test func credentialWithBoundaryStringsDeploys() throws {
        var world = try W()
        let result = try world.deploy(
            SessionCredential.deploymentCode(
                escrow: Self.escrow, minSeconds: 1, name: String(repeating: "n", count: 64),
                symbol: String(repeating: "s", count: 32), baseURI: String(repeating: "u", count: 160)),
            from: W.outsider)
        #expect(result.success)
    }

    // MARK: TestToken

    @Test func transferToOneselfKeepsTheBalanceAndLogs() throws {
        var world = try W()
        world.send(TestToken.Mint(to: W.student, amount: 500), to: Self.token, from: W.outsider)
        let result = world.send(TestToken.Transfer(to: W.student, amount: 200), to: Self.token, from: W.student)
        #expect(result.success)
        #expect(try TestToken.Transfer.decodeOutput(result.output))
        #expect(try world.tokens(W.student) == 500)
        #expect(result.logs.count == 1)
        #expect(try world.read(TestToken.TotalSupply(), at: Self.token) == 500)
    }

    @Test func tokenRefusesValueAndUnknownCalldata() throws {
        var world = try W()
        let paid = world.send(
            TestToken.Mint(to: W.student, amount: 1), to: Self.token, from: W.student, value: 1)
        #expect(!paid.success)
        #expect(paid.output.isEmpty)
        let plain = world.send([], to: Self.token, from: W.student, value: 1)
        #expect(!plain.success && plain.output.isEmpty)
        let dirty = world.send(
            TestToken.BalanceOf.selector.bytes + [UInt8](repeating: 0xff, count: 32), to: Self.token,
            from: W.student)
        #expect(!dirty.success && dirty.output.isEmpty)
        #expect(try world.tokens(W.student) == 0)
    }

    // MARK: Escrow and ERC-20 tokens with quirks

    /// A world with a quirky token deployed by the outsider, the student holding 10,000 of it.
    static func quirky(_ quirk: QuirkyTokenModel.Quirk) throws -> (W, Address) {
        var world = try W(extraModels: [QuirkyTokenModel.self, ReentrantReceiverModel.self])
        let token = try #require(try world.deploy(QuirkyTokenModel.initCode(quirk), from: W.outsider).contractAddress)
        world.send(TestToken.Mint(to: W.student, amount: 10_000), to: token, from: W.student)
        return (world, token)
    }

    /// Rows: the token's quirk and the deposit's revert reason (nil: a bare revert).
    static let refusedDeposits: [(QuirkyTokenModel.Quirk, String?)] = [
        (.feeOnTransfer, "escrow: fee on transfer"),
        (.returnsFalse, "escrow: transfer failed"),
        (.returnsTwo, nil),
        (.shortReturn, nil),
    ]

    @Test(arguments: refusedDeposits) func depositOfAQuirkyTokenIsRefused(
        _ quirk: QuirkyTokenModel.Quirk, _ expected: String?
    ) throws {
        var (world, token) = try Self.quirky(quirk)
        let before = world.escrow
        let result = world.send(
            SessionEscrow.Deposit(tutor: W.tutor, token: token, ratePerSecond: 10, capSeconds: 60), to: Self.escrow,
            from: W.student)
        #expect(!result.success)
        #expect(reason(result) == expected)
        if expected == nil { #expect(result.output.isEmpty) }
        #expect(world.escrow == before)
        #expect(try world.tokens(W.student, token: token) == 10_000)
    }

    @Test func tokenWithoutABoolResultIsAcceptedBothWays() throws {
        var (world, token) = try Self.quirky(.noBool)
        let id = try world.deposit(token: token, rate: 10, cap: 60)
        world.send(SessionEscrow.StartSession(sessionId: id), to: Self.escrow, from: W.relayer)
        let stop = world.send(SessionEscrow.StopSession(sessionId: id), to: Self.escrow, from: W.student, advance: 20)
        #expect(stop.success)
        #expect(try world.tokens(W.tutor, token: token) == 200)
        #expect(try world.tokens(W.student, token: token) == 10_000 - 200)
        #expect(try world.tokens(Self.escrow, token: token) == 0)
        #expect(world.escrow.credits.isEmpty)
    }

    @Test func aBlockedPushIsCreditedAndTheOtherPartyIsStillPaid() throws {
        var (world, token) = try Self.quirky(.blocksTransfer)
        let id = try world.deposit(token: token, rate: 10, cap: 60)
        world.send(SessionEscrow.StartSession(sessionId: id), to: Self.escrow, from: W.relayer)
        let stop = world.send(SessionEscrow.StopSession(sessionId: id), to: Self.escrow, from: W.tutor, advance: 30)
        #expect(stop.success)
        let credited = stop.logs.compactMap {
            try? SessionEscrow.PaymentCredited.decode(topics: $0.topics, data: $0.data)
        }
        #expect(
            credited == [
                SessionEscrow.PaymentCredited(sessionId: id, account: W.tutor, token: token, amount: 300),
                SessionEscrow.PaymentCredited(sessionId: id, account: W.student, token: token, amount: 300),
            ])
        #expect(try world.read(SessionEscrow.Withdrawable(account: W.tutor, token: token), at: Self.escrow) == 300)
        #expect(world.escrow.liabilities(in: token) == 600)
        #expect(try world.tokens(Self.escrow, token: token) == 600)

        // Withdrawing fails again while the token blocks: the credit stays.
        let withdraw = world.send(SessionEscrow.Withdraw(token: token), to: Self.escrow, from: W.tutor)
        #expect(reason(withdraw) == "escrow: withdraw failed")
        #expect(try world.read(SessionEscrow.Withdrawable(account: W.tutor, token: token), at: Self.escrow) == 300)
    }

    @Test func aPushThatBurnsItsGasIsCreditedAndTheStopSucceeds() throws {
        var (world, token) = try Self.quirky(.burnsGas)
        let id = try world.deposit(token: token, rate: 10, cap: 60)
        world.send(SessionEscrow.StartSession(sessionId: id), to: Self.escrow, from: W.tutor)
        let stop = world.send(SessionEscrow.StopSession(sessionId: id), to: Self.escrow, from: W.student, advance: 10)
        #expect(stop.success)
        #expect(world.escrow.credit(W.tutor, token) == 100)
        #expect(world.escrow.credit(W.student, token) == 500)
        // Each push burned its 100,000 and no more (forwarding all it could would have burned about 30,000,000).
        #expect(stop.gasUsed > 2 * SessionEscrowModel.pushGas)
        #expect(stop.gasUsed < 2 * SessionEscrowModel.pushGas + 200_000)
    }

    @Test func aPayingCallNeedsThePushReserve() throws {
        var world = try W()
        let id = try world.deposit()
        world.send(SessionEscrow.StartSession(sessionId: id), to: Self.escrow, from: W.relayer)
        let before = world.world
        let starved = world.send(
            SessionEscrow.StopSession(sessionId: id), to: Self.escrow, from: W.student, gas: 120_000, advance: 5)
        #expect(reason(starved) == "escrow: gas too low for push")
        #expect(world.escrow == before.storage(of: Self.escrow, as: SessionEscrowModel.Storage.self))
        let stopped = world.send(
            SessionEscrow.StopSession(sessionId: id), to: Self.escrow, from: W.student, gas: 400_000, advance: 0)
        #expect(stopped.success)
    }

    @Test func depositOfATokenWithoutCodeIsRefused() throws {
        var world = try W()
        let result = world.send(
            SessionEscrow.Deposit(tutor: W.tutor, token: W.outsider, ratePerSecond: 1, capSeconds: 1),
            to: Self.escrow, from: W.student)
        #expect(reason(result) == "escrow: token not a contract")
    }

    // MARK: Reentrancy

    /// A session whose tutor is a re-entrant receiver trying `reentry`, stopped by the student.
    static func reenter(_ reentry: @Sendable (UInt256) -> [UInt8], refuseAfter: Bool) throws -> (
        W, Address, ExecutionResult
    ) {
        var world = try W(extraModels: [ReentrantReceiverModel.self])
        let id = try world.read(SessionEscrow.NextSessionId(), at: escrow)
        let receiver = try #require(
            try world.deploy(
                ReentrantReceiverModel.initCode(refuseAfter: refuseAfter, observedSession: id, reentry: reentry(id)),
                from: W.outsider
            ).contractAddress)
        _ = try world.deposit(tutor: receiver, rate: 1_000, cap: 600)
        world.send(SessionEscrow.StartSession(sessionId: id), to: escrow, from: W.relayer)
        let stop = world.send(SessionEscrow.StopSession(sessionId: id), to: escrow, from: W.student, advance: 100)
        return (world, receiver, stop)
    }

    static let reentries: [(String, @Sendable (UInt256) -> [UInt8])] = [
        ("stopSession", { SessionEscrow.StopSession(sessionId: $0).calldata }),
        ("settle", { SessionEscrow.Settle(sessionId: $0).calldata }),
        ("withdraw", { _ in SessionEscrow.Withdraw(token: .zero).calldata }),
        (
            "deposit",
            { _ in SessionEscrow.Deposit(tutor: W.tutor, token: .zero, ratePerSecond: 1, capSeconds: 1).calldata }
        ),
        ("setRelayer", { _ in SessionEscrow.SetRelayer(account: W.outsider, enabled: true).calldata }),
    ]

    @Test(arguments: reentries) func reentryIsRefusedWhileViewsSeeTheFinalState(
        _ row: (String, @Sendable (UInt256) -> [UInt8])
    ) throws {
        let (world, receiver, stop) = try Self.reenter(row.1, refuseAfter: false)
        #expect(stop.success)
        let storage = try #require(world.world.storage(of: receiver, as: ReentrantReceiverModel.Storage.self))
        #expect(storage.reentryResult == CallResult(success: false, data: []))
        #expect(storage.observedStatus == SessionEscrowModel.Status.settled.rawValue)
        #expect(world.world.balance(of: receiver) == 100 * 1_000)
    }

    @Test func aReceiverThatRefusesAfterReentryIsCredited() throws {
        let (world, receiver, stop) = try Self.reenter(
            { SessionEscrow.StopSession(sessionId: $0).calldata }, refuseAfter: true)
        #expect(stop.success)
        #expect(world.world.balance(of: receiver) == 0)
        #expect(world.escrow.credit(receiver, .zero) == 100 * 1_000)
    }

    // MARK: SessionCredential

    @Test func tokenURIIsTheBaseURIFollowedByTheDecimalId() throws {
        var world = try W()
        let credential = try #require(
            try world.deploy(
                SessionCredential.deploymentCode(
                    escrow: Self.escrow, minSeconds: 1, name: "Credential", symbol: "C", baseURI: "ipfs://meta/"),
                from: W.outsider
            ).contractAddress)
        for _ in 0..<11 { _ = try world.deposit() }
        let id: UInt256 = 11
        world.send(SessionEscrow.StartSession(sessionId: id), to: Self.escrow, from: W.tutor)
        world.send(SessionEscrow.StopSession(sessionId: id), to: Self.escrow, from: W.tutor, advance: 5)
        #expect(world.send(SessionCredential.Attest(sessionId: id), to: credential, from: W.tutor).success)
        #expect(world.send(SessionCredential.Claim(sessionId: id), to: credential, from: W.student).success)
        #expect(try world.read(SessionCredential.TokenURI(tokenId: id), at: credential) == "ipfs://meta/11")
        let record = try world.read(SessionCredential.CredentialOf(tokenId: id), at: credential)
        #expect(record.billedSeconds == 5)
        #expect(record.student == W.student)
    }

    @Test func safeTransferFromDataIsBoundedBeforeTheSoulboundRule() throws {
        var world = try W()
        let credential = MeteredGenesis.credential
        let atBound = SessionCredential.SafeTransferFromAddressAddressUint256Bytes(
            sender: W.student, receiver: W.tutor, tokenId: 1, data: [UInt8](repeating: 7, count: 1024))
        #expect(reason(world.send(atBound, to: credential, from: W.student)) == "credential: soulbound")
        var over = atBound
        over.data.append(7)
        let result = world.send(over, to: credential, from: W.student)
        #expect(!result.success && result.output.isEmpty)
    }

    // MARK: Wallet

    @Test func walletRules() throws {
        var world = try W()
        let wallet = try #require(
            try world.deploy(Wallet.deploymentCode(owner: W.tutor, accepting: false), from: W.tutor).contractAddress)
        #expect(reason(world.send([], to: wallet, from: W.student, value: 5)) == "wallet: refusing")
        #expect(
            reason(world.send(Wallet.SetAccepting(accepting: true), to: wallet, from: W.student)) == "wallet: not owner"
        )
        let paidSetter = world.send(Wallet.SetAccepting(accepting: true), to: wallet, from: W.tutor, value: 1)
        #expect(!paidSetter.success && paidSetter.output.isEmpty)
        #expect(world.send(Wallet.SetAccepting(accepting: true), to: wallet, from: W.tutor).success)
        #expect(try world.read(Wallet.Accepting(), at: wallet))
        #expect(world.send([0xde, 0xad], to: wallet, from: W.student, value: 5).success)
        #expect(world.world.balance(of: wallet) == 5)

        // execute: the owner only; the callee's revert passes through; value from the wallet's balance.
        let mint = TestToken.Mint(to: wallet, amount: 9).calldata
        #expect(
            reason(world.send(Wallet.Execute(target: Self.token, data: mint, amount: 0), to: wallet, from: W.student))
                == "wallet: not owner")
        let zeroMint = TestToken.Mint(to: .zero, amount: 9).calldata
        #expect(
            reason(world.send(Wallet.Execute(target: Self.token, data: zeroMint, amount: 0), to: wallet, from: W.tutor))
                == "token: zero address")
        #expect(
            world.send(Wallet.Execute(target: Self.token, data: mint, amount: 0), to: wallet, from: W.tutor).success)
        #expect(try world.tokens(wallet) == 9)
        let pay = world.send(
            Wallet.Execute(target: W.outsider, data: [], amount: 3), to: wallet, from: W.tutor, value: 1)
        #expect(pay.success)
        #expect(world.world.balance(of: wallet) == 3)
        let overdraw = world.send(Wallet.Execute(target: W.outsider, data: [], amount: 4), to: wallet, from: W.tutor)
        #expect(!overdraw.success && overdraw.output.isEmpty)
        let tooLong = world.send(
            Wallet.Execute(target: W.outsider, data: [UInt8](repeating: 1, count: 1025), amount: 0), to: wallet,
            from: W.tutor)
        #expect(!tooLong.success && tooLong.output.isEmpty)
    }
}

extension SessionEscrowModel.Storage {
    /// `withdrawable(account, token)`.
    func credit(_ account: Address, _ token: Address) -> UInt256 {
        credits[SessionEscrowModel.Credit(account: account, token: token)] ?? .zero
    }
}
