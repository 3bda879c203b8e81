// The matchmaker under load, over HTTP on loopback: how many roulette requests a second it matches with many tutors
// online and many students asking at once, and how long a student waits for `matched` when tutors accept at once.
//
// Everything runs in this one process: the local chain (ChainSim with the Metered genesis, read through the node's
// JSON-RPC dispatcher in process, as `metered up` wires it), the matchmaker (`MatchmakerService`: Hummingbird, its
// SQLite store in a temporary directory, or memory with `--store memory`), and the clients, which talk to it only
// over HTTP (AsyncHTTPClient, one keep-alive connection per concurrent call).
//
// Setup (not timed): every tutor and student signs in with Sign-In with Ethereum (a nonce, an EIP-4361 message
// signed with EIP-191 by its own key, a bearer token), each tutor sets the same profile (en, b1, 10^12 wei a
// second, native currency) and goes online for an hour, and each student is given 1 ether on the chain.
//
// Load: each tutor long-polls `GET /v1/tutors/me/proposals` and accepts every proposal at once. Each student, in a
// closed loop, sends `POST /v1/match`, long-polls `GET /v1/match/{id}` until the request is no longer `matching`,
// then cancels the match (`DELETE /v1/match/{id}`, which frees the tutor, as an abandoned deposit would), and asks
// again. Time to matched runs from sending `POST /v1/match` to receiving `matched`. After `--warmup` seconds the
// counters are cleared and `--seconds` of load are measured.
//
//     swift run -c release --package-path Benchmarks MatchmakerLoad                       # 1000 tutors, 100 students
//     swift run -c release --package-path Benchmarks MatchmakerLoad --tutors 200 --students 20 --seconds 5
//     swift run -c release --package-path Benchmarks MatchmakerLoad --store memory
import AsyncHTTPClient
import ChainSim
import EthPrimitives
import Foundation
import JSONRPC
import JSONRPCClient
import Logging
import Matchmaker
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import Node
import Secp256k1
import ServiceLifecycle
import Signing

// MARK: Options

struct Options {
    var tutors = 1000
    var students = 100
    var seconds = 10.0
    var warmup = 2.0
    var inMemory = false

    static let usage = """
        usage: MatchmakerLoad [--tutors N] [--students N] [--seconds S] [--warmup S] [--store sqlite|memory]
        """

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        func value(_ flag: String) throws -> String {
            guard let next = rest.popFirst() else { throw LoadError("\(flag) needs a value\n\(Self.usage)") }
            return next
        }
        func positive(_ flag: String) throws -> Double {
            guard let number = Double(try value(flag)), number > 0 else {
                throw LoadError("\(flag) must be a number above zero")
            }
            return number
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--tutors": tutors = Int(try positive(flag))
            case "--students": students = Int(try positive(flag))
            case "--seconds": seconds = try positive(flag)
            case "--warmup": warmup = try positive(flag)
            case "--store":
                switch try value(flag) {
                case "sqlite": inMemory = false
                case "memory": inMemory = true
                case let other: throw LoadError("--store is sqlite or memory, not \(other)")
                }
            case "-h", "--help":
                print(Self.usage)
                exit(0)
            default: throw LoadError("unknown argument \(flag)\n\(Self.usage)")
            }
        }
    }
}

/// A failure of the load run, as one line.
struct LoadError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

// MARK: HTTP

/// An HTTP client of the matchmaker at `base`.
struct API: Sendable {
    let http: HTTPClient
    let base: String

    struct Answer {
        var status: UInt
        var body: JSONValue
    }

    func call(_ method: HTTPMethod, _ path: String, token: String? = nil, json: String? = nil) async throws -> Answer {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await http.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 1 << 20)
        return Answer(status: response.status.code, body: try JSONValue.parse(body.readableBytesView))
    }

    /// Signs in as `key` (SIWE for `localhost:3000` on chain 31337) and returns the bearer token.
    func signIn(_ key: PrivateKey) async throws -> String {
        guard case .string(let nonce)? = try await call(.GET, "/v1/auth/nonce").body["nonce"] else {
            throw LoadError("no nonce")
        }
        let message = try SIWEMessage(
            domain: "localhost:3000", address: key.address, statement: "Sign in to Metered.",
            uri: "http://localhost:3000/login", chainID: 31337, nonce: nonce,
            issuedAt: SIWETimestamp(unixSeconds: Date().timeIntervalSince1970.rounded(.down)))
        let body = JSONValue.object([
            "message": .string(message.text), "signature": .string(Hex.encode(try message.sign(with: key).rsv)),
        ])
        let login = try await call(.POST, "/v1/auth/login", json: String(decoding: body.jsonBytes, as: UTF8.self))
        guard login.status == 200, case .string(let token)? = login.body["token"] else {
            throw LoadError("sign-in refused: \(login.status) \(login.body)")
        }
        return token
    }
}

extension JSONValue {
    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }
}

