import EthPrimitives
import PropertyBased
import RLP
import Testing

/// UInt256, Address and Hash in RLP: integers without leading zeros, fixed-size byte strings.
struct PrimitivesTests {
    @Test(arguments: [
        ("0", "0x80"),
        ("1", "0x01"),
        ("127", "0x7f"),
        ("128", "0x8180"),
        ("1024", "0x820400"),
        ("18446744073709551616", "0x89010000000000000000"),
        (
            "115792089237316195423570985008687907853269984665640564039457584007913129639935",
            "0xa0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
        ),
    ])
    func uint256(decimal: String, encoded: String) throws {
        let value = try UInt256(parsing: decimal)
        let bytes = try [UInt8](hex: encoded)
        #expect(RLPEncoder.encode(value) == bytes)
        #expect(value.encodedLength == bytes.count)
        #expect(try RLPDecoder.decode(UInt256.self, from: bytes) == value)
    }

    @Test func uint256Refusals() throws {
        #expect(throws: RLPError.leadingZeroInInteger(offset: 0)) {
            try RLPDecoder.decode(UInt256.self, from: [0x82, 0x00, 0x01])
        }
        #expect(throws: RLPError.leadingZeroInInteger(offset: 0)) { try RLPDecoder.decode(UInt256.self, from: [0x00]) }
        #expect(throws: RLPError.integerOverflow(type: "UInt256", byteCount: 33, offset: 0)) {
            try RLPDecoder.decode(UInt256.self, from: [0xa1, 0x01] + [UInt8](repeating: 0, count: 32))
        }
        #expect(throws: RLPError.expectedBytes(offset: 0)) { try RLPDecoder.decode(UInt256.self, from: [0xc0]) }
    }

    @Test func uint256RoundTrips() async {
        await propertyCheck(count: 500, input: Gen.uint64().array(of: 4), Gen.uint8()) { limbs, shift in
            // Shifted so that every byte length from 0 to 32 comes up.
            let value = UInt256(words: (limbs[0], limbs[1], limbs[2], limbs[3])) >> (Int(shift) % 257)
            let encoded = RLPEncoder.encode(value)
            #expect(encoded.count == value.encodedLength)
            let decoded = try RLPDecoder.decode(UInt256.self, from: encoded)
            #expect(decoded == value)
            // The same bytes as the generic integer path would write.
            let payload = try RLPDecoder.decode([UInt8].self, from: encoded)
            #expect(payload == value.minimalBigEndianBytes)
        }
    }

    @Test func addressAndHash() throws {
        let address = try Address(hex: "0x" + String(repeating: "35", count: 20))
        let encoded = RLPEncoder.encode(address)
        #expect(encoded == [0x94] + [UInt8](repeating: 0x35, count: 20) && address.encodedLength == 21)
        #expect(try RLPDecoder.decode(Address.self, from: encoded) == address)
        #expect(throws: RLPError.wrongByteCount(expected: 20, got: 19, offset: 0)) {
            try RLPDecoder.decode(Address.self, from: [0x93] + [UInt8](repeating: 0x35, count: 19))
        }
        let hash = Keccak256.hash("")
        let hashEncoded = RLPEncoder.encode(hash)
        #expect(hashEncoded == [0xa0] + hash.bytes && hash.encodedLength == 33)
        #expect(try RLPDecoder.decode(Hash.self, from: hashEncoded) == hash)
        #expect(throws: RLPError.wrongByteCount(expected: 32, got: 0, offset: 0)) {
            try RLPDecoder.decode(Hash.self, from: [0x80])
        }
        // In a list, as a transaction writes them.
        let list: [Address] = [address, .zero]
        #expect(try RLPDecoder.decode([Address].self, from: RLPEncoder.encode(list)) == list)
    }
}
