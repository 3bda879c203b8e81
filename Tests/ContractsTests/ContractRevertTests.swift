import ABI
import Contracts
import EthPrimitives
import Testing

@Suite struct ContractRevertTests {
    static let errorSelector: [UInt8] = [0x08, 0xc3, 0x79, 0xa0]
    static let panicSelector: [UInt8] = [0x4e, 0x48, 0x7b, 0x71]

    @Test(arguments: [
        (
            errorSelector
                + words(
                    """
                    0000000000000000000000000000000000000000000000000000000000000020
                    0000000000000000000000000000000000000000000000000000000000000012
                    657363726f773a206e6f74206163746976650000000000000000000000000000
                    """),
            ContractRevert.error("escrow: not active"), "reverted: escrow: not active"
        ),
        (
            panicSelector + words("0000000000000000000000000000000000000000000000000000000000000011"),
            .panic(17), "panic 0x11: arithmetic overflow or underflow"
        ),
        ([], .bare, "reverted without data"),
        ([0x08, 0xc3, 0x79], .unknown([0x08, 0xc3, 0x79]), "reverted with unknown data 0x08c379"),
        ([0x12, 0x34, 0x56, 0x78], .unknown([0x12, 0x34, 0x56, 0x78]), "reverted with unknown data 0x12345678"),
        // Error(string) whose string runs past the end: kept as bytes.
        (
            errorSelector + words("0000000000000000000000000000000000000000000000000000000000000020"),
            .unknown(errorSelector + words("0000000000000000000000000000000000000000000000000000000000000020")),
            "reverted with unknown data 0x08c379a00000000000000000000000000000000000000000000000000000000000000020"
        ),
    ])
    func readsRevertData(data: [UInt8], expected: ContractRevert, description: String) {
        let revert = ContractRevert(data: data)
        #expect(revert == expected)
        #expect(revert.description == description)
        #expect(revert.data == data)
        #expect(ContractRevert(data: revert.data) == revert)
    }

    @Test func readsCustomErrorsItIsGiven() throws {
        let error = Tricky.InsufficientBalance(available: 5, required: 10)
        let revert = ContractRevert(data: error.revertData, errors: Tricky.customErrors)
        guard case .custom(let custom) = revert else {
            Issue.record("\(revert) is not a custom error")
            return
        }
        #expect(custom as? Tricky.InsufficientBalance == error)
        #expect(revert.description == "reverted with InsufficientBalance(available: 5, required: 10)")
        #expect(revert == ContractRevert(data: error.revertData, errors: Tricky.customErrors))
        #expect(revert != .unknown(error.revertData))
        #expect(revert.reason == nil)
        var hashes = Set<ContractRevert>([revert, .bare, .error("x"), .unknown([1])])
        hashes.insert(ContractRevert(data: error.revertData, errors: [Tricky.InsufficientBalance.self]))
        #expect(hashes.count == 4)
        // The same bytes read as another error type with the same shape are not equal.
        #expect(ContractRevert(data: Tricky.Unauthorized().revertData, errors: Tricky.customErrors) != revert)
        // A custom error whose arguments do not decode is unknown data.
        let broken = Array(error.revertData.dropLast())
        #expect(ContractRevert(data: broken, errors: Tricky.customErrors) == .unknown(broken))
    }

    @Test func errorsAndPanicsAreNotCustom() {
        #expect(ContractRevert.error("x") != .unknown(ContractRevert.error("x").data))
        #expect(ContractRevert.panic(1).description == "panic 0x1: assertion failed")
        #expect(ContractRevert.panic(0x99).description == "panic 0x99 (unknown code)")
    }
}
