import ABI
import Contracts
import EthPrimitives
import Foundation
import Testing

/// vectors/bindings/tricky.json: eth-abi's encodings of calls, results, logs, reverts and constructor arguments of
/// vectors/bindings/abi/Tricky.json, whose generated bindings (Generated/Tricky.swift, compiled in this module as a
/// user's bindings would be) must read and write the same bytes.
struct TrickyVectors: Decodable, Sendable {
    struct Call: Decodable, Sendable, CustomTestStringConvertible {
        let signature: String
        let args: [JSON]
        let calldata: String
        let results: [JSON]?
        let returnData: String?
        var testDescription: String { signature }
    }

    struct Log: Decodable, Sendable, CustomTestStringConvertible {
        let signature: String
        let args: [JSON]
        let topics: [String]
        let data: String
        var testDescription: String { signature }
    }

    struct CustomError: Decodable, Sendable, CustomTestStringConvertible {
        let signature: String
        let args: [JSON]
        let revertData: String
        var testDescription: String { signature }
    }

    struct Constructor: Decodable, Sendable {
        let args: [JSON]
        let encoded: String
    }

    let calls: [Call]
    let logs: [Log]
    let errors: [CustomError]
    let constructor: Constructor

    static let file = try! JSONDecoder().decode(
        TrickyVectors.self, from: Data(contentsOf: packageRoot.appendingPathComponent("vectors/bindings/tricky.json")))

    static let abi = try! JSONABI(
        json: String(
            contentsOf: packageRoot.appendingPathComponent("vectors/bindings/abi/Tricky.json"), encoding: .utf8))
}

func values(_ json: [JSON], _ types: [ABIType]) throws -> [ABIValue] {
    try zip(json, types).map { try ABIValue(json: $0.text, as: $1) }
}

@Suite struct TrickyBindingsTests {
    let alice = address("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")
    let bob = address("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC")

