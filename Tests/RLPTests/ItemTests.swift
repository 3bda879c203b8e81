import EthPrimitives
import RLP
import Testing

@Suite struct ItemTests {
    @Test func shortAndLongByteStringsAreEqualByContent() {
        for count in [0, 1, 31, 32, 33, 100] {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37) }
            let fromArray = RLPBytes(bytes)
            let fromSlice = RLPBytes(([0xff] + bytes + [0xff])[1..<1 + count])
            let fromSequence = RLPBytes(bytes.lazy.map { $0 })
            #expect(fromArray == fromSlice)
            #expect(fromArray == fromSequence)
            #expect(fromArray.hashValue == fromSlice.hashValue)
            #expect(Array(fromArray) == bytes)
            #expect(fromArray.count == count)
            #expect(fromArray.description == Hex.encode(bytes))
            #expect(fromArray.withContiguousStorageIfAvailable { Array($0) } == bytes)
            for i in 0..<count { #expect(fromSlice[i] == bytes[i]) }
        }
        #expect(RLPBytes([1, 2]) != RLPBytes([1, 2, 0]))
        #expect(RLPBytes([]) == [])
    }

    @Test func longDecodedByteStringsShareTheInput() throws {
        let long = [UInt8](repeating: 0xab, count: 40)
        let input = RLPEncoder.encode([long, [0x01, 0x02]])
        let item = try RLPDecoder.decode(RLPItem.self, from: input)
        let decoded = try #require(item.items?.first?.byteString)
        let inputAddress = input.withUnsafeBufferPointer { $0.baseAddress }
        let viewAddress = decoded.withContiguousStorageIfAvailable { $0.baseAddress }
        #expect(viewAddress == inputAddress.map { $0 + 2 })  // after the list header and the string header
        #expect(item.items?.last?.byteString == [0x01, 0x02])
    }

    @Test func accessorsAndLiterals() {
        let item: RLPItem = [RLPItem([0x01]), []]
        #expect(item.items?.count == 2)
        #expect(item.byteString == nil)
        #expect(RLPItem([0x05]).byteString == [0x05])
        #expect(RLPItem([0x05]).items == nil)
    }

    @Test func descriptionIsTheCompactJSONForm() {
        let item: RLPItem = [RLPItem([]), [RLPItem([0xAB, 0xCD])], []]
        #expect(item.description == #"["0x",["0xabcd"],[]]"#)
    }
}
