import Foundation

/// The rows of vectors/signing.json that this target checks (made by tools/vectors/gen_signing.py).
struct SigningVectors: Decodable {
    struct Key: Decodable, Sendable, CustomTestStringConvertibleRow {
        var privateKey, address, publicKeyUncompressed, publicKeyCompressed: String
        var label: String { address }
    }
    struct RawSignature: Decodable, Sendable, CustomTestStringConvertibleRow {
        var privateKey, address, digest, r, s: String
        var yParity: Int
        var label: String { "\(address) \(digest.prefix(10))" }
    }
    struct HighS: Decodable, Sendable, CustomTestStringConvertibleRow {
        var digest, r, s, address: String
        var yParity: Int
        var label: String { "\(address) \(digest.prefix(10))" }
    }
    var keys: [Key]
    var signatures: [RawSignature]
    var highS: [HighS]

    static let shared: SigningVectors = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let data = try! Data(contentsOf: root.appendingPathComponent("vectors/signing.json"))
        return try! JSONDecoder().decode(SigningVectors.self, from: data)
    }()
}

/// A vector row named in test output by a short label.
protocol CustomTestStringConvertibleRow: CustomStringConvertible {
    var label: String { get }
}

extension CustomTestStringConvertibleRow {
    var description: String { label }
}
