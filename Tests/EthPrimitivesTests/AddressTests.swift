import EthPrimitives
import Foundation
import PropertyBased
import Testing

/// vectors/address.json, made by tools/vectors/gen_address.py from eth-utils.
struct AddressVectors: Decodable {
    struct Checksum: Decodable, Sendable {
        var lower: String
        var checksummed: String
    }
    struct Invalid: Decodable, Sendable, CustomTestStringConvertible {
        var input: String
        var error: String
        var expected: String?
        var offset: Int?
        var note: String
        var testDescription: String { "\(note): \(String(reflecting: input))" }
    }
    var checksum: [Checksum]
    var invalid: [Invalid]

    static let shared: AddressVectors = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let data = try! Data(contentsOf: root.appendingPathComponent("vectors/address.json"))
        return try! JSONDecoder().decode(AddressVectors.self, from: data)
    }()
}

@Suite struct AddressTests {
    // MARK: The examples of EIP-55 itself

    @Test(arguments: [
        // All caps
        "0x52908400098527886E0F7030069857D2E4169EE7",
        "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        // All lower
        "0xde709f2102306220921060314715629080e2fb77",
        "0x27b1fdb04752bbc536007a920d24acb045561c26",
        // Normal
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ])
    func eip55Example(checksummed: String) throws {
        #expect(try Address(hex: checksummed).checksummed == checksummed)
        #expect(try Address(hex: checksummed.lowercased()).checksummed == checksummed)
        let upper = "0x" + checksummed.dropFirst(2).uppercased()
        #expect(try Address(hex: upper).description == checksummed)
    }

    @Test func eip55MixedCaseTypoIsCaught() {
        // The last letter of the fourth "normal" example with its case flipped.
        let typo = "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDB"
        #expect(
            throws: PrimitivesError.badAddressChecksum(
                given: typo, expected: "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")
        ) { try Address(hex: typo) }
    }

    // MARK: eth-utils vectors

    @Test func checksumVectors() throws {
        for row in AddressVectors.shared.checksum {
            let fromLower = try Address(hex: row.lower)
            #expect(fromLower.checksummed == row.checksummed)
            #expect(try Address(hex: row.checksummed) == fromLower)
            #expect(try Address(hex: "0x" + row.lower.dropFirst(2).uppercased()) == fromLower)
            #expect(fromLower.description == row.checksummed)
            #expect(fromLower.bytes == (try [UInt8](hex: row.lower)))
            #expect(try Address(fromLower.bytes) == fromLower)
        }
    }

    @Test(arguments: AddressVectors.shared.invalid)
    func invalidVector(row: AddressVectors.Invalid) {
        do {
            let address = try Address(hex: row.input)
            Issue.record("accepted \(String(reflecting: row.input)) as \(address)")
        } catch {
            switch (row.error, error) {
            case ("badAddressChecksum", .badAddressChecksum(let given, let expected)):
                #expect(given == row.input)
                #expect(expected == row.expected)
            case ("wrongByteCount", .wrongByteCount(let type, let expected, _)):
                #expect(type == "address" && expected == 20)
            case ("oddHexLength", .oddHexLength): break
            case ("missingHexPrefix", .missingHexPrefix): break
            case ("invalidHexCharacter", .invalidHexCharacter(_, let offset)):
                #expect(offset == row.offset)
            default:
                Issue.record("expected \(row.error), got \(error)")
            }
            #expect(!error.description.contains("\n"))
        }
    }

    // MARK: Value semantics

    @Test func zeroAndSizes() throws {
        #expect(Address.zero.description == "0x0000000000000000000000000000000000000000")
        #expect(Address.byteCount == 20)
        #expect(throws: PrimitivesError.wrongByteCount(type: "address", expected: 20, actual: 32)) {
            try Address([UInt8](repeating: 0, count: 32))
        }
    }

    @Test func errorMessagesAreActionable() {
        let error = PrimitivesError.badAddressChecksum(
            given: "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDB", expected: "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")
        #expect(error.description.hasPrefix("address: "))
        #expect(error.description.contains("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"))
    }

    @Test func codableWritesTheChecksummedForm() throws {
        let address = try Address(hex: "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")
        let json = try JSONEncoder().encode(address)
        #expect(String(decoding: json, as: UTF8.self) == "\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\"")
        #expect(try JSONDecoder().decode(Address.self, from: json) == address)
        let typo = Data("\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD\"".utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Address.self, from: typo) }
    }

    @Test func orderIsByteOrder() async {
        await propertyCheck(count: 300, input: Gen.uint8().array(of: 20), Gen.uint8().array(of: 20)) { a, b in
            let (x, y) = (try Address(a), try Address(b))
            #expect((x < y) == a.lexicographicallyPrecedes(b))
            #expect((x == y) == (a == b))
        }
        // Differences in the last, short word and in the first byte.
        let low = try! Address([UInt8](repeating: 0, count: 19) + [1])
        let high = try! Address([1] + [UInt8](repeating: 0, count: 19))
        #expect(Address.zero < low && low < high && !(high < low))
    }

    @Test func checksumRoundTripsForAnyAddress() async {
        await propertyCheck(count: 300, input: Gen.uint8().array(of: 20)) { bytes in
            let address = try Address(bytes)
            let text = address.checksummed
            #expect(text.count == 42)
            #expect(try Address(hex: text) == address)
            #expect(try Address(hex: text.lowercased()) == address)
        }
    }
}
