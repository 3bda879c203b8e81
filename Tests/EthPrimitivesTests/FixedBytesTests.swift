import EthPrimitives
import Foundation
import PropertyBased
import Testing

/// Foundation re-exports Objective-C's `Selector` on Apple platforms; this file means ours.
private typealias Selector = EthPrimitives.Selector

@Suite struct FixedBytesTests {
    @Test func storageIsInline() {
        // No references inside: the whole value is its bytes.
        #expect(MemoryLayout<Hash>.size == 32)
        #expect(MemoryLayout<Selector>.size == 4)
        #expect(MemoryLayout<Address>.size == 20)
        #expect(_isPOD(Hash.self) && _isPOD(Selector.self) && _isPOD(Address.self))
    }

    @Test func hashFromBytesAndBack() throws {
        let bytes = [UInt8](0..<32)
        let hash = try Hash(bytes)
        #expect(hash.bytes == bytes)
        #expect(hash.description == "0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
        #expect(try Hash(hex: hash.description) == hash)
        #expect(try Hash(hex: hash.description.uppercased().replacingOccurrences(of: "0X", with: "0x")) == hash)
        #expect(try Hash(bytes.lazy.map { $0 }) == hash)  // a collection without contiguous storage
        #expect(hash.withUnsafeBytes { Array($0) } == bytes)
        #expect(Hash.zero.bytes == [UInt8](repeating: 0, count: 32))
        #expect(Hash.byteCount == 32)
    }

    @Test func selectorFromBytesAndBack() throws {
        let selector = try Selector([0xa9, 0x05, 0x9c, 0xbb])
        #expect(selector.description == "0xa9059cbb")
        #expect(try Selector(hex: "0xA9059CBB") == selector)
        #expect(Selector(prefixOf: Keccak256.hash("transfer(address,uint256)")) == selector)
        #expect(Selector.zero.bytes == [0, 0, 0, 0])
        #expect(Selector.byteCount == 4)
    }

    @Test(arguments: [
        ([UInt8](), PrimitivesError.wrongByteCount(type: "hash", expected: 32, actual: 0)),
        ([UInt8](repeating: 1, count: 31), .wrongByteCount(type: "hash", expected: 32, actual: 31)),
        ([UInt8](repeating: 1, count: 33), .wrongByteCount(type: "hash", expected: 32, actual: 33)),
    ])
    func hashRejectsWrongLength(bytes: [UInt8], error: PrimitivesError) {
        #expect(throws: error) { try Hash(bytes) }
    }

    @Test(arguments: [
        (
            "0x" + String(repeating: "ab", count: 31),
            PrimitivesError.wrongByteCount(type: "hash", expected: 32, actual: 31)
        ),
        ("0x" + String(repeating: "ab", count: 33), .wrongByteCount(type: "hash", expected: 32, actual: 33)),
        (String(repeating: "ab", count: 32), .missingHexPrefix),
        ("0x" + String(repeating: "ab", count: 31) + "a", .oddHexLength(digits: 63)),
        ("0x" + String(repeating: "ab", count: 31) + "ag", .invalidHexCharacter("g", offset: 65)),
        ("0xé" + String(repeating: "ab", count: 31) + "a", .invalidHexCharacter("é", offset: 2)),
        ("", .missingHexPrefix),
        ("0x", .wrongByteCount(type: "hash", expected: 32, actual: 0)),
    ])
    func hashRejectsBadHex(text: String, error: PrimitivesError) {
        #expect(throws: error) { try Hash(hex: text) }
    }

    @Test(arguments: [
        ("0xa9059c", PrimitivesError.wrongByteCount(type: "selector", expected: 4, actual: 3)),
        ("a9059cbb", .missingHexPrefix),
        ("0xa9059cbz", .invalidHexCharacter("z", offset: 9)),
    ])
    func selectorRejectsBadHex(text: String, error: PrimitivesError) {
        #expect(throws: error) { try Selector(hex: text) }
        #expect(error.description.hasPrefix("selector: ") || error.description.hasPrefix("hex: "))
    }

    @Test func codableAsHexStrings() throws {
        let hash = Keccak256.hash("abc")
        let selector = Selector(prefixOf: hash)
        let encoded = try JSONEncoder().encode([hash])
        #expect(String(decoding: encoded, as: UTF8.self) == "[\"\(hash.description)\"]")
        #expect(try JSONDecoder().decode([Hash].self, from: encoded) == [hash])
        let selectorJSON = try JSONEncoder().encode(selector)
        #expect(try JSONDecoder().decode(Selector.self, from: selectorJSON) == selector)
    }

    @Test func decodingRefusesBadText() {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Hash.self, from: Data("\"0x12\"".utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Hash.self, from: Data("42".utf8)) }
        do {
            _ = try JSONDecoder().decode(Selector.self, from: Data("\"0xzz000000\"".utf8))
            Issue.record("decoded a bad selector")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription == "hex: invalid character \"z\" at offset 2")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func equalityAndHashingFollowTheBytes() async {
        await propertyCheck(count: 200, input: Gen.uint8().array(of: 32), Gen.int(in: 0...31)) { bytes, i in
            let a = try Hash(bytes)
            var changed = bytes
            changed[i] &+= 1
            let b = try Hash(changed)
            #expect(a == (try Hash(bytes)))
            #expect(a != b)
            #expect(Set([a, b, try Hash(bytes)]).count == 2)
            #expect(a.bytes == bytes)
        }
    }

    /// Generic code over the protocol reaches each type's own parsing (the address checksum included).
    @Test func protocolRequirementsDispatchToTheType() {
        func parse<T: FixedSizeBytes>(_: T.Type, _ text: String) throws -> T { try T(hex: text) }
        #expect(throws: PrimitivesError.self) {
            try parse(Address.self, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")
        }
        #expect((try? parse(Hash.self, Hash.zero.description)) == Hash.zero)
    }
}
