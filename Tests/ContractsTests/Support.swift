import ABI
import Contracts
import EthPrimitives
import Foundation

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Bytes from hex written one 32-byte word per line (spaces, newlines and `0x` prefixes ignored), as STYLE.md
/// asks ABI hex in tests to be written.
func words(_ text: String) -> [UInt8] {
    let digits = text.split(whereSeparator: \.isWhitespace).map { $0.hasPrefix("0x") ? $0.dropFirst(2) : $0 }.joined()
    return try! [UInt8](hex: digits)
}

func bytes(_ hex: String) -> [UInt8] { try! [UInt8](hex: hex) }

func address(_ hex: String) -> Address { try! Address(hex: hex) }

func hash(_ hex: String) -> Hash { try! Hash(hex: hex) }

/// A JSON value as the vector files hold it, kept so that it can be written back as JSON text.
indirect enum JSON: Decodable, Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSON].self))
        }
    }

    /// Compact JSON text (what `ABIValue(json:as:)` reads).
    var text: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .number(let value): value == value.rounded() ? String(Int64(value)) : String(value)
        case .string(let value):
            String(data: try! JSONEncoder().encode(value), encoding: .utf8)!
        case .array(let values): "[" + values.map(\.text).joined(separator: ",") + "]"
        case .object(let members):
            "{"
                + members.sorted { $0.key < $1.key }.map { "\(JSON.string($0.key).text):\($0.value.text)" }
                .joined(separator: ",") + "}"
        }
    }
}

/// A contract-behaviour scenario (vectors/contracts/README.md).
struct Scenario: Decodable, Sendable {
    struct Deployment: Decodable, Sendable {
        let name: String
        let address: String
        let constructorArgsEncoded: String?
        let auxiliary: Bool?
    }

    struct Genesis: Decodable, Sendable {
        let deployments: [Deployment]
    }

    struct Log: Decodable, Sendable {
        let address: String
        let topics: [String]
        let data: String
        let event: String
    }

    struct Expect: Decodable, Sendable {
        let status: Int
        let returnData: String?
        let revertData: String?
        let revertReason: String?
        let logs: [Log]
    }

    struct Step: Decodable, Sendable {
        let to: String
        let data: String
        let note: String?
        let function: String?
        let args: [JSON]?
        let expect: Expect
    }

    let name: String
    let genesis: Genesis
    let steps: [Step]

    /// Every scenario file, by name.
    static let all: [Scenario] = {
        let directory = packageRoot.appendingPathComponent("vectors/contracts")
        let files = try! FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
            $0.hasSuffix(".json")
        }
        return files.sorted().map { file in
            try! JSONDecoder().decode(Scenario.self, from: Data(contentsOf: directory.appendingPathComponent(file)))
        }
    }()

    /// The contract name deployed at `address`, if it is one of the four.
    func contract(at address: String) -> String? {
        genesis.deployments.first { $0.address.lowercased() == address.lowercased() && $0.auxiliary != true }?.name
    }
}

/// What the tests need of one contract's bindings, without knowing its types.
struct Binding: Sendable {
    let decodeFunction: @Sendable ([UInt8]) throws -> any ContractFunction
    let decodeEvent: @Sendable ([Hash], [UInt8]) throws -> any ContractEvent
    let decodeRevert: @Sendable ([UInt8]) -> ContractRevert
    let abi: JSONABI

    static let all: [String: Binding] = [
        "SessionEscrow": Binding(
            decodeFunction: { try SessionEscrow.decodeFunction(calldata: $0).call },
            decodeEvent: { try SessionEscrow.decodeEvent(topics: $0, data: $1).log },
            decodeRevert: { SessionEscrow.decodeRevert($0) }, abi: loadABI("SessionEscrow")),
        "TestToken": Binding(
            decodeFunction: { try TestToken.decodeFunction(calldata: $0).call },
            decodeEvent: { try TestToken.decodeEvent(topics: $0, data: $1).log },
            decodeRevert: { TestToken.decodeRevert($0) }, abi: loadABI("TestToken")),
        "SessionCredential": Binding(
            decodeFunction: { try SessionCredential.decodeFunction(calldata: $0).call },
            decodeEvent: { try SessionCredential.decodeEvent(topics: $0, data: $1).log },
            decodeRevert: { SessionCredential.decodeRevert($0) }, abi: loadABI("SessionCredential")),
        "SessionRatings": Binding(
            decodeFunction: { try SessionRatings.decodeFunction(calldata: $0).call },
            decodeEvent: { try SessionRatings.decodeEvent(topics: $0, data: $1).log },
            decodeRevert: { SessionRatings.decodeRevert($0) }, abi: loadABI("SessionRatings")),
    ]

    static func loadABI(_ name: String) -> JSONABI {
        let url = packageRoot.appendingPathComponent("contracts-abi/\(name).json")
        return try! JSONABI(json: String(contentsOf: url, encoding: .utf8))
    }
}

/// Decodes return data as `call`'s function's results and encodes them again.
func outputRoundTrip<F: ContractFunction>(_ call: F, _ data: [UInt8]) throws -> [UInt8] {
    F.encodeOutput(try F.decodeOutput(data))
}
