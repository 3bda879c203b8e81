import EthPrimitives
import Foundation
import Testing

@testable import ABI

/// Logs: topics and data, indexed values, anonymous events and topic filters.
@Suite struct EventTests {
    let transfer = try! ABIEvent(parsing: "event Transfer(address indexed from, address indexed to, uint256 value)")
    let alice = address("0x00000000000000000000000000000000000a11ce")
    let bob = address("0x0000000000000000000000000000000000000b0b")

    func topic(_ hex: String) -> Hash { try! Hash(hex: hex) }

    @Test func decodesAnERC20Transfer() throws {
        #expect(transfer.topic == topic("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"))
        let topics = [
            transfer.topic,
            topic("0x00000000000000000000000000000000000000000000000000000000000a11ce"),
            topic("0x0000000000000000000000000000000000000000000000000000000000000b0b"),
        ]
        let data = words("00000000000000000000000000000000000000000000000000000000000003e8")
        let log = try transfer.decodeLog(topics: topics, data: data)
        #expect(log.values == [.value(.address(alice)), .value(.address(bob)), .value(.uint256(1000))])
        #expect(log["to"]?.value == .address(bob))
        #expect(log["nobody"] == nil)
        #expect(try transfer.encodeLog([.address(alice), .address(bob), .uint256(1000)]) == (topics, data))
    }

    @Test func indexedComplexValuesArriveHashed() throws {
        let event = try ABIEvent(
            parsing:
                "event Noted(string indexed note, uint8[] indexed marks, (string,uint256) indexed pair, bytes[2] indexed parts, bool ok)"
        )
        let values: [ABIValue] = [
            .string("hello"),
            .array([.uint(1, bits: 8), .uint(2, bits: 8)]),
            .tuple([.string("ab"), .uint256(5)]),
            .fixedArray([.bytes([0x61]), .bytes([])]),
            .bool(true),
        ]
        let (topics, data) = try event.encodeLog(values)
        // The specification's in-place encoding: no lengths; inside arrays and tuples, bytes and strings padded.
        let expected = [
            event.topic,
            Keccak256.hash(Array("hello".utf8)),
            Keccak256.hash(
                words(
                    """
                    0000000000000000000000000000000000000000000000000000000000000001
                    0000000000000000000000000000000000000000000000000000000000000002
                    """)),
            Keccak256.hash(
                words(
                    """
                    6162000000000000000000000000000000000000000000000000000000000000
                    0000000000000000000000000000000000000000000000000000000000000005
                    """)),
            Keccak256.hash(words("6100000000000000000000000000000000000000000000000000000000000000")),
        ]
        #expect(topics == expected)
        #expect(data == words("0000000000000000000000000000000000000000000000000000000000000001"))
        let log = try event.decodeLog(topics: topics, data: data)
        #expect(log.values == expected.dropFirst().map { ABIEventValue.hashed($0) } + [.value(.bool(true))])
    }

    @Test func anonymousEventsHaveNoSignatureTopic() throws {
        let event = try ABIEvent(parsing: "event Mark(uint256 indexed id, string note) anonymous")
        let (topics, data) = try event.encodeLog([.uint256(9), .string("n")])
        #expect(topics == [topic("0x0000000000000000000000000000000000000000000000000000000000000009")])
        #expect(try event.decodeLog(topics: topics, data: data).values == [.value(.uint256(9)), .value(.string("n"))])
        #expect(event.topicCount == 1)
    }

    @Test func refusesLogsOfOtherShapes() throws {
        let good = [
            transfer.topic, topic("0x" + String(repeating: "0", count: 64)),
            topic("0x" + String(repeating: "0", count: 64)),
        ]
        let data = words("0000000000000000000000000000000000000000000000000000000000000001")
        #expect(throws: ABIError.topicCountMismatch(expected: 3, actual: 2)) {
            try transfer.decodeLog(topics: Array(good.prefix(2)), data: data)
        }
        #expect(throws: ABIError.eventTopicMismatch(expected: transfer.topic, actual: Hash.zero)) {
            try transfer.decodeLog(topics: [Hash.zero] + good.dropFirst(), data: data)
        }
        var dirty = good
        dirty[2] = topic("0x0100000000000000000000000000000000000000000000000000000000000b0b")
        do {
            _ = try transfer.decodeLog(topics: dirty, data: data)
            Issue.record("a dirty address topic was accepted")
        } catch {
            guard case .invalidTopic(2, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
        }
        #expect(throws: ABIError.trailingBytes(offset: 32, count: 1)) {
            try transfer.decodeLog(topics: good, data: data + [0])
        }
    }

    @Test func buildsTopicFilters() throws {
        let fromEither = try transfer.topicFilter([[.address(alice), .address(bob)]])
        #expect(
            fromEither == [
                .oneOf([transfer.topic]),
                .oneOf([
                    topic("0x00000000000000000000000000000000000000000000000000000000000a11ce"),
                    topic("0x0000000000000000000000000000000000000000000000000000000000000b0b"),
                ]),
            ])
        let toBob = try transfer.topicFilter([nil, [.address(bob)]])
        #expect(toBob[1] == .any)
        #expect(toBob.count == 3)
        #expect(try transfer.topicFilter([nil, nil]) == [.oneOf([transfer.topic])])
        let json = String(decoding: try JSONEncoder().encode(toBob), as: UTF8.self)
        #expect(
            json == #"["\#(transfer.topic)",null,"0x0000000000000000000000000000000000000000000000000000000000000b0b"]"#
        )
        #expect(try JSONDecoder().decode([TopicFilter].self, from: Data(json.utf8)) == toBob)
        let either = String(decoding: try JSONEncoder().encode(fromEither), as: UTF8.self)
        #expect(try JSONDecoder().decode([TopicFilter].self, from: Data(either.utf8)) == fromEither)
        #expect(throws: ABIError.wrongCount(path: "list", expected: 2, actual: 3)) {
            try transfer.topicFilter([nil, nil, nil])
        }
        #expect(throws: ABIError.typeMismatch(path: "0", expected: .address, actual: "a uint256")) {
            try transfer.topicFilter([[.uint256(1)]])
        }
        let strings = try ABIEvent(parsing: "event Said(string indexed text)")
        #expect(
            try strings.topicFilter([[.string("hi")]]) == [.oneOf([strings.topic]), .oneOf([Keccak256.hash("hi")])])
    }

    @Test func findsEventsInAnABI() throws {
        let abi = try JSONABI(humanReadable: [
            transfer.humanReadable, "event Approval(address indexed owner, address indexed spender, uint256 value)",
        ])
        let (topics, data) = try transfer.encodeLog([.address(alice), .address(bob), .uint256(1)])
        #expect(try abi.decodeLog(topics: topics, data: data)?.event == transfer)
        #expect(try abi.decodeLog(topics: [Hash.zero], data: data) == nil)
        #expect(try abi.decodeLog(topics: [], data: data) == nil)
    }
}
