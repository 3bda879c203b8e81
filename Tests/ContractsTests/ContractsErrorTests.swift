import ABI
import Contracts
import EthPrimitives
import Testing

@Suite struct ContractsErrorTests {
    static let selector = try! Selector(hex: "0x4c6de72d")
    static let topic = hash("0x321f57f44af402708b8b3bad0bd10012cd568d8696946e26edeb86178bb7c27e")

    static let cases: [(ContractsError, String)] = [
        (
            ContractsError.unknownSelector(selector),
            "contracts: the selector 0x4c6de72d is no function of this contract (check the address and the ABI)"
        ),
        (
            .unknownSelector(nil),
            "contracts: the calldata is shorter than a 4-byte selector, so it calls no function (a plain transfer)"
        ),
        (
            .selectorMismatch(
                signature: "settle(uint256)", expected: try! Selector(hex: "0x8df82800"), actual: selector),
            "contracts: the data starts with 0x4c6de72d, not 0x8df82800 of settle(uint256)"
        ),
        (
            .selectorMismatch(signature: "settle(uint256)", expected: try! Selector(hex: "0x8df82800"), actual: nil),
            "contracts: the data is shorter than the selector 0x8df82800 of settle(uint256)"
        ),
        (
            .invalidEncoding(context: "calldata of flag(bool)", reason: .invalidBool(offset: 4)),
            "contracts: the calldata of flag(bool) is malformed: the bool word at byte 4 is neither 0 nor 1"
        ),
        (
            .topicCountMismatch(signature: "Settled(uint256,uint256,uint256)", expected: 2, actual: 1),
            "contracts: a Settled(uint256,uint256,uint256) log has 2 topics, this one has 1"
        ),
        (
            .eventTopicMismatch(signature: "Settled(uint256,uint256,uint256)", expected: topic, actual: .zero),
            """
            contracts: the log's first topic 0x0000000000000000000000000000000000000000000000000000000000000000 is \
            not 0x321f57f44af402708b8b3bad0bd10012cd568d8696946e26edeb86178bb7c27e, the hash of \
            Settled(uint256,uint256,uint256)
            """
        ),
        (
            .invalidTopic(signature: "E(address)", index: 1, reason: .dirtyHighBits(offset: 0, type: .address)),
            """
            contracts: topic 1 of the E(address) log is malformed: the address word at byte 0 has non-zero bits \
            above its width
            """
        ),
        (
            .unknownEvent(topic: topic),
            """
            contracts: the log's first topic 0x321f57f44af402708b8b3bad0bd10012cd568d8696946e26edeb86178bb7c27e is \
            no event of this contract (check the emitter and the ABI)
            """
        ),
        (
            .unknownEvent(topic: nil),
            "contracts: the log has no topics, so it names no event (anonymous events are decoded by their own type)"
        ),
        (
            .valueOutOfRange(field: "tick", type: .int(24), value: "8388608"),
            "contracts: tick is 8388608, which does not fit in int24"
        ),
        (
            .wrongCount(field: "tags[1]", type: .fixedBytes(4), expected: 4, actual: 5),
            "contracts: tags[1] must have exactly 4 bytes for bytes4, not 5"
        ),
        (
            .wrongCount(field: "grid", type: .fixedArray(.uint(256), 3), expected: 3, actual: 2),
            "contracts: grid must have exactly 3 elements for uint256[3], not 2"
        ),
    ]

    @Test(arguments: cases)
    func describesItself(error: ContractsError, description: String) {
        #expect(error.description == description)
    }
}
