import ABI
import Contracts
import EthPrimitives
import PropertyBased
import Testing

/// Reads choices from a byte "program", so that shrinking the program shrinks the values it describes.
struct Choices {
    var program: [UInt8]
    var index = 0

    init(_ program: [UInt8]) { self.program = program }

    mutating func next() -> UInt8 {
        defer { index += 1 }
        return index < program.count ? program[index] : 0
    }

    mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in next() } }

    mutating func address() -> Address { try! Address(bytes(20)) }

    /// A number below 2^bits: zero, the largest, a small one, or arbitrary bits.
    mutating func unsigned(bits: Int) -> UInt256 {
        switch next() % 4 {
        case 0: return 0
        case 1: return UInt256.max >> (256 - bits)
        case 2: return UInt256(next())
        default: return try! UInt256(bigEndianBytes: bytes(32)) >> (256 - bits)
        }
    }

    /// A number in the range of `intN`.
    mutating func signed(bits: Int) -> Int256 {
        let magnitude = unsigned(bits: bits - 1)
        return next() % 2 == 0 ? Int256(bitPattern: magnitude) : Int256(bitPattern: UInt256.zero &- magnitude) &- 1
    }

    mutating func string() -> String { Self.strings[Int(next()) % Self.strings.count] }

    mutating func blob() -> [UInt8] { bytes([0, 1, 31, 32, 33, 64][Int(next()) % 6]) }

    static let strings = ["", "a", "héllo", "日本語", "😀", String(repeating: "x", count: 33)]

    mutating func order() -> Tricky.Order {
        let parts = (0..<Int(next() % 3)).map { _ in
            try! Tricky.Part(who: address(), tags: [bytes(4), bytes(4)], when: unsigned(bits: 40))
        }
        return Tricky.Order(id: unsigned(bits: 256), parts: parts, note: string())
    }

    /// A call of one of a few functions of the tricky ABI, with values across their ranges.
    mutating func trickyCall() -> any ContractFunction {
        switch next() % 5 {
        case 0: return try! Tricky.Submit(order: order(), tick: signed(bits: 24))
        case 1:
            return try! Tricky.Matrix(
                grid: (0..<3).map { _ in [unsigned(bits: 256), unsigned(bits: 256)] }, names: [string(), string()],
                blobs: (0..<Int(next() % 3)).map { _ in blob() },
                deltas: (0..<Int(next() % 3)).map { _ in Int8(truncatingIfNeeded: next()) })
        case 2:
            return try! Tricky.Default(
                in: unsigned(bits: 256), for: next() % 2 == 0, selfValue: address(), protocol: string(), type: bytes(4))
        case 3: return Tricky.TransferAddressUint256Bytes(to: address(), amount: unsigned(bits: 256), data: blob())
        default:
            return SessionEscrow.Deposit(
                tutor: address(), token: address(), ratePerSecond: unsigned(bits: 256), capSeconds: unsigned(bits: 256))
        }
    }

    /// Applies a few random edits to `data`: flipped bits, replaced bytes, cut or added tails, changed word ends.
    mutating func mutate(_ data: [UInt8], edits count: Int) -> [UInt8] {
        var data = data
        for _ in 0..<count {
            let position = data.isEmpty ? 0 : Int(next()) * 7 % data.count
            switch next() % 5 {
            case 0 where !data.isEmpty: data[position] ^= 1 << (next() % 8)
            case 1 where !data.isEmpty: data[position] = next()
            case 2: data.removeLast(min(data.count, Int(next() % 40)))
            case 3: data += [UInt8](repeating: next(), count: Int(next() % 40))
            default: if data.count >= 32 { data[min(position / 32 * 32 + 31, data.count - 1)] = next() }
            }
        }
        return data
    }
}

func abiFunction(_ call: any ContractFunction) -> ABIFunction {
    let signature = type(of: call).signature
    return (TrickyVectors.abi.functions + Binding.all["SessionEscrow"]!.abi.functions).first {
        $0.signature == signature
    }!
}

/// Round trips of generated bindings over generated values, and the static path against the dynamic one.
@Suite struct PropertyTests {
    @Test func callsRoundTripAndMatchTheDynamicPath() async {
        await propertyCheck(count: 300, input: Gen.uint8().array(of: 0...120)) { program in
            var choices = Choices(program)
            let call = choices.trickyCall()
            let function = abiFunction(call)
            #expect(call.calldata == (try function.encodeCall(call.arguments)))
            #expect(try function.decodeCall(call.calldata) == call.arguments)
            let decoded =
                function.signature.hasPrefix("deposit(")
                ? try SessionEscrow.decodeFunction(calldata: call.calldata).call
                : try Tricky.decodeFunction(calldata: call.calldata).call
            #expect(decoded.calldata == call.calldata)
            #expect(decoded.arguments == call.arguments)
        }
    }

    @Test func mutatedCalldataDecodesAsTheDynamicPathReadsIt() async {
        // Differential: the generated static decoder and the ABI module's dynamic one (in the contract's lenient
        // mode) accept the same mutated calldata and read the same values; what decodes re-encodes canonically.
        await propertyCheck(count: 600, input: Gen.uint8().array(of: 0...120), Gen.uint8().array(of: 1...12)) {
            program, mutations in
            var choices = Choices(program)
            let call = choices.trickyCall()
            let function = abiFunction(call)
            var edits = Choices(mutations)
            let data = edits.mutate(call.calldata, edits: mutations.count / 2)
            let dynamic = try? function.decodeCall(data, mode: .lenient)
            let typed: (any ContractFunction)?
            if function.signature.hasPrefix("deposit(") {
                typed = try? SessionEscrow.decodeFunction(calldata: data).call
            } else {
                typed = try? Tricky.decodeFunction(calldata: data).call
            }
            if let typed, type(of: typed).signature == function.signature {
                #expect(typed.arguments == dynamic)
                let reread = try? function.decodeCall(typed.calldata)
                #expect(reread == typed.arguments)
            } else if data.starts(with: function.selector.bytes) {
                // Refused: the dynamic path refuses too, or reads a string that is not UTF-8 (both refuse that).
                #expect(dynamic == nil)
            }
        }
    }

    @Test func mutatedReturnDataAndLogsDecodeOnlyWhenCanonical() async {
        // Strict decoders: whatever they accept is the canonical encoding of what they return.
        await propertyCheck(count: 500, input: Gen.uint8().array(of: 0...100), Gen.uint8().array(of: 1...12)) {
            program, mutations in
            var choices = Choices(program)
            let order = choices.order()
            var edits = Choices(mutations)
            let returnData = edits.mutate(Tricky.GetOrder.encodeOutput(order), edits: mutations.count / 2)
            if let decoded = try? Tricky.GetOrder.decodeOutput(returnData) {
                #expect(Tricky.GetOrder.encodeOutput(decoded) == returnData)
            }
            let log = try Tricky.Registered(
                name: Tricky.Registered.nameTopic(choices.string()), blob: Keccak256.hash(choices.blob()),
                pair: .zero, amount: choices.unsigned(bits: 96), tick: choices.signed(bits: 24))
            let (topics, data) = log.encode()
            let mutated = edits.mutate(data, edits: mutations.count / 2)
            if let decoded = try? Tricky.Registered.decode(topics: topics, data: mutated) {
                #expect(decoded.encode().data == mutated)
            } else {
                #expect(mutated != data)
            }
            #expect(try Tricky.Registered.decode(topics: topics, data: data) == log)
        }
    }
}