/// Runs `body` for each element with at most `width` running at once.
func forEach<T: Sendable>(_ items: [T], width: Int, _ body: @escaping @Sendable (T) async throws -> Void)
    async throws
{
    try await withThrowingTaskGroup(of: Void.self) { group in
        var iterator = items.makeIterator()
        for _ in 0..<width {
            guard let item = iterator.next() else { break }
            group.addTask { try await body(item) }
        }
        while try await group.next() != nil {
            guard let item = iterator.next() else { continue }
            group.addTask { try await body(item) }
        }
    }
}

// MARK: Counters

/// What the students and tutors saw, cleared when the measurement starts.
final class Tally: Sendable {
    struct State {
        var measuring = false
        var latencies: [Double] = []
        var noTutor = 0
        var proposalsMade = 0
        var acceptRefusals = 0
        var errors: [String] = []
    }
    let state = NIOLockedValueBox(State())

    func matched(latency: Double, proposals: Int) {
        state.withLockedValue {
            guard $0.measuring else { return }
            $0.latencies.append(latency)
            $0.proposalsMade += proposals
        }
    }
    func noTutor() { state.withLockedValue { if $0.measuring { $0.noTutor += 1 } } }
    func acceptRefused() { state.withLockedValue { if $0.measuring { $0.acceptRefusals += 1 } } }
    func error(_ text: String) { state.withLockedValue { if $0.errors.count < 20 { $0.errors.append(text) } } }
    func start() {
        state.withLockedValue {
            $0 = State()
            $0.measuring = true
        }
    }
    func stop() -> State {
        state.withLockedValue {
            $0.measuring = false
            return $0
        }
    }
}

// MARK: The run

@main
struct MatchmakerLoad {
    static func main() async {
        do {
            try await run(try Options(Array(CommandLine.arguments.dropFirst())))
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(1)
        }
    }

