import ABI
import EthPrimitives

/// The helpers generated bindings call: constants from their hex text, decoding that reports errors as
/// ``ContractsError`` with what was being read, topic handling, and the checks behind field ranges.
///
/// They are public so that bindings generated into any module (`swift run metered-bindgen --input … --output …`)
/// compile against this runtime; code written by hand rarely needs them.
public enum ContractCodec {
    // MARK: Constants

    /// A selector from its hex text (`"0xbb4d7c13"`), as bindings spell it.
    ///
    /// - Precondition: the text is `0x` and 8 hex digits (the generator writes only such text).
    public static func selector(_ hex: String) -> Selector {
        do {
            return try Selector(hex: hex)
        } catch {
            preconditionFailure("contracts: \(hex) is not a selector: \(error)")
        }
    }

    /// A 32-byte hash (an event topic) from its hex text.
    ///
    /// - Precondition: the text is `0x` and 64 hex digits.
    public static func hash(_ hex: String) -> Hash {
        do {
            return try Hash(hex: hex)
        } catch {
            preconditionFailure("contracts: \(hex) is not a 32-byte hash: \(error)")
        }
    }

    /// An address from its hex text (checksummed or all one case).
    ///
    /// - Precondition: the text is `0x` and 40 hex digits, with a valid EIP-55 checksum when mixed-case.
    public static func address(_ hex: String) -> Address {
        do {
            return try Address(hex: hex)
        } catch {
            preconditionFailure("contracts: \(hex) is not an address: \(error)")
        }
    }

    /// Bytecode from hex text spread over lines (an optional `0x`, whitespace and newlines ignored).
    ///
    /// - Precondition: the text without whitespace is an even number of hex digits.
    public static func code(_ hex: String) -> [UInt8] {
        let digits = String(hex.unicodeScalars.filter { !$0.properties.isWhitespace })
        do {
            return try Hex.decode(digits)
        } catch {
            preconditionFailure("contracts: bytecode text is not hex: \(error)")
        }
    }

    // MARK: Functions

    /// The selector calldata starts with.
    ///
    /// - Throws: ``ContractsError/unknownSelector(_:)`` with `nil` when the calldata is shorter than four bytes.
    public static func selector(of calldata: [UInt8]) throws(ContractsError) -> Selector {
        guard calldata.count >= 4 else { throw .unknownSelector(nil) }
        return try! Selector(calldata[0..<4])
    }

    /// Decodes calldata of `function` as the given argument types, under the contract's rules (see
    /// ``ContractFunction/decode(calldata:)``): values checked, offsets anywhere inside, trailing bytes ignored.
    ///
    /// - Throws: ``ContractsError/selectorMismatch(signature:expected:actual:)`` or
    ///   ``ContractsError/invalidEncoding(context:reason:)`` with offsets from the start of the calldata.
    @inlinable
    public static func decodeCall<Function: ContractFunction, each T: ABIDecodable>(
        _ function: Function.Type, _ types: repeat (each T).Type, from calldata: [UInt8]
    ) throws(ContractsError) -> (repeat each T) {
        let selector = calldata.count >= 4 ? try! Selector(calldata[0..<4]) : nil
        guard selector == Function.selector else {
            throw .selectorMismatch(signature: Function.signature, expected: Function.selector, actual: selector)
        }
        do {
            return try ABIDecoder.decodeCall(
                selector: Function.selector, repeat (each T).self, from: calldata, mode: .lenient)
        } catch {
            throw .invalidEncoding(context: "calldata of \(Function.signature)", reason: error)
        }
    }

    /// Decodes return data of `function` as the given result types.
    ///
    /// - Throws: ``ContractsError/invalidEncoding(context:reason:)``.
    @inlinable
    public static func decodeOutput<Function: ContractFunction, each T: ABIDecodable>(
        _ function: Function.Type, _ types: repeat (each T).Type, from data: [UInt8], mode: ABIDecoder.Mode
    ) throws(ContractsError) -> (repeat each T) {
        do {
            return try ABIDecoder.decode(repeat (each T).self, from: data, mode: mode)
        } catch {
            throw .invalidEncoding(context: "return data of \(Function.signature)", reason: error)
        }
    }

    // MARK: Constructors

