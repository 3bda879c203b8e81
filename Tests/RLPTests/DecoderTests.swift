import EthPrimitives
import Foundation
import RLP
import Testing

/// A type with three fields, to exercise the typed path and its list-length rule.
private struct Transfer: RLPListEncodable, RLPDecodable, Equatable {
    var nonce: UInt64
    var to: [UInt8]
    var memo: String

    init(nonce: UInt64, to: [UInt8], memo: String) {
        self.nonce = nonce
        self.to = to
        self.memo = memo
    }

    var listPayloadLength: Int { nonce.encodedLength + to.encodedLength + memo.encodedLength }

    func encodeListItems(to encoder: inout RLPEncoder) {
        encoder.write(nonce)
        encoder.write(to)
        encoder.write(memo)
    }

    init(from decoder: inout RLPDecoder) throws(RLPError) {
        var fields = try decoder.readList(expectedCount: 3)
        nonce = try fields.readInteger()
        to = Array(try fields.readBytes(count: 4))
        memo = try fields.read()
    }
}

@Suite struct DecoderTests {
    // MARK: Every structural rule, as a row: input, the error with its offset

    @Test(arguments: [
        // truncated: nothing, or a header cut short
        ("0x", RLPError.truncated(offset: 0)),
        ("0xb8", .truncated(offset: 0)),
        ("0xb901", .truncated(offset: 0)),
        ("0xf9", .truncated(offset: 0)),
        ("0xc1b8", .truncated(offset: 1)),
        // lengthPastEnd: a payload longer than the input or the enclosing list
        ("0x81", .lengthPastEnd(declared: 1, available: 0, offset: 0)),
        ("0xc5010203", .lengthPastEnd(declared: 5, available: 3, offset: 0)),
        ("0xb840ffeeddccbbaa99887766554433221100", .lengthPastEnd(declared: 64, available: 16, offset: 0)),
        ("0xc28201", .lengthPastEnd(declared: 2, available: 1, offset: 1)),
        ("0xff0f000000000000021111", .lengthPastEnd(declared: 0x0f00_0000_0000_0002, available: 2, offset: 0)),
        // lengthOverflow: more than Int.max
        ("0xbfffffffffffffffff", .lengthOverflow(offset: 0)),
        ("0xff8000000000000000", .lengthOverflow(offset: 0)),
        // leadingZeroInLength
        ("0xb800", .leadingZeroInLength(offset: 0)),
        ("0xf800", .leadingZeroInLength(offset: 0)),
        ("0xb90040" + String(repeating: "00", count: 64), .leadingZeroInLength(offset: 0)),
        ("0xc3b80001", .leadingZeroInLength(offset: 1)),
        // nonCanonicalSize: long form under 56 bytes
        ("0xb837" + String(repeating: "61", count: 55), .nonCanonicalSize(offset: 0)),
        ("0xb801ff", .nonCanonicalSize(offset: 0)),
        ("0xf803112233", .nonCanonicalSize(offset: 0)),
        ("0xf837" + String(repeating: "01", count: 55), .nonCanonicalSize(offset: 0)),
        // nonCanonicalSingleByte: a byte below 0x80 wrapped
        ("0x8100", .nonCanonicalSingleByte(offset: 0)),
        ("0x817f", .nonCanonicalSingleByte(offset: 0)),
        ("0xc3808105", .nonCanonicalSingleByte(offset: 2)),
        // trailingBytes after the one item
        ("0x8080", .trailingBytes(offset: 1)),
        ("0xc000", .trailingBytes(offset: 1)),
        ("0x83646f6700", .trailingBytes(offset: 4)),
    ])
    func rejectsItem(input: String, error: RLPError) {
        #expect(throws: error) { try RLPDecoder.decode(RLPItem.self, from: hex(input)) }
    }

    // MARK: Typed rules

