import EthPrimitives
import RLP
import Testing

@Suite struct EncoderTests {
    /// The examples of the RLP page of ethereum.org (and Appendix B of the yellow paper).
    @Test func theStringDog() {
        #expect(RLPEncoder.encode("dog") == [0x83, 0x64, 0x6f, 0x67])
    }

    @Test func theListCatDog() {
        #expect(RLPEncoder.encode(["cat", "dog"]) == [0xc8, 0x83, 0x63, 0x61, 0x74, 0x83, 0x64, 0x6f, 0x67])
    }

    @Test func theEmptyString() {
        #expect(RLPEncoder.encode("") == [0x80])
        #expect(RLPEncoder.encode([UInt8]()) == [0x80])
    }

    @Test func theEmptyList() {
        #expect(RLPEncoder.encode(RLPItem.list([])) == [0xc0])
        #expect(RLPEncoder.encode([String]()) == [0xc0])
    }

    @Test func theIntegerZero() {
        #expect(RLPEncoder.encode(0 as UInt64) == [0x80])
    }

    @Test func theByteZeroAndFifteen() {
        #expect(RLPEncoder.encode([UInt8]([0x00])) == [0x00])
        #expect(RLPEncoder.encode([UInt8]([0x0f])) == [0x0f])
    }

    @Test func theBytesFourZero() {
        #expect(RLPEncoder.encode([UInt8]([0x04, 0x00])) == [0x82, 0x04, 0x00])
    }

    @Test func theIntegerFifteenAndTenTwentyFour() {
        #expect(RLPEncoder.encode(15 as UInt64) == [0x0f])
        #expect(RLPEncoder.encode(1024 as UInt64) == [0x82, 0x04, 0x00])
    }

    @Test func theSetTheoreticalRepresentationOfThree() {
        let three: RLPItem = [[], [[]], [[], [[]]]]
        #expect(RLPEncoder.encode(three) == [0xc7, 0xc0, 0xc1, 0xc0, 0xc3, 0xc0, 0xc1, 0xc0])
    }

    @Test func theLoremIpsumString() {
        let text = "Lorem ipsum dolor sit amet, consectetur adipisicing elit"
        #expect(RLPEncoder.encode(text) == [0xb8, 0x38] + Array(text.utf8))
    }

    @Test func theNestedAnimals() {
        // ["cat", [[]], "pig", [""], "sheep"]
        let value: RLPItem = [item("cat"), [[]], item("pig"), [item("")], item("sheep")]
        #expect(RLPEncoder.encode(value) == hex("0xd283636174c1c083706967c180857368656570"))
    }

    @Test func aStringOf1024BytesHasATwoByteLength() {
        let encoded = RLPEncoder.encode([UInt8](repeating: 0x61, count: 1024))
        #expect(Array(encoded.prefix(3)) == [0xb9, 0x04, 0x00])
        #expect(encoded.count == 1027)
    }

    // MARK: Integers at byte boundaries

    @Test(arguments: [
        (UInt64(0), "0x80"),
        (1, "0x01"),
        (0x7f, "0x7f"),
        (0x80, "0x8180"),
        (0xff, "0x81ff"),
        (0x100, "0x820100"),
        (0xffff, "0x82ffff"),
        (0x1_0000, "0x83010000"),
        (0xff_ffff, "0x83ffffff"),
        (0x100_0000, "0x8401000000"),
        (0xffff_ffff, "0x84ffffffff"),
        (0x1_0000_0000, "0x850100000000"),
        (UInt64.max, "0x88ffffffffffffffff"),
    ])
    func integer(value: UInt64, encoding: String) throws {
        #expect(RLPEncoder.encode(value) == hex(encoding))
        #expect(value.encodedLength == hex(encoding).count)
        #expect(try RLPDecoder.decode(UInt64.self, from: hex(encoding)) == value)
    }

    @Test func everyUnsignedWidthEncodesTheSameValueAlike() {
        #expect(RLPEncoder.encode(UInt8(200)) == [0x81, 200])
        #expect(RLPEncoder.encode(UInt16(200)) == [0x81, 200])
        #expect(RLPEncoder.encode(UInt32(200)) == [0x81, 200])
        #expect(RLPEncoder.encode(UInt(200)) == [0x81, 200])
        #expect(RLPEncoder.encode(UInt128(200)) == [0x81, 200])
        #expect(RLPEncoder.encode(UInt128.max) == [0x90] + [UInt8](repeating: 0xff, count: 16))
    }