    /// Decodes constructor arguments as the given types, under the rules of calldata.
    ///
    /// - Throws: ``ContractsError/invalidEncoding(context:reason:)``.
    @inlinable
    public static func decodeArguments<Constructor: ContractConstructor, each T: ABIDecodable>(
        _ constructor: Constructor.Type, _ types: repeat (each T).Type, from arguments: [UInt8], contract: String
    ) throws(ContractsError) -> (repeat each T) {
        do {
            return try ABIDecoder.decode(repeat (each T).self, from: arguments, mode: .lenient)
        } catch {
            throw .invalidEncoding(context: "constructor arguments of \(contract)", reason: error)
        }
    }

    /// The constructor arguments of init code: nil unless `initCode` starts with `creationCode`.
    ///
    /// - Throws: as ``ContractConstructor/decode(arguments:)``.
    public static func decodeConstructor<Constructor: ContractConstructor>(
        _ constructor: Constructor.Type, initCode: [UInt8], creationCode: [UInt8]
    ) throws(ContractsError) -> Constructor? {
        guard initCode.count >= creationCode.count, initCode[..<creationCode.count].elementsEqual(creationCode) else {
            return nil
        }
        return try Constructor.decode(arguments: Array(initCode[creationCode.count...]))
    }

    // MARK: Events

    /// Checks a log's topic count and (unless the event is anonymous) its first topic.
    ///
    /// - Parameter indexed: how many indexed parameters the event has.
    /// - Throws: ``ContractsError/topicCountMismatch(signature:expected:actual:)`` or
    ///   ``ContractsError/eventTopicMismatch(signature:expected:actual:)``.
    public static func checkTopics<Event: ContractEvent>(_ event: Event.Type, _ topics: [Hash], indexed: Int)
        throws(ContractsError)
    {
        let expected = indexed + (Event.isAnonymous ? 0 : 1)
        guard topics.count == expected else {
            throw .topicCountMismatch(signature: Event.signature, expected: expected, actual: topics.count)
        }
        if !Event.isAnonymous, topics[0] != Event.topic {
            throw .eventTopicMismatch(signature: Event.signature, expected: Event.topic, actual: topics[0])
        }
    }

    /// Decodes the indexed value of an elementary type in `topics[index]` (checked by ``checkTopics(_:_:indexed:)``
    /// to exist), with the checks of a data word.
    ///
    /// - Throws: ``ContractsError/invalidTopic(signature:index:reason:)``.
    @inlinable
    public static func decodeTopic<Event: ContractEvent, T: ABIDecodable>(
        _ event: Event.Type, _ type: T.Type, from topics: [Hash], at index: Int
    ) throws(ContractsError) -> T {
        do {
            return try ABIDecoder.decode(T.self, from: topics[index].bytes)
        } catch {
            throw .invalidTopic(signature: Event.signature, index: index, reason: error)
        }
    }

    /// Decodes a log's data (its non-indexed parameters) as the given types, strictly.
    ///
    /// - Throws: ``ContractsError/invalidEncoding(context:reason:)``.
    @inlinable
    public static func decodeLogData<Event: ContractEvent, each T: ABIDecodable>(
        _ event: Event.Type, _ types: repeat (each T).Type, from data: [UInt8]
    ) throws(ContractsError) -> (repeat each T) {
        do {
            return try ABIDecoder.decode(repeat (each T).self, from: data)
        } catch {
            throw .invalidEncoding(context: "data of a \(Event.signature) log", reason: error)
        }
    }

    /// The topic holding an indexed value of an elementary type: its ABI word.
    @inlinable
    public static func topic<T: ABIEncodable>(_ value: T) -> Hash {
        try! Hash(ABIEncoder.encode(value))
    }

    /// The topic holding an indexed value of a dynamic type (`string`, `bytes`, an array, a tuple): the Keccak-256
    /// of its elements' encodings, each padded to whole words, as the specification says (for `string` and
    /// `bytes`, simply the hash of their bytes).
    public static func hashedTopic<T: ABIEncodable>(_ value: T) -> Hash {
        try! ABIEvent.encodeTopic(value.abiValue, as: T.abiType)
    }

    /// A topic filter for `eth_getLogs`: the event's topic (unless anonymous), then one entry per indexed
    /// parameter: `nil` for any value, else the one topic wanted. Trailing wildcards are left out, as nodes treat
    /// missing positions as wildcards.
    public static func topicFilter<Event: ContractEvent>(_ event: Event.Type, _ indexed: [Hash?]) -> [[Hash]?] {
        var filter: [[Hash]?] = Event.isAnonymous ? [] : [[Event.topic]]
        for topic in indexed { filter.append(topic.map { [$0] }) }
        while let last = filter.last, last == nil { filter.removeLast() }
        return filter
    }

