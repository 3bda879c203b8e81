import ABI
import EthPrimitives
import Testing

/// Revert data: `Error(string)`, `Panic(uint256)` and custom errors.
@Suite struct RevertTests {
    @Test func decodesErrorString() throws {
        // require(false, "Not enough Ether provided.") as the Solidity documentation shows it.
        let data = words(
            """
            08c379a0
            0000000000000000000000000000000000000000000000000000000000000020
            000000000000000000000000000000000000000000000000000000000000001a
            4e6f7420656e6f7567682045746865722070726f76696465642e000000000000
            """)
        let reason = try RevertReason(decoding: data)
        #expect(reason == .error("Not enough Ether provided."))
        #expect(reason.description == "reverted: Not enough Ether provided.")
        #expect(try ABICustomError.errorString.encode([.string("Not enough Ether provided.")]) == data)
    }

    @Test(arguments: [
        (0x00, "generic compiler-inserted panic"),
        (0x01, "assertion failed"),
        (0x11, "arithmetic overflow or underflow"),
        (0x12, "division or modulo by zero"),
        (0x21, "conversion of an out-of-range value to an enum"),
        (0x22, "access to an incorrectly encoded storage byte array"),
        (0x31, "pop() on an empty array"),
        (0x32, "array index out of bounds"),
        (0x41, "too much memory allocated, or an array too large"),
        (0x51, "call to a zero-initialized variable of internal function type"),
    ])
    func decodesPanics(code: UInt64, meaning: String) throws {
        let data = try ABICustomError.panic.encode([.uint256(UInt256(code))])
        #expect(Array(data.prefix(4)) == [0x4e, 0x48, 0x7b, 0x71])
        let reason = try RevertReason(decoding: data)
        #expect(reason == .panic(PanicCode(UInt256(code))))
        guard case .panic(let panic) = reason else { return }
        #expect(panic.meaning == meaning)
        #expect(panic.description == "panic \(UInt256(code).hexQuantity): \(meaning)")
    }

    @Test func unknownPanicCodesSaySo() {
        #expect(PanicCode(0x99).meaning == nil)
        #expect(PanicCode(0x99).description == "panic 0x99 (unknown code)")
        #expect(PanicCode(UInt256(1) << 200).meaning == nil)
    }

    @Test func decodesCustomErrors() throws {
        let abi = try JSONABI(humanReadable: ["error InsufficientBalance(uint256 available, uint256 required)"])
        let error = abi.errors[0]
        let data = try error.encode([.uint256(5), .uint256(10)])
        #expect(
            data
                == words(
                    """
                    cf479181
                    0000000000000000000000000000000000000000000000000000000000000005
                    000000000000000000000000000000000000000000000000000000000000000a
                    """))
        let reason = try abi.decodeRevert(data)
        #expect(reason == .custom(error, [.uint256(5), .uint256(10)]))
        #expect(reason.description == "InsufficientBalance(5, 10)")
        // Without the ABI it is unrecognized, not an error.
        #expect(try RevertReason(decoding: data) == .unrecognized(data))
    }

    @Test func emptyAndShortData() throws {
        #expect(try RevertReason(decoding: []) == .empty)
        #expect(try RevertReason(decoding: []).description == "reverted without data")
        #expect(try RevertReason(decoding: [0x08, 0xc3]) == .unrecognized([0x08, 0xc3]))
        #expect(try RevertReason(decoding: [0x08, 0xc3]).description == "unrecognized revert data 0x08c3")
    }

    @Test func malformedKnownErrorsThrow() {
        #expect(throws: ABIError.inputTooShort(offset: 4, needed: 32, available: 6)) {
            try RevertReason(decoding: [0x08, 0xc3, 0x79, 0xa0, 0x00, 0x00])
        }
        let badUTF8 = words(
            """
            08c379a0
            0000000000000000000000000000000000000000000000000000000000000020
            0000000000000000000000000000000000000000000000000000000000000001
            ff00000000000000000000000000000000000000000000000000000000000000
            """)
        #expect(throws: ABIError.invalidUTF8(offset: 36)) { try RevertReason(decoding: badUTF8) }
    }
}