    @Test(arguments: [
        ("0x00", RLPError.leadingZeroInInteger(offset: 0)),
        ("0x820001", .leadingZeroInInteger(offset: 0)),
        ("0x89010000000000000000", .integerOverflow(type: "UInt64", byteCount: 9, offset: 0)),
        ("0xc0", .expectedBytes(offset: 0)),
        ("0x8180ff", .trailingBytes(offset: 2)),
    ])
    func rejectsUInt64(input: String, error: RLPError) {
        #expect(throws: error) { try RLPDecoder.decode(UInt64.self, from: hex(input)) }
    }

    @Test func integerWidthIsTheTargetTypes() throws {
        #expect(throws: RLPError.integerOverflow(type: "UInt8", byteCount: 2, offset: 0)) {
            try RLPDecoder.decode(UInt8.self, from: [0x82, 0x01, 0x00])
        }
        #expect(try RLPDecoder.decode(UInt16.self, from: [0x82, 0x01, 0x00]) == 256)
        #expect(try RLPDecoder.decode(UInt8.self, from: [0x81, 0xff]) == 255)
        #expect(try RLPDecoder.decode(UInt8.self, from: [0x80]) == 0)
        let max128 = [0x90] + [UInt8](repeating: 0xff, count: 16)
        #expect(try RLPDecoder.decode(UInt128.self, from: max128) == .max)
        #expect(throws: RLPError.integerOverflow(type: "UInt128", byteCount: 17, offset: 0)) {
            try RLPDecoder.decode(UInt128.self, from: [0x91, 0x01] + [UInt8](repeating: 0, count: 16))
        }
    }

    @Test(arguments: [
        ("0x80", false),
        ("0x01", true),
    ])
    func decodesBool(input: String, value: Bool) throws {
        #expect(try RLPDecoder.decode(Bool.self, from: hex(input)) == value)
    }

    @Test(arguments: [
        ("0x00", RLPError.invalidBool(offset: 0)),
        ("0x02", .invalidBool(offset: 0)),
        ("0x820001", .invalidBool(offset: 0)),
        ("0xc0", .expectedBytes(offset: 0)),
    ])
    func rejectsBool(input: String, error: RLPError) {
        #expect(throws: error) { try RLPDecoder.decode(Bool.self, from: hex(input)) }
    }

    @Test(arguments: [
        ("0x81ff", RLPError.invalidUTF8(offset: 0)),
        ("0x82c0af", .invalidUTF8(offset: 0)),  // overlong '/'
        ("0x83eda080", .invalidUTF8(offset: 0)),  // a surrogate
        ("0x82e282", .invalidUTF8(offset: 0)),  // cut short
    ])
    func rejectsString(input: String, error: RLPError) {
        #expect(throws: error) { try RLPDecoder.decode(String.self, from: hex(input)) }
    }

    @Test func aBadStringInAListIsFoundAtItsOffset() {
        #expect(throws: RLPError.invalidUTF8(offset: 2)) {
            try RLPDecoder.decode([String].self, from: hex("0xc4808281ff"))
        }
    }

    @Test func decodesUTF8() throws {
        #expect(try RLPDecoder.decode(String.self, from: [0x82, 0xc3, 0xa9]) == "é")
        #expect(try RLPDecoder.decode([String].self, from: hex("0xc88363617483646f67")) == ["cat", "dog"])
    }

    @Test func listsAndStringsAreNotInterchangeable() {
        #expect(throws: RLPError.expectedList(offset: 0)) { try RLPDecoder.decode([UInt64].self, from: [0x80]) }
        #expect(throws: RLPError.expectedBytes(offset: 0)) { try RLPDecoder.decode([UInt8].self, from: [0xc0]) }
        #expect(throws: RLPError.expectedBytes(offset: 1)) {
            try RLPDecoder.decode([[UInt8]].self, from: [0xc1, 0xc0])
        }
    }

    // MARK: A type with fields

    @Test func typeWithFieldsRoundTrips() throws {
        let transfer = Transfer(nonce: 7, to: [0xde, 0xad, 0xbe, 0xef], memo: "lesson 3")
        let encoded = RLPEncoder.encode(transfer)
        #expect(encoded == hex("0xcf0784deadbeef886c6573736f6e2033"))
        #expect(transfer.encodedLength == encoded.count)
        #expect(try RLPDecoder.decode(Transfer.self, from: encoded) == transfer)
    }

    @Test(arguments: [
        ("0xc60784deadbeef", RLPError.listLengthMismatch(expected: 3, got: 2, offset: 0)),
        ("0xc80784deadbeef8080", .listLengthMismatch(expected: 3, got: 4, offset: 0)),
        ("0xc0", .listLengthMismatch(expected: 3, got: 0, offset: 0)),
        ("0xc90783deadbe83646f67", .wrongByteCount(expected: 4, got: 3, offset: 2)),
        ("0xc9820007 84deadbeef 80".filter { $0 != " " }, .leadingZeroInInteger(offset: 1)),
        ("0x80", .expectedList(offset: 0)),
        ("0xc70784deadbeef81", .lengthPastEnd(declared: 1, available: 0, offset: 7)),
    ])
    func rejectsTypeWithFields(input: String, error: RLPError) {
        #expect(throws: error) { try RLPDecoder.decode(Transfer.self, from: hex(input)) }
    }

    // MARK: The cursor

    @Test func peekDoesNotMoveAndReadDoes() throws {
        var decoder = RLPDecoder(hex("0x83646f67c20102"))
        #expect(try decoder.peekHeader() == RLPHeader(isList: false, headerLength: 1, payloadLength: 3))
        #expect(try decoder.peekItemCount() == 2)
        #expect(decoder.offset == 0)
        #expect(try decoder.readBytes() == Array("dog".utf8)[...])
        #expect(decoder.offset == 4)
        #expect(try decoder.peekIsList())
        var list = try decoder.readList()
        #expect(decoder.isAtEnd)
        #expect(list.depth == 1)
        #expect(list.offset == 5)
        #expect(list.remainingCount == 2)
        #expect(try list.readInteger(UInt8.self) == 1)
        #expect(try list.readInteger(UInt8.self) == 2)
        try list.finish()
        #expect(throws: RLPError.truncated(offset: 7)) { try list.readBytes() }
    }

    @Test func byteStringsAreViewsOfTheInput() throws {
        let input = hex("0xc883636174 83646f67".filter { $0 != " " })
        let dog = try RLPDecoder.decode(ArraySlice<UInt8>.self, from: input[5...])
        #expect(dog.startIndex == 6 && dog.endIndex == 9)
        var decoder = RLPDecoder(input)
        var list = try decoder.readList()
        #expect(try list.readBytes().startIndex == 2)
    }

    @Test func rawItemsAndSkipping() throws {
        var decoder = RLPDecoder(hex("0xc3c180808361626301"))
        #expect(try decoder.readRaw() == hex("0xc3c18080")[...])
        try decoder.skip()
        #expect(try decoder.readInteger(UInt64.self) == 1)
        #expect(decoder.isAtEnd)
    }

    @Test func offsetsCountFromTheStartOfASlice() {
        let buffer = hex("0xffff8100")
        #expect(throws: RLPError.nonCanonicalSingleByte(offset: 0)) {
            try RLPDecoder.decode(RLPItem.self, from: buffer[2...])
        }
    }

    @Test func readingAHeaderOnlyChecksTheHeader() throws {
        // The list's payload holds a bad item; skipping the list does not look inside, reading it does.
        var decoder = RLPDecoder(hex("0xc28100"))
        try decoder.skip()
        #expect(decoder.isAtEnd)
        #expect(throws: RLPError.nonCanonicalSingleByte(offset: 1)) {
            try RLPDecoder.decode(RLPItem.self, from: hex("0xc28100"))
        }
    }

    // MARK: Depth

    @Test func hundredThousandListHeadersOfOneByteAreRefused() {
        let input = [UInt8](repeating: 0xc1, count: 100_000)
        // The outer list holds one byte, 0xc1, which declares a byte it does not have.
        #expect(throws: RLPError.lengthPastEnd(declared: 1, available: 0, offset: 1)) {
            try RLPDecoder.decode(RLPItem.self, from: input)
        }
    }

    @Test func hundredThousandLongListHeadersAreRefused() {
        // 0xf8 0x38 repeated: each list declares 56 bytes, two more than its parent has left for it.
        let input = [UInt8]([0xf8, 0x38].repeated(50_000))
        #expect(throws: RLPError.lengthPastEnd(declared: 56, available: 54, offset: 2)) {
            try RLPDecoder.decode(RLPItem.self, from: input)
        }
    }

    /// Well-formed lists nested `depth` deep around an empty list: [[[…[]…]]].
    static func nested(depth: Int) -> (bytes: [UInt8], headerOffsets: [Int]) {
        var payloads = [Int](repeating: 0, count: depth)  // payloads[i]: payload size of the list at level i
        var inner = 0
        for level in stride(from: depth - 1, through: 0, by: -1) {
            payloads[level] = inner
            inner = RLPEncoder.encodedLength(listPayloadLength: inner)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(inner)
        var offsets: [Int] = []
        for payload in payloads {
            offsets.append(bytes.count)
            if payload < 56 {
                bytes.append(0xc0 + UInt8(payload))
            } else {
                let n = RLPEncoder.byteCount(of: payload)
                bytes.append(0xf7 + UInt8(n))
                for i in stride(from: n - 1, through: 0, by: -1) {
                    bytes.append(UInt8(truncatingIfNeeded: payload >> (8 * i)))
                }
            }
        }
        return (bytes, offsets)
    }

    @Test func hundredThousandWellFormedNestedListsStopAtTheDepthLimit() {
        let (input, offsets) = Self.nested(depth: 100_000)
        let limit = RLPDecoder.defaultMaxDepth
        #expect(throws: RLPError.depthLimitExceeded(limit: limit, offset: offsets[limit])) {
            try RLPDecoder.decode(RLPItem.self, from: input)
        }
    }

    @Test func theDepthLimitIsInclusive() throws {
        let (input, offsets) = Self.nested(depth: 10)
        var expected: RLPItem = .list([])
        for _ in 1..<10 { expected = .list([expected]) }
        #expect(try RLPDecoder.decode(RLPItem.self, from: input, maxDepth: 10) == expected)
        #expect(throws: RLPError.depthLimitExceeded(limit: 9, offset: offsets[9])) {
            try RLPDecoder.decode(RLPItem.self, from: input, maxDepth: 9)
        }
        #expect(throws: RLPError.depthLimitExceeded(limit: 0, offset: 0)) {
            try RLPDecoder.decode(RLPItem.self, from: [0xc0], maxDepth: 0)
        }
    }

    @Test func defaultDepthFitsA512KiBStack() async throws {
        // Decoding and encoding recurse once per level: at the default limit they must fit the smallest stack a
        // thread commonly gets (512 KiB, a secondary thread on macOS), in this build configuration.
        let (input, _) = Self.nested(depth: RLPDecoder.defaultMaxDepth)
        let roundTripped: Bool = await withCheckedContinuation { continuation in
            let thread = Thread {
                let item = try? RLPDecoder.decode(RLPItem.self, from: input)
                continuation.resume(returning: item.map { RLPEncoder.encode($0) == input } ?? false)
            }
            thread.stackSize = 512 * 1024
            thread.start()
        }
        #expect(roundTripped)
    }

    // MARK: Errors read as sentences

    @Test func errorsNameTheRuleAndOffset() {
        let error = RLPError.nonCanonicalSize(offset: 12)
        #expect(error.description.hasPrefix("rlp: nonCanonicalSize: "))
        #expect(error.description.contains("offset 12"))
        #expect(error.offset == 12)
        #expect(!error.description.contains("\n"))
    }
}

extension Array {
    fileprivate func repeated(_ times: Int) -> [Element] {
        Array([[Element]](repeating: self, count: times).joined())
    }
}