    @Test func aByteIsAnIntegerButAByteArrayIsAString() {
        #expect(RLPEncoder.encode(UInt8(0)) == [0x80])
        #expect(RLPEncoder.encode([UInt8(0)]) == [0x00])
        #expect(RLPEncoder.encode([UInt16(0)]) == [0xc1, 0x80])
    }

    @Test func booleansAreZeroAndOne() {
        #expect(RLPEncoder.encode(true) == [0x01])
        #expect(RLPEncoder.encode(false) == [0x80])
    }

    // MARK: Sizes at the short/long boundary

    @Test(arguments: [0, 1, 55, 56, 255, 256, 65535, 65536])
    func byteStringOfSize(size: Int) throws {
        let bytes = [UInt8](repeating: 0xaa, count: size)
        let encoded = RLPEncoder.encode(bytes)
        let header: [UInt8] =
            switch size {
            case 0...55: [0x80 + UInt8(size)]
            case 56...255: [0xb8, UInt8(size)]
            default: size <= 65535 ? [0xb9, UInt8(size >> 8), UInt8(size & 0xff)] : [0xba, 0x01, 0x00, 0x00]
            }
        #expect(Array(encoded.prefix(header.count)) == header)
        #expect(encoded.count == header.count + size)
        #expect(bytes.encodedLength == encoded.count)
        #expect(try RLPDecoder.decode([UInt8].self, from: encoded) == bytes)
    }

    @Test(arguments: [0, 1, 55, 56, 255, 256, 65535, 65536])
    func listWithPayloadOfSize(size: Int) throws {
        // `size` single-byte items: the payload is exactly `size` bytes.
        let items = [RLPItem](repeating: RLPItem([0x01]), count: size)
        let encoded = RLPEncoder.encode(RLPItem.list(items))
        let header: [UInt8] =
            switch size {
            case 0...55: [0xc0 + UInt8(size)]
            case 56...255: [0xf8, UInt8(size)]
            default: size <= 65535 ? [0xf9, UInt8(size >> 8), UInt8(size & 0xff)] : [0xfa, 0x01, 0x00, 0x00]
            }
        #expect(Array(encoded.prefix(header.count)) == header)
        #expect(encoded.count == header.count + size)
        #expect(try RLPDecoder.decode(RLPItem.self, from: encoded) == .list(items))
    }

    // MARK: Entry points

    @Test func appendingWritesAfterExistingBytes() {
        var output: [UInt8] = [0xde, 0xad]
        RLPEncoder.encode(["cat", "dog"], appendingTo: &output)
        #expect(output == [0xde, 0xad, 0xc8, 0x83, 0x63, 0x61, 0x74, 0x83, 0x64, 0x6f, 0x67])
    }

    @Test func stringsAreTheirUTF8() {
        #expect(RLPEncoder.encode("é") == [0x82, 0xc3, 0xa9])
        #expect(RLPEncoder.encode("a") == [0x61])
    }

    @Test func slicesEncodeLikeArrays() {
        let bytes: [UInt8] = [9, 0x64, 0x6f, 0x67, 9]
        #expect(RLPEncoder.encode(bytes[1..<4]) == [0x83, 0x64, 0x6f, 0x67])
        #expect(RLPEncoder.encode([UInt64(1), 2, 3][1...]) == [0xc2, 0x02, 0x03])
    }

    @Test func rawBytesPassThrough() {
        struct Wrapped: RLPListEncodable {
            var inner: [UInt8]  // already RLP
            var listPayloadLength: Int { inner.count }
            func encodeListItems(to encoder: inout RLPEncoder) { encoder.writeRaw(inner) }
        }
        #expect(
            RLPEncoder.encode(Wrapped(inner: [0x83, 0x64, 0x6f, 0x67, 0x80])) == [0xc5, 0x83, 0x64, 0x6f, 0x67, 0x80])
    }

    @Test func headerLengths() {
        #expect(RLPEncoder.headerLength(payloadLength: 0) == 1)
        #expect(RLPEncoder.headerLength(payloadLength: 55) == 1)
        #expect(RLPEncoder.headerLength(payloadLength: 56) == 2)
        #expect(RLPEncoder.headerLength(payloadLength: 256) == 3)
        #expect(RLPEncoder.headerLength(payloadLength: Int.max) == 9)
        #expect(RLPEncoder.byteCount(of: 0) == 0)
        #expect(RLPEncoder.byteCount(of: 0x1_0000) == 3)
    }
}
