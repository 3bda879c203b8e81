import EthPrimitives

/// The checks a chain makes on a transaction before executing it that need no account state: the chain id, the
/// intrinsic gas, the EIP-3860 creation-code limit, the EIP-2681 nonce cap and the fee fields.
///
/// Decoding (``SignedTransaction/decode(_:)-(ArraySlice<UInt8>)``) checks that bytes are a well-formed, well-signed
/// transaction; these rules are the next layer, the one a node or a simulator applies (with the sender's nonce and
/// balance, which need state and are not here). They follow the Cancun fork (which includes Shanghai's EIP-3860),
/// or Prague, which adds EIP-7623's calldata floor.
///
/// ```swift
/// let rules = ChainRules(chainID: 1)
/// try rules.validate(tx)                        // throws TransactionError
/// let gas = rules.intrinsicGas(of: tx.transaction)
/// ```
public struct ChainRules: Hashable, Sendable {
    /// A set of protocol rules, by the name of the network upgrade that introduced it.
    public enum Fork: Sendable, Hashable, CaseIterable {
        /// Cancun (March 2024), with everything before it: EIP-155, EIP-2028 calldata costs, EIP-2930 access
        /// lists, EIP-1559 fees, EIP-3860 creation code limits.
        case cancun
        /// Prague (May 2025): Cancun plus EIP-7623, a minimum charge per calldata token.
        case prague
    }

    /// The chain the rules belong to: EIP-155 and typed transactions for another chain are refused.
    public var chainID: UInt64
    /// The fork whose rules apply.
    public var fork: Fork
    /// The longest creation code accepted, in bytes (EIP-3860: twice the 24576-byte code limit).
    public var maxInitCodeSize: Int

    /// The rules of `chainID` at `fork`.
    public init(chainID: UInt64, fork: Fork = .prague, maxInitCodeSize: Int = 49_152) {
        self.chainID = chainID
        self.fork = fork
        self.maxInitCodeSize = maxInitCodeSize
    }

    /// The gas every transaction pays.
    public static let baseGas: UInt64 = 21_000
    /// The extra gas of a contract creation (Homestead).
    public static let creationGas: UInt64 = 32_000
    /// The gas of each zero byte of data.
    public static let zeroByteGas: UInt64 = 4
    /// The gas of each non-zero byte of data (EIP-2028).
    public static let nonZeroByteGas: UInt64 = 16
    /// The gas of each access list address (EIP-2930).
    public static let accessListAddressGas: UInt64 = 2_400
    /// The gas of each access list storage key (EIP-2930).
    public static let accessListStorageKeyGas: UInt64 = 1_900
    /// The gas of each 32-byte word of creation code (EIP-3860).
    public static let initCodeWordGas: UInt64 = 2
    /// The minimum gas per calldata token under Prague (EIP-7623; a zero byte is one token, another byte four).
    public static let floorGasPerToken: UInt64 = 10

    /// The gas a transaction costs before any code runs: the base cost, its data, its access list and, for a
    /// creation, the creation surcharge and the creation code's words.
    public func intrinsicGas(of transaction: TransactionEnvelope) -> UInt64 {
        let data = transaction.data
        let zeros = UInt64(data.count(where: { $0 == 0 }))
        let nonZeros = UInt64(data.count) - zeros
        var gas = Self.baseGas + zeros * Self.zeroByteGas + nonZeros * Self.nonZeroByteGas
        if transaction.isContractCreation {
            gas += Self.creationGas + Self.initCodeWordGas * ((UInt64(data.count) + 31) / 32)
        }
        let accessList = transaction.accessList
        gas += UInt64(accessList.count) * Self.accessListAddressGas
        gas += UInt64(accessList.storageKeyCount) * Self.accessListStorageKeyGas
        return gas
    }

    /// The least gas limit the transaction needs: its intrinsic gas, or under Prague the EIP-7623 calldata floor
    /// (`21000 + 10 * tokens`) when that is higher.
    public func minimumGasLimit(of transaction: TransactionEnvelope) -> UInt64 {
        let intrinsic = intrinsicGas(of: transaction)
        guard fork == .prague else { return intrinsic }
        let data = transaction.data
        let zeros = UInt64(data.count(where: { $0 == 0 }))
        let tokens = zeros + 4 * (UInt64(data.count) - zeros)
        return max(intrinsic, Self.baseGas + Self.floorGasPerToken * tokens)
    }

    /// Checks the transaction against the rules, in the order a node does.
    ///
    /// - Throws: ``TransactionError/wrongChainID(expected:actual:)`` (a pre-EIP-155 transaction names no chain
    ///   and passes), ``TransactionError/nonceAtMaximum``, ``TransactionError/initCodeTooLarge(size:limit:)``,
    ///   ``TransactionError/priorityFeeAboveMaxFee(maxPriorityFeePerGas:maxFeePerGas:)``,
    ///   ``TransactionError/feeOverflow`` or ``TransactionError/intrinsicGasTooLow(required:gasLimit:)``.
    public func validate(_ transaction: SignedTransaction) throws(TransactionError) {
        try validate(transaction.transaction)
    }

    /// The same checks on an unsigned transaction (before signing it, say).
    ///
    /// - Throws: as ``validate(_:)-(SignedTransaction)``.
    public func validate(_ transaction: TransactionEnvelope) throws(TransactionError) {
        if let actual = transaction.chainID, actual != chainID {
            throw .wrongChainID(expected: chainID, actual: actual)
        }
        guard transaction.nonce < UInt64.max else { throw .nonceAtMaximum }
        if transaction.isContractCreation, transaction.data.count > maxInitCodeSize {
            throw .initCodeTooLarge(size: transaction.data.count, limit: maxInitCodeSize)
        }
        if case .eip1559(let tx) = transaction, tx.maxPriorityFeePerGas > tx.maxFeePerGas {
            throw .priorityFeeAboveMaxFee(
                maxPriorityFeePerGas: tx.maxPriorityFeePerGas, maxFeePerGas: tx.maxFeePerGas)
        }
        guard !UInt256(transaction.gasLimit).multipliedReportingOverflow(by: transaction.maxPricePerGas).overflow
        else { throw .feeOverflow }
        let required = minimumGasLimit(of: transaction)
        guard transaction.gasLimit >= required else {
            throw .intrinsicGasTooLow(required: required, gasLimit: transaction.gasLimit)
        }
    }
}
