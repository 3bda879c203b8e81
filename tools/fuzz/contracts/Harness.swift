// libFuzzer harness for the generated contract bindings' decoders. Built and run by
// tools/fuzz/run.sh contracts <seconds>.
//
// An input is one byte choosing the contract (TestToken, SessionEscrow, SessionCredential, SessionRatings), one byte
// choosing what the rest is, then the payload:
//   - 0: calldata, read by `decodeFunction(calldata:)`;
//   - 1: a log: one byte giving the number of topics (mod 5), the topics (32 bytes each), then the data, read by
//        `decodeEvent(topics:data:)`;
//   - 2: return data: a 4-byte selector naming the function, then the data, read by `decodeOutput(_:mode:)` in
//        both modes;
//   - 3: revert data, read by `decodeRevert(_:)`.
// The properties: accepted calldata re-encodes canonically to calldata that decodes to the same call; an accepted
// log (strict) re-encodes to exactly its topics and data; strictly accepted return data re-encodes to exactly the
// input and is accepted leniently too; leniently accepted return data re-encodes to a canonical form that strict
// decoding reads back to the same encoding. Anything else must be refused with a ContractsError: never a crash, a
// hang, an out-of-bounds read (ASan) or an allocation beyond the input's size (the RSS limit).
import ABI
import Contracts
import EthPrimitives

/// What the harness needs of one contract's generated bindings, which every generated contract enum has.
protocol FuzzedContract {
    associatedtype Function: Hashable
    associatedtype Event: Hashable
    static func decodeFunction(calldata: [UInt8]) throws(ContractsError) -> Function
    static func decodeEvent(topics: [Hash], data: [UInt8]) throws(ContractsError) -> Event
    static func decodeRevert(_ data: [UInt8]) -> ContractRevert
    static func calldata(of function: Function) -> [UInt8]
    static func call(of function: Function) -> any ContractFunction
    static func encode(_ event: Event) -> (topics: [Hash], data: [UInt8])
}

extension TestToken: FuzzedContract {
    static func calldata(of function: Function) -> [UInt8] { function.calldata }
    static func call(of function: Function) -> any ContractFunction { function.call }
    static func encode(_ event: Event) -> (topics: [Hash], data: [UInt8]) { event.encode() }
}

extension SessionEscrow: FuzzedContract {
    static func calldata(of function: Function) -> [UInt8] { function.calldata }
    static func call(of function: Function) -> any ContractFunction { function.call }
    static func encode(_ event: Event) -> (topics: [Hash], data: [UInt8]) { event.encode() }
}

extension SessionCredential: FuzzedContract {
    static func calldata(of function: Function) -> [UInt8] { function.calldata }
    static func call(of function: Function) -> any ContractFunction { function.call }
    static func encode(_ event: Event) -> (topics: [Hash], data: [UInt8]) { event.encode() }
}

extension SessionRatings: FuzzedContract {
    static func calldata(of function: Function) -> [UInt8] { function.calldata }
    static func call(of function: Function) -> any ContractFunction { function.call }
    static func encode(_ event: Event) -> (topics: [Hash], data: [UInt8]) { event.encode() }
}

func fail(_ message: String, _ input: [UInt8]) -> Never {
    fatalError("\(message) on input \(Hex.encode(input))")
}

func checkCalldata<C: FuzzedContract>(_ contract: C.Type, _ payload: [UInt8], input: [UInt8]) {
    guard let function = try? C.decodeFunction(calldata: payload) else { return }
    let encoded = C.calldata(of: function)
    guard let again = try? C.decodeFunction(calldata: encoded) else { fail("re-encoded calldata is refused", input) }
    guard again == function else { fail("re-encoded calldata decodes to another call", input) }
    guard C.calldata(of: again) == encoded else { fail("calldata encoding is not stable", input) }
}

func checkEvent<C: FuzzedContract>(_ contract: C.Type, _ payload: [UInt8], input: [UInt8]) {
    guard let first = payload.first else { return }
    let count = Int(first % 5)
    guard payload.count >= 1 + 32 * count else { return }
    let topics = (0..<count).map { index in
        try! Hash(payload[(1 + 32 * index)..<(33 + 32 * index)])
    }
    let data = Array(payload[(1 + 32 * count)...])
    guard let event = try? C.decodeEvent(topics: topics, data: data) else { return }
    let encoded = C.encode(event)
    guard encoded.topics == topics, encoded.data == data else { fail("an accepted log re-encodes differently", input) }
}

func checkOutput<F: ContractFunction>(_ call: F, _ data: [UInt8], input: [UInt8]) {
    if let strict = try? F.decodeOutput(data, mode: .strict) {
        guard F.encodeOutput(strict) == data else {
            fail("strictly accepted return data re-encodes differently", input)
        }
        guard (try? F.decodeOutput(data, mode: .lenient)) != nil else {
            fail("return data accepted strictly is refused leniently", input)
        }
    }
    if let lenient = try? F.decodeOutput(data, mode: .lenient) {
        let canonical = F.encodeOutput(lenient)
        guard let strict = try? F.decodeOutput(canonical, mode: .strict) else {
            fail("the canonical form of leniently accepted return data is refused", input)
        }
        guard F.encodeOutput(strict) == canonical else { fail("the canonical form does not round-trip", input) }
    }
}

func checkReturnData<C: FuzzedContract>(_ contract: C.Type, _ payload: [UInt8], input: [UInt8]) {
    guard payload.count >= 4 else { return }
    // Zero arguments decode for every function (offsets 0 read an empty value), so this finds the function's type.
    guard let function = try? C.decodeFunction(calldata: Array(payload[0..<4]) + [UInt8](repeating: 0, count: 640))
    else { return }
    checkOutput(C.call(of: function), Array(payload[4...]), input: input)
}

func check<C: FuzzedContract>(_ contract: C.Type, mode: UInt8, _ payload: [UInt8], input: [UInt8]) {
    switch mode % 4 {
    case 0: checkCalldata(contract, payload, input: input)
    case 1: checkEvent(contract, payload, input: input)
    case 2: checkReturnData(contract, payload, input: input)
    default: _ = C.decodeRevert(payload)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard input.count >= 2 else { return 0 }
    let payload = Array(input[2...])
    switch input[0] % 4 {
    case 0: check(TestToken.self, mode: input[1], payload, input: input)
    case 1: check(SessionEscrow.self, mode: input[1], payload, input: input)
    case 2: check(SessionCredential.self, mode: input[1], payload, input: input)
    default: check(SessionRatings.self, mode: input[1], payload, input: input)
    }
    return 0
}
