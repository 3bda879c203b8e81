import EthPrimitives
import Foundation
import Testing

@testable import Secp256k1

@Suite struct KeyTests {
    @Test(arguments: SigningVectors.shared.keys)
    func keyDerivesAddressAndPublicKey(_ row: SigningVectors.Key) throws {
        let key = try PrivateKey(hex: row.privateKey)
        #expect(key.address.checksummed == row.address)
        #expect(Hex.encode(key.publicKey.uncompressed) == row.publicKeyUncompressed)
        #expect(Hex.encode(key.publicKey.compressed) == row.publicKeyCompressed)
        // Both encodings parse back to the same point.
        #expect(try PublicKey(bytes: [UInt8](hex: row.publicKeyCompressed)) == key.publicKey)
        #expect(try PublicKey(bytes: [UInt8](hex: row.publicKeyUncompressed)) == key.publicKey)
        #expect(try PublicKey(bytes: [UInt8](hex: row.publicKeyUncompressed).dropFirst()) == key.publicKey)
        // The same key from bytes and from hex without 0x.
        #expect(try PrivateKey(bytes: [UInt8](hex: row.privateKey)) == key)
        #expect(try PrivateKey(hex: row.privateKey.dropFirst(2)) == key)
    }

    static let curveOrderHex = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"

    @Test(arguments: [
        ("0x" + String(repeating: "0", count: 64), Secp256k1Error.privateKeyOutOfRange),
        ("0x" + curveOrderHex, .privateKeyOutOfRange),
        ("0x" + String(repeating: "f", count: 64), .privateKeyOutOfRange),
        ("0x" + String(repeating: "1", count: 62), .invalidPrivateKeyLength(31)),
        ("0x" + String(repeating: "1", count: 66), .invalidPrivateKeyLength(33)),
        ("0x" + String(repeating: "1", count: 63), .privateKeyNotHex),
        ("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ffzz", .privateKeyNotHex),
        ("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff8 ", .privateKeyNotHex),
        ("", .invalidPrivateKeyLength(0)),
    ])
    func malformedPrivateKeyIsRefusedWithoutEchoingIt(_ text: String, _ expected: Secp256k1Error) {
        #expect(throws: expected) { try PrivateKey(hex: text) }
        // No run of the key's digits appears in the message.
        let body = text.hasPrefix("0x") ? String(text.dropFirst(2)) : text
        if body.count >= 8 {
            #expect(!expected.description.contains(body.prefix(8)))
        }
    }

    @Test func privateKeyBytesOutOfRange() {
        #expect(throws: Secp256k1Error.privateKeyOutOfRange) { try PrivateKey(bytes: [UInt8](repeating: 0, count: 32)) }
        #expect(throws: Secp256k1Error.invalidPrivateKeyLength(20)) {
            try PrivateKey(bytes: [UInt8](repeating: 1, count: 20))
        }
    }

    @Test func privateKeyNeverPrints() throws {
        let hex = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
        let key = try PrivateKey(hex: hex)
        var dumped = ""
        dump(key, to: &dumped)
        let renderings = [
            key.description, key.debugDescription, String(describing: key), String(reflecting: key), "\(key)",
            dumped, String(describing: [key]), String(describing: Optional(key)),
        ]
        for text in renderings {
            #expect(!text.lowercased().contains(hex.prefix(16)), "leaked in \(text)")
            #expect(!text.lowercased().contains(hex.suffix(16)), "leaked in \(text)")
        }
        #expect(Mirror(reflecting: key).children.isEmpty)
        #expect(key.revealedHex() == "0x" + hex)
    }

    @Test func equalityIsByValue() throws {
        let a = try PrivateKey(hex: "0x" + String(repeating: "01", count: 32))
        let b = try PrivateKey(bytes: [UInt8](repeating: 1, count: 32))
        let c = try PrivateKey(bytes: [UInt8](repeating: 2, count: 32))
        #expect(a == b)
        #expect(a != c)
    }

    @Test func randomKeysAreValidAndDistinct() {
        let keys = (0..<8).map { _ in PrivateKey.random() }
        #expect(Set(keys.map(\.address)).count == 8)
    }

    @Test(arguments: [
        ([UInt8](repeating: 0, count: 33), Secp256k1Error.invalidPublicKey),
        ([0x02] + [UInt8](repeating: 0xff, count: 32), .invalidPublicKey),
        ([0x05] + [UInt8](repeating: 1, count: 64), .invalidPublicKey),
        ([0x04] + [UInt8](repeating: 1, count: 64), .invalidPublicKey),
        ([UInt8](repeating: 1, count: 32), .invalidPublicKeyLength(32)),
    ])
    func malformedPublicKeys(_ bytes: [UInt8], _ expected: Secp256k1Error) {
        #expect(throws: expected) { try PublicKey(bytes: bytes) }
    }

    @Test func tweakAddMatchesModularSum() throws {
        let one = try PrivateKey(bytes: [UInt8](repeating: 0, count: 31) + [1])
        let two = try one.addingTweak([UInt8](repeating: 0, count: 31) + [1])
        #expect(two == (try PrivateKey(bytes: [UInt8](repeating: 0, count: 31) + [2])))
        // n − 1 plus 1 is zero: refused.
        let top = try PrivateKey(hex: "0x" + KeyTests.curveOrderHex.dropLast() + "0")
        #expect(throws: Secp256k1Error.invalidTweak) { try top.addingTweak([UInt8](repeating: 0, count: 31) + [1]) }
        #expect(throws: Secp256k1Error.invalidTweak) { try one.addingTweak([UInt8](hex: KeyTests.curveOrderHex)) }
    }
}
