import Crypto
import EthPrimitives
import Foundation
import JSONRPC
import Secp256k1
import Signing
import Synchronization
import Testing

@testable import Matchmaker

/// The well-known development keys (test mnemonic, m/44'/60'/0'/0/i): public by design.
enum DevKeys {
    static let hex = [
        "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
        "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
        "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
        "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
        "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
        "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
        "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
        "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
        "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
        "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
    ]
    static let keys = hex.map { try! PrivateKey(hex: $0) }
    static func address(_ i: Int) -> Address { keys[i].address }
}

/// A chain for tests: balances, allowances, credentials, ratings, deposits and sessions set by hand; every read
/// counted; reads can be made to fail.
final class FakeChain: ChainReader {
    struct State {
        var native: [Address: UInt256] = [:]
        var balances: [Address: [Address: UInt256]] = [:]  // contract → owner → balance
        var allowances: [String: UInt256] = [:]
        var ratings: [Address: Rating] = [:]
        var taught: [Address: UInt256] = [:]
        var learned: [Address: UInt256] = [:]
        var deposits: [DepositEvent] = []
        var sessions: [UInt256: EscrowSession] = [:]
        var credentials: [Address: [CredentialInfo]] = [:]
        var block: UInt64 = 100
        var failing = false
        var reads = 0
    }
    let state = Mutex(State())

    func update(_ body: (inout State) -> Void) { state.withLock { body(&$0) } }
    var reads: Int { state.withLock { $0.reads } }

    private func read<T>(_ body: (State) -> T) throws(MatchmakerError) -> T {
        let (failing, value) = state.withLock { s in
            s.reads += 1
            return (s.failing, body(s))
        }
        if failing { throw .chainUnavailable("the test node is down") }
        return value
    }

    func chainID() async throws(MatchmakerError) -> UInt64 { try read { _ in 31337 } }
    func blockNumber() async throws(MatchmakerError) -> UInt64 { try read { $0.block } }
    func nativeBalance(of account: Address) async throws(MatchmakerError) -> UInt256 {
        try read { $0.native[account] ?? 0 }
    }
    func balanceOf(contract: Address, owner: Address) async throws(MatchmakerError) -> UInt256 {
        try read { $0.balances[contract]?[owner] ?? 0 }
    }
    func allowance(token: Address, owner: Address, spender: Address) async throws(MatchmakerError) -> UInt256 {
        try read { $0.allowances["\(token):\(owner):\(spender)"] ?? 0 }
    }
    func rating(of account: Address) async throws(MatchmakerError) -> Rating {
        try read { $0.ratings[account] ?? Rating(count: 0, sum: 0) }
    }
    func secondsTaught(_ tutor: Address) async throws(MatchmakerError) -> UInt256 { try read { $0.taught[tutor] ?? 0 } }
    func secondsLearned(_ student: Address) async throws(MatchmakerError) -> UInt256 {
        try read { $0.learned[student] ?? 0 }
    }
    func deposits(student: Address?, tutor: Address?, fromBlock: UInt64) async throws(MatchmakerError) -> [DepositEvent]
    {
        try read { s in
            s.deposits.filter {
                (student == nil || $0.student == student) && (tutor == nil || $0.tutor == tutor)
                    && $0.blockNumber >= fromBlock
            }
        }
    }
    func session(_ sessionID: UInt256) async throws(MatchmakerError) -> EscrowSession {
        try read { s in
            s.sessions[sessionID]
                ?? EscrowSession(student: .zero, tutor: .zero, status: .none, billedSeconds: 0, endedAt: 0)
        }
    }
    func credentials(of student: Address) async throws(MatchmakerError) -> [CredentialInfo] {
        try read { $0.credentials[student] ?? [] }
    }

    /// Records a deposit as the escrow would log it, and its session as Funded.
    func deposit(student: Address, tutor: Address, token: Address = .zero, rate: UInt256, cap: UInt64) -> UInt256 {
        state.withLock { s in
            s.block += 1
            let id = UInt256(s.deposits.count + 1)
            s.deposits.append(
                DepositEvent(
                    sessionID: id, student: student, tutor: tutor, token: token, ratePerSecond: rate,
                    capSeconds: UInt256(cap), blockNumber: s.block))
            s.sessions[id] = EscrowSession(
                student: student, tutor: tutor, status: .funded, billedSeconds: 0, endedAt: 0)
            return id
        }
    }
}