    /// A log's first topic, which names its event (unless the event is anonymous).
    ///
    /// - Throws: ``ContractsError/unknownEvent(topic:)`` with `nil` when the log has no topics.
    public static func eventTopic(of topics: [Hash]) throws(ContractsError) -> Hash {
        guard let first = topics.first else { throw .unknownEvent(topic: nil) }
        return first
    }

    // MARK: Custom errors

    /// Decodes revert data of `error` as the given argument types, strictly.
    ///
    /// - Throws: ``ContractsError/selectorMismatch(signature:expected:actual:)`` or
    ///   ``ContractsError/invalidEncoding(context:reason:)``.
    @inlinable
    public static func decodeError<CustomError: ContractCustomError, each T: ABIDecodable>(
        _ customError: CustomError.Type, _ types: repeat (each T).Type, from data: [UInt8]
    ) throws(ContractsError) -> (repeat each T) {
        let selector = data.count >= 4 ? try! Selector(data[0..<4]) : nil
        guard selector == CustomError.selector else {
            throw .selectorMismatch(signature: CustomError.signature, expected: CustomError.selector, actual: selector)
        }
        do {
            return try ABIDecoder.decodeCall(selector: CustomError.selector, repeat (each T).self, from: data)
        } catch {
            throw .invalidEncoding(context: "revert data of \(CustomError.signature)", reason: error)
        }
    }

    // MARK: Checks behind fields whose Swift type holds more than their ABI type

    /// Checks that a `bytesN` field has exactly `count` bytes.
    ///
    /// - Throws: ``ContractsError/wrongCount(field:type:expected:actual:)``.
    public static func checkFixedBytes(_ bytes: [UInt8], count: Int, field: String) throws(ContractsError) {
        guard bytes.count == count else {
            throw .wrongCount(field: field, type: .fixedBytes(count), expected: count, actual: bytes.count)
        }
    }

    /// Checks that a `uintN` field fits in `bits` bits.
    ///
    /// - Throws: ``ContractsError/valueOutOfRange(field:type:value:)``.
    public static func checkUnsigned(_ value: UInt256, bits: Int, field: String) throws(ContractsError) {
        guard bits >= 256 || value.leadingZeroBitCount >= 256 - bits else {
            throw .valueOutOfRange(field: field, type: .uint(bits), value: value.description)
        }
    }

    /// Checks that an `intN` field lies in `-2^(bits-1)…2^(bits-1)-1`.
    ///
    /// - Throws: ``ContractsError/valueOutOfRange(field:type:value:)``.
    public static func checkSigned(_ value: Int256, bits: Int, field: String) throws(ContractsError) {
        guard bits >= 256 || fits(value, bits: bits) else {
            throw .valueOutOfRange(field: field, type: .int(bits), value: value.description)
        }
    }

    /// True when `value` is the sign extension of its low `bits` bits.
    @usableFromInline
    static func fits(_ value: Int256, bits: Int) -> Bool {
        let pattern = UInt256(bitPattern: value)
        // The bits from `bits - 1` up must all equal the sign bit.
        let spare = 256 - bits + 1
        return value < 0 ? (~pattern).leadingZeroBitCount >= spare : pattern.leadingZeroBitCount >= spare
    }

    /// Checks that a `T[k]` field has exactly `count` elements.
    ///
    /// - Throws: ``ContractsError/wrongCount(field:type:expected:actual:)``.
    public static func checkCount<Element>(_ elements: [Element], count: Int, type: ABIType, field: String)
        throws(ContractsError)
    {
        guard elements.count == count else {
            throw .wrongCount(field: field, type: type, expected: count, actual: elements.count)
        }
    }

    /// Runs `check` on each element of an array field, naming the element `field[index]`.
    ///
    /// - Throws: what `check` throws.
    public static func checkEach<Element>(
        _ elements: [Element], field: String, _ check: (Element, String) throws(ContractsError) -> Void
    ) throws(ContractsError) {
        for (index, element) in elements.enumerated() { try check(element, "\(field)[\(index)]") }
    }
}