    static func run(_ options: Options) async throws {
        var logger = Logger(label: "matchmaker-load")
        logger.logLevel = .warning

        // The chain and the matchmaker, as `metered up` wires them (minus the other services).
        let chain = try Chain(config: LocalNode.meteredConfig(), clock: SystemUnixClock())
        let node = LocalNode(chain: chain)
        let reader = RPCChainReader(
            client: JSONRPCClient(transport: InProcessTransport(dispatcher: node.dispatcher)), contracts: .local)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("matchmaker-load-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = MatchmakerServiceConfiguration(matchmaker: MatchmakerConfig(domain: "localhost:3000"))
        configuration.port = 0
        configuration.dataDirectory = directory.path
        configuration.inMemory = options.inMemory
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let service = try MatchmakerService(configuration: configuration, chain: reader, logger: logger) { port in
            portSink.yield(port)
        }
        let group = ServiceGroup(services: [service], logger: logger)
        let server = Task { try await group.run() }
        var portIterator = ports.makeAsyncIterator()
        guard let port = await portIterator.next() else { throw LoadError("the matchmaker did not start") }

        var pool = HTTPClient.Configuration()
        pool.connectionPool = .init(
            idleTimeout: .seconds(120),
            concurrentHTTP1ConnectionsPerHostSoftLimit: options.tutors + options.students + 64)
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: pool)
        let api = API(http: http, base: "http://127.0.0.1:\(port)")

        // Setup: keys from a fixed seed, sign-ins, profiles, leases, balances.
        let setupStart = ContinuousClock.now
        var seed = SplitMix64(seed: 0x6D61_7463_686D_616B)
        let tutorKeys = (0..<options.tutors).map { _ in PrivateKey.random(using: &seed) }
        let studentKeys = (0..<options.students).map { _ in PrivateKey.random(using: &seed) }
        for key in studentKeys { chain.setBalance(UInt256(1_000_000_000_000_000_000 as UInt64), of: key.address) }
        let tutorTokens = Tokens()
        try await forEach(Array(tutorKeys.enumerated()), width: 32) { item in
            let (i, key) = item
            let token = try await api.signIn(key)
            let profile = try await api.call(
                .PUT, "/v1/tutors/me", token: token,
                json: #"{"languages":["en"],"levels":["b1"],"ratePerSecond":"1000000000000","token":"0x0"}"#)
            let online = try await api.call(
                .POST, "/v1/tutors/me/online", token: token, json: #"{"leaseSeconds":3600}"#)
            guard profile.status == 200, online.status == 200 else {
                throw LoadError("tutor setup refused: \(profile.body) \(online.body)")
            }
            tutorTokens.set(i, token)
        }
        let studentTokens = Tokens()
        try await forEach(Array(studentKeys.enumerated()), width: 32) { item in
            studentTokens.set(item.offset, try await api.signIn(item.element))
        }
        let setupSeconds = (ContinuousClock.now - setupStart).seconds
        let signIns = options.tutors + options.students
        print(
            "setup: \(signIns) sign-ins (SIWE), \(options.tutors) profiles and leases in "
                + String(format: "%.1f s (%.0f tutors a second)", setupSeconds, Double(options.tutors) / setupSeconds))

        // Load.
        let tally = Tally()
        let stop = Flag()
        let filters =
            #"{"language":"en","level":"b1","maxRatePerSecond":"2000000000000","token":"0x0","capSeconds":600}"#
        let load = Task {
            await withTaskGroup(of: Void.self) { group in
                for token in tutorTokens.all(options.tutors) {
                    group.addTask {
                        while !stop.isSet {
                            do {
                                let polled = try await api.call(.GET, "/v1/tutors/me/proposals?wait=25", token: token)
                                guard case .array(let proposals)? = polled.body["proposals"] else {
                                    tally.error("proposals: \(polled.status) \(polled.body)")
                                    continue
                                }
                                for proposal in proposals {
                                    guard let id = proposal["proposalId"]?.stringValue else { continue }
                                    let accepted = try await api.call(.POST, "/v1/proposals/\(id)/accept", token: token)
                                    if accepted.status == 409 {
                                        tally.acceptRefused()
                                    } else if accepted.status != 200 {
                                        tally.error("accept: \(accepted.status) \(accepted.body)")
                                    }
                                }
                            } catch {
                                if !stop.isSet { tally.error("tutor: \(error)") }
                            }
                        }
                    }
                }
                for token in studentTokens.all(options.students) {
                    group.addTask {
                        while !stop.isSet {
                            do {
                                let sent = ContinuousClock.now
                                var view = try await api.call(.POST, "/v1/match", token: token, json: filters)
                                guard view.status == 202, let id = view.body["requestId"]?.stringValue else {
                                    tally.error("match: \(view.status) \(view.body)")
                                    continue
                                }
                                while view.body["status"]?.stringValue == "matching" {
                                    view = try await api.call(.GET, "/v1/match/\(id)?wait=25", token: token)
                                }
                                let waited = (ContinuousClock.now - sent).seconds
                                switch view.body["status"]?.stringValue {
                                case "matched":
                                    var proposals = 1
                                    if case .integer(let n)? = view.body["proposalsMade"] { proposals = Int(n) }
                                    tally.matched(latency: waited, proposals: proposals)
                                    let cancelled = try await api.call(.DELETE, "/v1/match/\(id)", token: token)
                                    if cancelled.status != 200 { tally.error("cancel: \(cancelled.body)") }
                                case "no_tutor": tally.noTutor()
                                default: tally.error("request: \(view.body)")
                                }
                            } catch {
                                if !stop.isSet { tally.error("student: \(error)") }
                            }
                        }
                    }
                }
            }
        }
        try await Task.sleep(for: .seconds(options.warmup))
        tally.start()
        let measureStart = ContinuousClock.now
        try await Task.sleep(for: .seconds(options.seconds))
        let result = tally.stop()
        let measured = (ContinuousClock.now - measureStart).seconds
        stop.set()
        load.cancel()

        // Report.
        let latencies = result.latencies.sorted()
        func percentile(_ p: Double) -> String {
            guard !latencies.isEmpty else { return "-" }
            let index = min(latencies.count - 1, Int((p * Double(latencies.count)).rounded(.up)) - 1)
            return String(format: "%.1f ms", latencies[max(0, index)] * 1000)
        }
        print(
            "load: \(options.tutors) tutors online, \(options.students) students, instant accepts, "
                + "\(options.inMemory ? "in-memory" : "SQLite") store, "
                + String(format: "%.1f s measured after %.1f s of warm-up", measured, options.warmup))
        print(String(format: "matched requests per second  %.0f", Double(latencies.count) / measured))
        print("matched                      \(latencies.count)")
        print("time to matched p50          \(percentile(0.50))")
        print("time to matched p90          \(percentile(0.90))")
        print("time to matched p99          \(percentile(0.99))")
        print("time to matched max          \(percentile(1.0))")
        print(
            "proposals per match          "
                + String(format: "%.2f", latencies.isEmpty ? 0 : Double(result.proposalsMade) / Double(latencies.count))
        )
        print("accepts refused (409)        \(result.acceptRefusals)")
        print("no_tutor answers             \(result.noTutor)")
        print("errors                       \(result.errors.count)")
        for error in result.errors.prefix(5) { print("  \(error)") }

        // Open long-polls would hold a graceful shutdown for up to 25 s; the run is over, so leave at once.
        server.cancel()
        try? FileManager.default.removeItem(at: directory)
        exit(!result.errors.isEmpty || latencies.isEmpty ? 1 : 0)
    }
}

/// A flag raised once, read from any task.
final class Flag: Sendable {
    private let value = NIOLockedValueBox(false)
    var isSet: Bool { value.withLockedValue { $0 } }
    func set() { value.withLockedValue { $0 = true } }
}

/// Bearer tokens by index, filled concurrently.
final class Tokens: Sendable {
    private let tokens = NIOLockedValueBox<[Int: String]>([:])
    func set(_ i: Int, _ token: String) { tokens.withLockedValue { $0[i] = token } }
    func all(_ count: Int) -> [String] { tokens.withLockedValue { tokens in (0..<count).map { tokens[$0]! } } }
}

/// A small seeded generator (SplitMix64), so every run uses the same wallets.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
