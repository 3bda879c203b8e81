import PropertyBased
import RLP
import Testing

/// Round trips and invariants over generated inputs.
@Suite struct PropertyTests {
    /// Builds an item from a byte "program", so that shrinking the program shrinks the item: each byte opens a
    /// list, closes one, or adds a byte string whose size favours the short/long boundary.
    static func build(_ program: [UInt8]) -> RLPItem {
        var stack: [[RLPItem]] = [[]]
        var i = 0
        while i < program.count {
            let op = program[i]
            i += 1
            switch op % 8 {
            case 0 where stack.count < 8:
                stack.append([])
            case 1 where stack.count > 1:
                let list = stack.removeLast()
                stack[stack.count - 1].append(.list(list))
            default:
                let sizes = [0, 1, 1, 2, 20, 55, 56, 57, 255, 256, 300]
                let size = sizes[Int(op >> 3) % sizes.count]
                let fill = i < program.count ? program[i] : op
                stack[stack.count - 1].append(RLPItem([UInt8](repeating: fill, count: size)))
            }
        }
        while stack.count > 1 {
            let list = stack.removeLast()
            stack[stack.count - 1].append(.list(list))
        }
        return .list(stack[0])
    }

    @Test func itemsRoundTrip() async {
        await propertyCheck(count: 300, input: Gen.uint8().array(of: 0...60)) { program in
            let item = Self.build(program)
            let encoded = RLPEncoder.encode(item)
            #expect(item.encodedLength == encoded.count)
            let decoded = try RLPDecoder.decode(RLPItem.self, from: encoded)
            #expect(decoded == item)
        }
    }

    @Test func anyBytesDecodeToTheirOwnEncodingOrAreRefused() async {
        // The fuzz target's property, in miniature: a decoder that accepts a non-canonical form would re-encode
        // it differently.
        await propertyCheck(count: 2000, input: Gen.uint8().array(of: 0...12)) { bytes in
            if let item = try? RLPDecoder.decode(RLPItem.self, from: bytes) {
                #expect(RLPEncoder.encode(item) == bytes)
            }
        }
    }

    @Test func mutatedEncodingsDecodeToTheirOwnEncodingOrAreRefused() async {
        await propertyCheck(
            count: 500, input: Gen.uint8().array(of: 1...30), Gen.int(in: 0...10_000), Gen.uint8()
        ) { program, position, byte in
            var bytes = RLPEncoder.encode(Self.build(program))
            bytes[position % bytes.count] = byte
            if let item = try? RLPDecoder.decode(RLPItem.self, from: bytes) {
                #expect(RLPEncoder.encode(item) == bytes)
            }
        }
    }

    @Test func integersRoundTrip() async {
        await propertyCheck(count: 1000, input: Gen.uint64()) { value in
            let encoded = RLPEncoder.encode(value)
            #expect(value.encodedLength == encoded.count)
            let decoded = try RLPDecoder.decode(UInt64.self, from: encoded)
            #expect(decoded == value)
            let bytes = try RLPDecoder.decode([UInt8].self, from: encoded)
            #expect(bytes.first != 0)
        }
    }

    @Test func integerListsRoundTrip() async {
        await propertyCheck(count: 300, input: Gen.uint32().array(of: 0...40)) { values in
            let encoded = RLPEncoder.encode(values)
            #expect(values.encodedLength == encoded.count)
            let decoded = try RLPDecoder.decode([UInt32].self, from: encoded)
            #expect(decoded == values)
            let slice = try RLPDecoder.decode(ArraySlice<UInt32>.self, from: encoded)
            #expect(slice == values[...])
        }
    }

    @Test func byteStringsRoundTrip() async {
        await propertyCheck(count: 300, input: Gen.uint8().array(of: 0...300)) { bytes in
            let encoded = RLPEncoder.encode(bytes)
            #expect(bytes.encodedLength == encoded.count)
            let decoded = try RLPDecoder.decode([UInt8].self, from: encoded)
            #expect(decoded == bytes)
        }
    }
}
