import EthPrimitives
import Testing
import Transactions

/// The stateless rules a chain applies after decoding.
struct ChainRulesTests {
    static let to = try! Address(hex: "0x" + String(repeating: "35", count: 20))

    static func call(
        gasLimit: UInt64 = 21_000, data: [UInt8] = [], to: Address? = ChainRulesTests.to, accessList: AccessList = [],
        nonce: UInt64 = 0
    ) -> TransactionEnvelope {
        .eip1559(
            EIP1559Transaction(
                chainID: 1, nonce: nonce, maxPriorityFeePerGas: 1, maxFeePerGas: 2, gasLimit: gasLimit, to: to,
                data: data, accessList: accessList))
    }

    @Test func intrinsicGas() {
        let rules = ChainRules(chainID: 1, fork: .cancun)
        #expect(rules.intrinsicGas(of: Self.call()) == 21_000)
        #expect(rules.intrinsicGas(of: Self.call(data: [0, 1, 0, 2])) == 21_000 + 2 * 4 + 2 * 16)
        // A creation: 32000 more, and 2 per 32-byte word of code (EIP-3860): 33 bytes are 2 words.
        #expect(
            rules.intrinsicGas(of: Self.call(data: [UInt8](repeating: 1, count: 33), to: nil))
                == 21_000 + 32_000 + 33 * 16 + 2 * 2)
        let list: AccessList = [
            AccessListItem(address: Self.to, storageKeys: [.zero, .zero]), AccessListItem(address: .zero),
        ]
        #expect(rules.intrinsicGas(of: Self.call(accessList: list)) == 21_000 + 2 * 2_400 + 2 * 1_900)
    }

    @Test func pragueCalldataFloor() {
        let cancun = ChainRules(chainID: 1, fork: .cancun)
        let prague = ChainRules(chainID: 1, fork: .prague)
        let data = [UInt8](repeating: 0xff, count: 100)
        // 100 non-zero bytes: 1600 gas of data, but 400 tokens at 10 gas under EIP-7623.
        #expect(cancun.minimumGasLimit(of: Self.call(data: data)) == 21_000 + 1_600)
        #expect(prague.minimumGasLimit(of: Self.call(data: data)) == 21_000 + 4_000)
        #expect(throws: TransactionError.intrinsicGasTooLow(required: 25_000, gasLimit: 24_999)) {
            try prague.validate(Self.call(gasLimit: 24_999, data: data))
        }
        #expect(throws: Never.self) { try cancun.validate(Self.call(gasLimit: 24_999, data: data)) }
        // Without data the floor is below the intrinsic gas.
        #expect(prague.minimumGasLimit(of: Self.call()) == 21_000)
    }

    @Test func refusals() {
        let rules = ChainRules(chainID: 1)
        #expect(throws: TransactionError.intrinsicGasTooLow(required: 21_000, gasLimit: 20_999)) {
            try rules.validate(Self.call(gasLimit: 20_999))
        }
        #expect(throws: TransactionError.nonceAtMaximum) { try rules.validate(Self.call(nonce: .max)) }
        #expect(throws: Never.self) { try rules.validate(Self.call(nonce: .max - 1)) }
        let code = [UInt8](repeating: 0, count: 49_153)
        #expect(throws: TransactionError.initCodeTooLarge(size: 49_153, limit: 49_152)) {
            try rules.validate(Self.call(gasLimit: 10_000_000, data: code, to: nil))
        }
        // Large data in a call is not creation code.
        #expect(throws: Never.self) { try rules.validate(Self.call(gasLimit: 10_000_000, data: code)) }
        #expect(throws: TransactionError.wrongChainID(expected: 5, actual: 1)) {
            try ChainRules(chainID: 5).validate(Self.call())
        }
        let tip = TransactionEnvelope.eip1559(
            EIP1559Transaction(
                chainID: 1, nonce: 0, maxPriorityFeePerGas: 3, maxFeePerGas: 2, gasLimit: 21_000, to: nil))
        #expect(throws: TransactionError.priorityFeeAboveMaxFee(maxPriorityFeePerGas: 3, maxFeePerGas: 2)) {
            try rules.validate(tip)
        }
        let expensive = TransactionEnvelope.legacy(
            LegacyTransaction(chainID: 1, nonce: 0, gasPrice: .max / 2, gasLimit: 21_000, to: Self.to))
        #expect(throws: TransactionError.feeOverflow) { try rules.validate(expensive) }
        // A pre-EIP-155 transaction names no chain and passes the chain check.
        let unprotected = TransactionEnvelope.legacy(
            LegacyTransaction(chainID: nil, nonce: 0, gasPrice: 1, gasLimit: 21_000, to: Self.to))
        #expect(throws: Never.self) { try ChainRules(chainID: 31_337).validate(unprotected) }
    }
}
