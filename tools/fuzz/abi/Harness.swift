// libFuzzer harness for the ABI decoder and the ABI text parsers. Built and run by tools/fuzz/run.sh abi <seconds>.
//
// The first byte of an input chooses what the rest is:
//   - below 0xf0: an encoding, decoded as the type list `typeLists[byte % count]`;
//   - 0xf0 and above: UTF-8 text for the parsers (types, declarations, JSON ABI, values).
// The properties: whatever strict decoding accepts re-encodes to exactly the input bytes, through the dynamic path
// and, for the lists that have one, the static path, and both paths agree; lenient decoding never crashes and what
// it returns re-encodes to a canonical form that strict decoding reads back to the same values. Whatever a parser
// accepts prints to text that parses back to the same thing. Anything else must be refused with an ABIError
// (never a crash, a hang, an out-of-bounds read, which ASan would catch, or an allocation beyond the input's size,
// which the RSS limit would catch).
import ABI
import EthPrimitives

/// Type lists the encodings are decoded as: the ones relayers meet (calls, results, logs) and nested dynamic ones.
/// tools/fuzz/abi/seed.py has the same list, in the same order.
let typeLists: [[ABIType]] = [
    "uint256,address,bytes,string,uint256[]",
    "address,uint256",
    "bool,uint8,int8,bytes4",
    "string[]",
    "uint256[][]",
    "(uint256,string,bytes)[]",
    "(bytes,(string,uint8[])[])[2]",
    "int24[3],uint96,fixed128x18",
    "bytes32[],address[2]",
    "string,string,string",
    "(address,bool,bytes)[]",
    "function,bytes31,int256",
    "((uint8,string)[],(bool,bytes[])[2])",
    "uint8[][2][]",
].map { try! splitTypes($0) }

/// Splits a comma-separated list of types at top-level commas.
func splitTypes(_ text: String) throws -> [ABIType] {
    var types: [ABIType] = []
    var depth = 0
    var current = ""
    for character in text {
        if character == "(" { depth += 1 }
        if character == ")" { depth -= 1 }
        if character == ",", depth == 0 {
            types.append(try ABIType(parsing: current))
            current = ""
        } else {
            current.append(character)
        }
    }
    types.append(try ABIType(parsing: current))
    return types
}

func fail(_ message: String, _ input: [UInt8]) -> Never {
    fatalError("\(message) on input \(Hex.encode(input))")
}

/// The dynamic path: strict decoding round-trips; lenient decoding gives values that encode canonically.
func checkDynamic(_ types: [ABIType], _ data: [UInt8], input: [UInt8]) -> [ABIValue]? {
    let strict = try? ABIDecoder.decode(types, from: data)
    if let strict {
        guard let encoded = try? ABIEncoder.encode(strict, as: types), encoded == data else {
            fail("strict decoding accepted a non-canonical encoding", input)
        }
        guard (try? ABIDecoder.decode(types, from: data, mode: .lenient)) == strict else {
            fail("lenient decoding disagrees with strict decoding on a canonical encoding", input)
        }
    }
    if let lenient = try? ABIDecoder.decode(types, from: data, mode: .lenient) {
        guard let canonical = try? ABIEncoder.encode(lenient, as: types),
            (try? ABIDecoder.decode(types, from: canonical)) == lenient
        else { fail("lenient decoding returned values that do not round-trip", input) }
    }
    return strict
}

/// The static path for list 0, `(uint256,address,bytes,string,uint256[])`: same verdict and values as the dynamic
/// path, and the same bytes back.
func checkStatic(_ data: [UInt8], dynamic: [ABIValue]?, input: [UInt8]) {
    let decoded = try? ABIDecoder.decode(
        UInt256.self, Address.self, ABIBytes.self, String.self, [UInt256].self, from: data)
    guard let (amount, address, bytes, text, numbers) = decoded else {
        if dynamic != nil { fail("the static path refused what the dynamic path accepted", input) }
        return
    }
    let values: [ABIValue] = [amount.abiValue, address.abiValue, bytes.abiValue, text.abiValue, numbers.abiValue]
    guard let dynamic, values == dynamic else { fail("the static path disagrees with the dynamic path", input) }
    guard ABIEncoder.encode(amount, address, bytes, text, numbers) == data else {
        fail("the static path does not re-encode to its input", input)
    }
}

/// The parsers: whatever they accept prints to text that parses back the same.
func checkText(_ text: String, input: [UInt8]) {
    if let type = try? ABIType(parsing: text), (try? ABIType(parsing: type.description)) != type {
        fail("type \(type) does not parse back", input)
    }
    if let item = try? ABIItem(parsing: text), (try? ABIItem(parsing: item.humanReadable)) != item {
        fail("declaration \(item.humanReadable) does not parse back", input)
    }
    _ = try? JSONABI(json: text)
    // Values of a few types in the command-line and JSON syntaxes.
    for type in [ABIType.string, .uint(256), .int(8), .array(.string), .tuple([.uint(8), .array(.bytes)])] {
        if let value = try? ABIValue(parsing: text, as: type) {
            guard (try? ABIValue(json: value.json, as: type)) == value else {
                fail("value \(value.json) does not read back from JSON", input)
            }
        }
        if let value = try? ABIValue(json: text, as: type), (try? ABIValue(json: value.json, as: type)) != value {
            fail("JSON value \(value.json) does not read back", input)
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzABI(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let selector = input.first else { return 0 }
    let rest = Array(input.dropFirst())
    if selector >= 0xf0 {
        checkText(String(decoding: rest, as: UTF8.self), input: input)
        return 0
    }
    let index = Int(selector) % typeLists.count
    let dynamic = checkDynamic(typeLists[index], rest, input: input)
    if index == 0 { checkStatic(rest, dynamic: dynamic, input: input) }
    return 0
}