    @Test(arguments: TrickyVectors.file.calls)
    func callsAndResultsMatchEthABI(_ row: TrickyVectors.Call) throws {
        let function = try #require(TrickyVectors.abi.functions.first { $0.signature == row.signature })
        let calldata = bytes(row.calldata)
        let decoded = try Tricky.decodeFunction(calldata: calldata)
        #expect(decoded.signature == row.signature)
        #expect(decoded.call.arguments == (try values(row.args, function.inputTypes)))
        #expect(decoded.calldata == calldata)
        #expect(decoded.call.calldata == calldata)
        if let returnData = row.returnData.map(bytes), let results = row.results {
            #expect(try outputRoundTrip(decoded.call, returnData) == returnData)
            #expect(
                try ABIDecoder.decode(function.outputTypes, from: returnData) == values(results, function.outputTypes))
        }
    }

    @Test(arguments: TrickyVectors.file.logs)
    func logsMatchEthABI(_ row: TrickyVectors.Log) throws {
        let topics = row.topics.map(hash)
        let data = bytes(row.data)
        let log: any ContractEvent
        if row.signature.hasPrefix("Anon(") {
            // Anonymous: no signature topic, so only its own type reads it.
            log = try Tricky.Anon.decode(topics: topics, data: data)
            #expect(throws: ContractsError.unknownEvent(topic: topics[0])) {
                try Tricky.decodeEvent(topics: topics, data: data)
            }
        } else {
            log = try Tricky.decodeEvent(topics: topics, data: data).log
        }
        #expect(type(of: log).signature == row.signature)
        let encoded = log.encode()
        #expect(encoded.topics == topics)
        #expect(encoded.data == data)
    }

    @Test(arguments: TrickyVectors.file.errors)
    func customErrorsMatchEthABI(_ row: TrickyVectors.CustomError) throws {
        let data = bytes(row.revertData)
        guard case .custom(let error) = Tricky.decodeRevert(data) else {
            Issue.record("\(row.signature) not read as a custom error")
            return
        }
        #expect(type(of: error).signature == row.signature)
        #expect(error.revertData == data)
        #expect(ContractRevert(data: data, errors: Tricky.customErrors).data == data)
        // Without the ABI's errors it is unknown data.
        #expect(ContractRevert(data: data) == .unknown(data))
    }

    @Test func constructorArgumentsMatchEthABI() throws {
        let encoded = bytes(TrickyVectors.file.constructor.encoded)
        let constructor = try Tricky.Constructor.decode(arguments: encoded)
        #expect(constructor.name == "Book")
        #expect(constructor.cap == (UInt256(1) << 96) - 1)
        #expect(constructor.splits == [Tricky.Split(owner: alice, share: 7000), Tricky.Split(owner: bob, share: 3000)])
        #expect(constructor.encodedArguments == encoded)
        #expect(Tricky.Constructor.isPayable)
        // Trailing bytes are ignored, as a contract ignores them.
        #expect(try Tricky.Constructor.decode(arguments: encoded + [0xff]) == constructor)
    }

    // MARK: The generated API, by hand

    @Test func overloadsAreNamedAfterTheirTypes() throws {
        let short = Tricky.TransferAddressUint256(to: bob, amount: 1_000_000_000_000_000_000)
        #expect(short.calldata == bytes(TrickyVectors.file.calls[0].calldata))
        let long = Tricky.TransferAddressUint256Bytes(to: bob, amount: .max, data: Array("\0hello".utf8))
        #expect(long.calldata == bytes(TrickyVectors.file.calls[1].calldata))
        #expect(Tricky.Transfer().calldata == bytes("0x8a4068dd"))
        #expect(Tricky.TransferAddressUint256.Output.self == Bool.self)
        // The event named like a function gets `Event` after its name.
        #expect(Tricky.TransferEvent.signature == "Transfer(address,address,uint256)")
        // A function whose name is a type the bindings use gets `Call`.
        #expect(Tricky.HashCall.signature == "hash(bytes32)")
    }

    @Test func keywordsAndOddNamesAreUsable() throws {
        let call = try Tricky.Default(in: 0, for: true, selfValue: alice, protocol: "", type: [0xde, 0xad, 0xbe, 0xef])
        #expect(call.calldata == bytes(TrickyVectors.file.calls[3].calldata))
        #expect(call.in == 0 && call.for && call.protocol.isEmpty)
        #expect(
            try Tricky.Default.decodeOutput(words("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffff800000"))
                == -8_388_608)
        let named = Tricky.PrivateName(value: 1, value2: 2, _2: bob)
        #expect(try Tricky.PrivateName.decode(calldata: named.calldata) == named)
        #expect(Tricky.Execute(target: alice, calldataValue: [1]).calldataValue == [1])
        #expect(Tricky.Execute.isPayable && !Tricky.Execute.isView && Tricky.Matrix.isView)
    }

    @Test func nestedStructsBuildTheSameCalldata() throws {
        let order = Tricky.Order(
            id: 7,
            parts: [
                try Tricky.Part(who: alice, tags: [[1, 2, 3, 4], [0xaa, 0xbb, 0xcc, 0xdd]], when: 1_735_689_600),
                try Tricky.Part(
                    who: bob, tags: [[0, 0, 0, 0], [0xff, 0xff, 0xff, 0xff]], when: (UInt256(1) << 40) - 1),
            ],
            note: "two parts, é")
        let submit = try Tricky.Submit(order: order, tick: 8_388_607)
        #expect(submit.calldata == bytes(TrickyVectors.file.calls[4].calldata))
        let returnData = bytes(TrickyVectors.file.calls[4].returnData!)
        let output = try Tricky.Submit.decodeOutput(returnData)
        #expect(output.orderId == 9)
        #expect(output.results.map(\.ok) == [true, false])
        #expect(output.results[1].reason.prefix(4) == [0x08, 0xc3, 0x79, 0xa0])
        // A struct returned alone is the output itself; the ABI names it, so it is the namespace's struct.
        #expect(try Tricky.GetOrder.decodeOutput(bytes(TrickyVectors.file.calls[5].returnData!)) == order)
        #expect(Tricky.GetOrder.encodeOutput(order) == bytes(TrickyVectors.file.calls[5].returnData!))
        // One unnamed tuple result becomes a nested `Output`.
        let snapshot = try Tricky.Snapshot.decodeOutput(bytes(TrickyVectors.file.calls[6].returnData!))
        #expect(snapshot.at == .max && snapshot.total == (UInt256(1) << 128) - 1)
        // A custom error carrying the same struct.
        let rejected = Tricky.Rejected(order: order)
        #expect(rejected.revertData == bytes(TrickyVectors.file.errors[2].revertData))
        #expect(try Tricky.Rejected.decode(revertData: rejected.revertData) == rejected)
    }

    @Test func indexedDynamicValuesAreKeptAsTheirHash() throws {
        let row = TrickyVectors.file.logs[1]
        let topics = row.topics.map(hash)
        let log = try Tricky.Registered.decode(topics: topics, data: bytes(row.data))
        #expect(log.name == Tricky.Registered.nameTopic("alice"))
        #expect(log.blob == Tricky.Registered.blobTopic([0, 1]))
        #expect(log.pair == Tricky.Registered.pairTopic(Tricky.Registered.Pair(a: 255, b: true)))
        #expect(log.amount == (UInt256(1) << 96) - 1 && log.tick == -1)
        #expect(Tricky.Registered.topicFilter(name: log.name) == [[Tricky.Registered.topic], [log.name]])
        #expect(Tricky.Registered.topicFilter(blob: log.blob) == [[Tricky.Registered.topic], nil, [log.blob]])
    }

    @Test func topicFiltersOfOddTypesCheckTheirValues() throws {
        let row = TrickyVectors.file.logs[3]
        let topics = row.topics.map(hash)
        let filter = try Tricky.Moved.topicFilter(
            who: bob, when: (UInt256(1) << 40) - 1, tag: [0xca, 0xfe, 0xba, 0xbe])
        #expect(filter == topics.map { [$0] })
        #expect(try Tricky.Moved.topicFilter() == [[Tricky.Moved.topic]])
        #expect(throws: ContractsError.wrongCount(field: "tag", type: .fixedBytes(4), expected: 4, actual: 3)) {
            try Tricky.Moved.topicFilter(tag: [1, 2, 3])
        }
        #expect(
            throws: ContractsError.valueOutOfRange(field: "when", type: .uint(40), value: "1099511627776")
        ) {
            try Tricky.Moved.topicFilter(when: UInt256(1) << 40)
        }
        // Anonymous events filter on their indexed values alone.
        #expect(Tricky.Anon.topicFilter(a: 42) == [[ContractCodec.topic(UInt256(42))]])
    }

    struct CheckCase: Sendable, CustomTestStringConvertible {
        let name: String
        let make: @Sendable () throws -> Void
        let error: ContractsError
        var testDescription: String { name }
    }

    static let checkCases: [CheckCase] = [
        CheckCase(
            name: "bytes4 of 3 bytes",
            make: { _ = try Tricky.Default(in: 0, for: true, selfValue: .zero, protocol: "", type: [1, 2, 3]) },
            error: .wrongCount(field: "type", type: .fixedBytes(4), expected: 4, actual: 3)),
        CheckCase(
            name: "int24 too large",
            make: { _ = try Tricky.Submit(order: Tricky.Order(id: 1, parts: [], note: ""), tick: 8_388_608) },
            error: .valueOutOfRange(field: "tick", type: .int(24), value: "8388608")),
        CheckCase(
            name: "int24 too small",
            make: { _ = try Tricky.Submit(order: Tricky.Order(id: 1, parts: [], note: ""), tick: -8_388_609) },
            error: .valueOutOfRange(field: "tick", type: .int(24), value: "-8388609")),
        CheckCase(
            name: "uint128 too large", make: { _ = try Tricky.Snapshot.Output(at: 0, total: UInt256(1) << 128) },
            error: .valueOutOfRange(field: "total", type: .uint(128), value: "340282366920938463463374607431768211456")),
        CheckCase(
            name: "uint256[2][3] with a short row",
            make: { _ = try Tricky.Matrix(grid: [[1, 2], [3], [5, 6]], names: ["a", "b"], blobs: [], deltas: []) },
            error: .wrongCount(field: "grid[1]", type: .fixedArray(.uint(256), 2), expected: 2, actual: 1)),
        CheckCase(
            name: "uint256[2][3] with two rows",
            make: { _ = try Tricky.Matrix(grid: [[1, 2], [3, 4]], names: ["a", "b"], blobs: [], deltas: []) },
            error: .wrongCount(field: "grid", type: .fixedArray(.fixedArray(.uint(256), 2), 3), expected: 3, actual: 2)),
        CheckCase(
            name: "string[2] with three",
            make: {
                _ = try Tricky.Matrix(
                    grid: [[1, 2], [3, 4], [5, 6]], names: ["a", "b", "c"], blobs: [], deltas: [])
            },
            error: .wrongCount(field: "names", type: .fixedArray(.string, 2), expected: 2, actual: 3)),
        CheckCase(
            name: "bytes4[2] element of 5 bytes",
            make: { _ = try Tricky.Part(who: .zero, tags: [[1, 2, 3, 4], [1, 2, 3, 4, 5]], when: 0) },
            error: .wrongCount(field: "tags[1]", type: .fixedBytes(4), expected: 4, actual: 5)),
        CheckCase(
            name: "uint96 constructor argument",
            make: { _ = try Tricky.Constructor(name: "", cap: UInt256(1) << 96, splits: []) },
            error: .valueOutOfRange(field: "cap", type: .uint(96), value: "79228162514264337593543950336")),
        CheckCase(
            name: "uint40 in an event",
            make: { _ = try Tricky.Moved(who: .zero, when: UInt256(1) << 40, tag: [0, 0, 0, 0]) },
            error: .valueOutOfRange(field: "when", type: .uint(40), value: "1099511627776")),
    ]

    /// Fields whose Swift type holds more than their ABI type are checked when the value is made.
    @Test(arguments: checkCases)
    func fieldsAreChecked(_ row: CheckCase) {
        #expect(throws: row.error) { try row.make() }
    }
}
