import ABI
import Contracts
import EthPrimitives
import Testing

/// What the bindings refuse, and the error each refusal is: calldata as a contract checks it, return data, logs and
/// reverts strictly.
@Suite struct DecodingRefusalTests {
    static let relayer = "00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8"

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let decode: @Sendable () throws -> Void
        let error: ContractsError
        var testDescription: String { name }
    }

    static let setRelayer = "calldata of setRelayer(address,bool)"

    static let cases: [Case] = [
        Case(
            name: "address with dirty high bits",
            decode: {
                _ = try SessionEscrow.SetRelayer.decode(
                    calldata: bytes("0xecd8dc3a")
                        + words(
                            """
                            00000000000000000000010070997970c51812dc3a010c7d01b50e0d17dc79c8
                            0000000000000000000000000000000000000000000000000000000000000001
                            """))
            },
            error: .invalidEncoding(context: setRelayer, reason: .dirtyHighBits(offset: 4, type: .address))),
        Case(
            name: "bool 2",
            decode: {
                _ = try SessionEscrow.decodeFunction(
                    calldata: bytes("0xecd8dc3a")
                        + words(
                            """
                            \(relayer)
                            0000000000000000000000000000000000000000000000000000000000000002
                            """))
            },
            error: .invalidEncoding(context: setRelayer, reason: .invalidBool(offset: 36))),
        Case(
            name: "truncated calldata",
            decode: {
                _ = try SessionEscrow.SetRelayer.decode(calldata: bytes("0xecd8dc3a") + words(relayer) + [0, 0])
            },
            error: .invalidEncoding(
                context: setRelayer, reason: .inputTooShort(offset: 4, needed: 64, available: 38))),
        Case(
            name: "uint8 of 256",
            decode: {
                _ = try SessionRatings.Rate.decode(
                    calldata: SessionRatings.Rate.selector.bytes
                        + words(
                            """
                            0000000000000000000000000000000000000000000000000000000000000001
                            0000000000000000000000000000000000000000000000000000000000000100
                            0000000000000000000000000000000000000000000000000000000000000000
                            """))
            },
            error: .invalidEncoding(
                context: "calldata of rate(uint256,uint8,bytes32)", reason: .dirtyHighBits(offset: 36, type: .uint(8)))),
        Case(
            name: "calldata of another function",
            decode: { _ = try SessionEscrow.StopSession.decode(calldata: SessionEscrow.Settle(sessionId: 1).calldata) },
            error: .selectorMismatch(
                signature: "stopSession(uint256)", expected: SessionEscrow.StopSession.selector,
                actual: SessionEscrow.Settle.selector)),
        Case(
            name: "calldata shorter than a selector",
            decode: { _ = try SessionEscrow.StopSession.decode(calldata: [0xbb, 0x4d]) },
            error: .selectorMismatch(
                signature: "stopSession(uint256)", expected: SessionEscrow.StopSession.selector, actual: nil)),
        Case(
            name: "a selector the contract does not have",
            decode: { _ = try SessionEscrow.decodeFunction(calldata: [0x12, 0x34, 0x56, 0x78]) },
            error: .unknownSelector(try! Selector(hex: "0x12345678"))),
        Case(
            name: "no selector at all",
            decode: { _ = try SessionEscrow.decodeFunction(calldata: []) },
            error: .unknownSelector(nil)),
        Case(
            name: "return data of another function (two words for one)",
            decode: {
                _ = try SessionEscrow.BillableSeconds.decodeOutput(SessionEscrow.Owed.encodeOutput(.init(_0: 1, _1: 2)))
            },
            error: .invalidEncoding(
                context: "return data of billableSeconds(uint256)", reason: .trailingBytes(offset: 32, count: 32))),
        Case(
            name: "empty return data for a result",
            decode: { _ = try TestToken.Transfer.decodeOutput([]) },
            error: .invalidEncoding(
                context: "return data of transfer(address,uint256)",
                reason: .inputTooShort(offset: 0, needed: 32, available: 0))),
        Case(
            name: "a log of another event",
            decode: {
                let (topics, data) = SessionEscrow.SessionStarted(sessionId: 1, startedAt: 2).encode()
                _ = try SessionEscrow.SessionExtended.decode(topics: topics, data: data)
            },
            error: .eventTopicMismatch(
                signature: "SessionExtended(uint256,uint256)", expected: SessionEscrow.SessionExtended.topic,
                actual: SessionEscrow.SessionStarted.topic)),
        Case(
            name: "a log with a topic too few",
            decode: {
                _ = try SessionEscrow.SessionCancelled.decode(topics: [SessionEscrow.SessionCancelled.topic], data: [])
            },
            error: .topicCountMismatch(signature: "SessionCancelled(uint256,address)", expected: 3, actual: 1)),
        Case(
            name: "an indexed address with dirty bits",
            decode: {
                _ = try SessionEscrow.SessionCancelled.decode(
                    topics: [
                        SessionEscrow.SessionCancelled.topic, ContractCodec.topic(UInt256(1)),
                        hash("0x0000000000000000000000ff70997970c51812dc3a010c7d01b50e0d17dc79c8"),
                    ], data: [])
            },
            error: .invalidTopic(
                signature: "SessionCancelled(uint256,address)", index: 2,
                reason: .dirtyHighBits(offset: 0, type: .address)
            )),
        Case(
            name: "log data with a trailing word",
            decode: {
                let (topics, data) = SessionEscrow.Settled(sessionId: 1, tutorAmount: 2, studentRefund: 3).encode()
                _ = try SessionEscrow.Settled.decode(topics: topics, data: data + [UInt8](repeating: 0, count: 32))
            },
            error: .invalidEncoding(
                context: "data of a Settled(uint256,uint256,uint256) log", reason: .trailingBytes(offset: 64, count: 32)
            )),
        Case(
            name: "a log of no event of the contract",
            decode: { _ = try SessionEscrow.decodeEvent(topics: [TestToken.TransferEvent.topic], data: []) },
            error: .unknownEvent(topic: TestToken.TransferEvent.topic)),
        Case(
            name: "a log without topics",
            decode: { _ = try SessionEscrow.decodeEvent(topics: [], data: []) },
            error: .unknownEvent(topic: nil)),
        Case(
            name: "constructor arguments that are not an address",
            decode: { _ = try SessionRatings.Constructor.decode(arguments: [UInt8](repeating: 0xff, count: 32)) },
            error: .invalidEncoding(
                context: "constructor arguments of SessionRatings", reason: .dirtyHighBits(offset: 0, type: .address))),
    ]

    @Test(arguments: cases)
    func refuses(_ row: Case) {
        #expect(throws: row.error) { try row.decode() }
    }

    @Test func returnDataIsStrictUnlessAskedOtherwise() throws {
        let data = SessionEscrow.Owed.encodeOutput(.init(_0: 1, _1: 2))
        #expect(try SessionEscrow.BillableSeconds.decodeOutput(data, mode: .lenient) == 1)
        #expect(throws: ContractsError.self) { try SessionEscrow.BillableSeconds.decodeOutput(data + [0]) }
        // A function with no results has none: any data is another function's.
        #expect(throws: ContractsError.self) { try SessionEscrow.Settle.decodeOutput([0]) }
        try SessionEscrow.Settle.decodeOutput([])
        #expect(SessionEscrow.Settle.encodeOutput(()) == [])
    }

    @Test func calldataMayCarryTrailingBytes() throws {
        let call = SessionEscrow.Settle(sessionId: 9)
        #expect(try SessionEscrow.Settle.decode(calldata: call.calldata + [1, 2, 3]) == call)
    }
}