/// A matchmaker on a manual clock, a fake chain and a seeded roulette, with helpers to sign in.
struct Harness: Sendable {
    static let start = 1_795_551_960.0  // 2026-11-24T20:26:00Z
    let clock = ManualUnixClock(start: Harness.start)
    let chain = FakeChain()
    let matchmaker: Matchmaker
    let rooms: LocalRoomProvider

    init(store: (any MatchmakerStore)? = nil, seed: UInt64 = 7, configure: (inout MatchmakerConfig) -> Void = { _ in })
    {
        var config = MatchmakerConfig(domain: "tutors.example")
        configure(&config)
        rooms = LocalRoomProvider(key: P256.Signing.PrivateKey(), clock: clock)
        matchmaker = Matchmaker(
            config: config, store: store ?? InMemoryMatchmakerStore(), chain: chain, rooms: rooms, clock: clock,
            random: .seeded(seed))
    }

    /// Advances the clock and runs the timed work.
    func advance(_ seconds: Double) async {
        clock.advance(by: seconds)
        await matchmaker.tick()
    }

    /// A sign-in message for dev account `i` with a fresh nonce.
    func message(
        _ i: Int, nonce: String, domain: String = "tutors.example", chainID: UInt64 = 31337,
        issuedAt: Double? = nil, expiresIn: Double? = nil
    ) -> SIWEMessage {
        let issued = issuedAt ?? clock.now()
        return try! SIWEMessage(
            domain: domain, address: DevKeys.address(i), statement: "Sign in to Metered.",
            uri: "https://\(domain)/login", chainID: chainID, nonce: nonce,
            issuedAt: SIWETimestamp(unixSeconds: issued),
            expirationTime: expiresIn.map { SIWETimestamp(unixSeconds: issued + $0) })
    }

    /// Signs dev account `i` in and returns its bearer token.
    func signIn(_ i: Int) async throws -> String {
        let nonce = try await matchmaker.issueNonce().nonce
        let message = message(i, nonce: nonce)
        let signature = try message.sign(with: DevKeys.keys[i])
        return try await matchmaker.login(message: message.text, signature: Hex.encode(signature.rsv)).token
    }

    /// Makes dev account `i` a tutor of English at level b1 (and c1) at `rate`, online for `lease` seconds.
    @discardableResult
    func tutor(
        _ i: Int, rate: UInt256 = 10, token: Address = .zero, languages: [String] = ["en", "es"],
        levels: [String] = ["b1", "c1"], lease: Double = 300
    ) async throws -> Address {
        let a = DevKeys.address(i)
        _ = try await matchmaker.setProfile(
            tutor: a, languages: languages, levels: levels, ratePerSecond: rate, token: token)
        if lease > 0 { _ = try await matchmaker.goOnline(tutor: a, leaseSeconds: lease) }
        return a
    }

    /// Gives dev account `i` native currency.
    func fund(_ i: Int, _ amount: UInt256) {
        chain.update { $0.native[DevKeys.address(i)] = amount }
    }

    static func filters(
        maxRate: UInt256 = 100, cap: UInt64 = 600, token: Address = .zero, language: String = "en",
        level: String = "b1", credential: Address? = nil, minRating: Double? = nil
    ) -> MatchFilters {
        MatchFilters(
            language: language, level: level, maxRatePerSecond: maxRate, token: token, capSeconds: cap,
            credentialContract: credential, minRating: minRating)
    }
}

/// Expects `body` to throw exactly `expected`.
func expectError<T>(
    _ expected: MatchmakerError, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws(MatchmakerError) -> T
) async {
    do {
        _ = try await body()
        Issue.record("expected \(expected), got a result", sourceLocation: sourceLocation)
    } catch {
        #expect(error == expected, sourceLocation: sourceLocation)
    }
}

/// The error `body` throws, or nil.
func caught<T>(_ body: () async throws(MatchmakerError) -> T) async -> MatchmakerError? {
    do {
        _ = try await body()
        return nil
    } catch {
        return error
    }
}
