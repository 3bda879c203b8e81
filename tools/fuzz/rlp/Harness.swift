// libFuzzer harness for the RLP decoder. Built and run by tools/fuzz/run.sh rlp <seconds>.
//
// The property: whatever the decoder accepts re-encodes to exactly the input bytes; anything else must be refused
// with an RLPError (never a crash, a hang or an out-of-bounds read, which ASan would catch). It is checked for the
// dynamic RLPItem and for the typed paths (integers, byte strings, strings, booleans, lists, a fixed-arity type).
import RLP

/// Two fields, for the list-arity path.
private struct Pair: RLPListEncodable, RLPDecodable, Equatable {
    var number: UInt64
    var bytes: [UInt8]

    init(from decoder: inout RLPDecoder) throws(RLPError) {
        var fields = try decoder.readList(expectedCount: 2)
        number = try fields.readInteger()
        bytes = try fields.read()
    }

    var listPayloadLength: Int { number.encodedLength + bytes.encodedLength }

    func encodeListItems(to encoder: inout RLPEncoder) {
        encoder.write(number)
        encoder.write(bytes)
    }
}

/// Decodes `input` as `Value`; when that succeeds, the value must re-encode to `input` and say so in
/// `encodedLength`.
private func roundTrip<Value: RLPEncodable & RLPDecodable>(_ type: Value.Type, _ input: [UInt8]) {
    guard let value = try? RLPDecoder.decode(Value.self, from: input) else { return }
    let encoded = RLPEncoder.encode(value)
    if encoded != input || value.encodedLength != input.count {
        fatalError("\(Value.self): decoded \(input) re-encodes as \(encoded) (encodedLength \(value.encodedLength))")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRLP(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))

    roundTrip(RLPItem.self, input)
    roundTrip(UInt8.self, input)
    roundTrip(UInt64.self, input)
    roundTrip(UInt128.self, input)
    roundTrip(Bool.self, input)
    roundTrip(String.self, input)
    roundTrip([UInt8].self, input)
    roundTrip([UInt64].self, input)
    roundTrip([[UInt8]].self, input)
    roundTrip([RLPItem].self, input)
    roundTrip(Pair.self, input)

    // The cursor agrees with the item: a list's item count, a tighter depth limit refusing only deeper input, and
    // the raw item being the whole input.
    if let item = try? RLPDecoder.decode(RLPItem.self, from: input) {
        var decoder = RLPDecoder(input)
        guard let raw = try? decoder.readRaw(), raw.count == input.count, decoder.isAtEnd else {
            fatalError("readRaw disagrees with RLPItem on \(input)")
        }
        if case .list(let items) = item {
            var cursor = RLPDecoder(input)
            guard let list = try? cursor.readList(), (try? list.peekItemCount()) == items.count else {
                fatalError("peekItemCount disagrees with RLPItem on \(input)")
            }
        }
        if let shallow = try? RLPDecoder.decode(RLPItem.self, from: input, maxDepth: 2), shallow != item {
            fatalError("maxDepth changed a decoded item on \(input)")
        }
    }
    return 0
}
