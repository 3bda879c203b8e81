import EthPrimitives

/// One entry of an EIP-2930 access list: `{"address", "storageKeys": [...]}`.
public struct AccessListEntry: Sendable, Hashable, Codable {
    /// The account the transaction will touch.
    public var address: Address
    /// The storage slots of that account it will touch.
    public var storageKeys: [Hash]

    /// An entry for these slots of `address`.
    public init(address: Address, storageKeys: [Hash]) {
        self.address = address
        self.storageKeys = storageKeys
    }
}

/// The transaction object of `eth_call`, `eth_estimateGas` and `eth_sendTransaction` (the specification's
/// `GenericTransaction`): every field optional, quantities strict.
///
/// The call data is read from `input` or from its older name `data`; when both are given they must be equal, as geth
/// requires. It is written as `input`, the specification's name, which geth, anvil, Erigon and Besu all read. `to`
/// absent or null means contract creation. Fields this type does not know (blob and authorization fields) are
/// ignored when reading.
public struct TransactionRequest: Sendable, Hashable, Codable {
    /// The sender.
    public var from: Address?
    /// The recipient; nil to create a contract.
    public var to: Address?
    /// The gas limit.
    public var gas: UInt64?
    /// The legacy gas price, in wei.
    public var gasPrice: UInt256?
    /// The EIP-1559 fee cap, in wei per gas.
    public var maxFeePerGas: UInt256?
    /// The EIP-1559 priority fee cap, in wei per gas.
    public var maxPriorityFeePerGas: UInt256?
    /// The value sent, in wei.
    public var value: UInt256?
    /// The call data (`input`, or `data`).
    public var input: HexBytes?
    /// The sender's nonce.
    public var nonce: UInt64?
    /// The EIP-2930 access list.
    public var accessList: [AccessListEntry]?
    /// The transaction type (0 legacy, 1 EIP-2930, 2 EIP-1559, …).
    public var type: UInt64?
    /// The chain id.
    public var chainID: UInt64?

    /// A request with the given fields; those left out are absent.
    public init(
        from: Address? = nil, to: Address? = nil, gas: UInt64? = nil, gasPrice: UInt256? = nil,
        maxFeePerGas: UInt256? = nil, maxPriorityFeePerGas: UInt256? = nil, value: UInt256? = nil,
        input: HexBytes? = nil, nonce: UInt64? = nil, accessList: [AccessListEntry]? = nil, type: UInt64? = nil,
        chainID: UInt64? = nil
    ) {
        self.from = from
        self.to = to
        self.gas = gas
        self.gasPrice = gasPrice
        self.maxFeePerGas = maxFeePerGas
        self.maxPriorityFeePerGas = maxPriorityFeePerGas
        self.value = value
        self.input = input
        self.nonce = nonce
        self.accessList = accessList
        self.type = type
        self.chainID = chainID
    }

    private enum CodingKeys: String, CodingKey {
        case from, to, gas, gasPrice, maxFeePerGas, maxPriorityFeePerGas, value, input, data, nonce, accessList, type
        case chainID = "chainId"
    }

    /// Decodes the object, accepting `input` and `data` for the call data.
    ///
    /// - Throws: `DecodingError` for a malformed field, or `dataCorrupted` when `input` and `data` differ.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        from = try c.decodeIfPresent(Address.self, forKey: .from)
        to = try c.decodeIfPresent(Address.self, forKey: .to)
        gas = try c.decodeQuantityIfPresent(UInt64.self, forKey: .gas)
        gasPrice = try c.decodeQuantityIfPresent(UInt256.self, forKey: .gasPrice)
        maxFeePerGas = try c.decodeQuantityIfPresent(UInt256.self, forKey: .maxFeePerGas)
        maxPriorityFeePerGas = try c.decodeQuantityIfPresent(UInt256.self, forKey: .maxPriorityFeePerGas)
        value = try c.decodeQuantityIfPresent(UInt256.self, forKey: .value)
        let input = try c.decodeIfPresent(HexBytes.self, forKey: .input)
        let data = try c.decodeIfPresent(HexBytes.self, forKey: .data)
        if let input, let data, input != data {
            throw DecodingError.dataCorruptedError(
                forKey: .data, in: c,
                debugDescription: "transaction: both \"data\" and \"input\" are set and differ; send only \"input\"")
        }
        self.input = input ?? data
        nonce = try c.decodeQuantityIfPresent(UInt64.self, forKey: .nonce)
        accessList = try c.decodeIfPresent([AccessListEntry].self, forKey: .accessList)
        type = try c.decodeQuantityIfPresent(UInt64.self, forKey: .type)
        chainID = try c.decodeQuantityIfPresent(UInt64.self, forKey: .chainID)
    }

    /// Encodes the fields that are set; the call data as `input`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(from, forKey: .from)
        try c.encodeIfPresent(to, forKey: .to)
        try c.encodeQuantityIfPresent(gas, forKey: .gas)
        try c.encodeQuantityIfPresent(gasPrice, forKey: .gasPrice)
        try c.encodeQuantityIfPresent(maxFeePerGas, forKey: .maxFeePerGas)
        try c.encodeQuantityIfPresent(maxPriorityFeePerGas, forKey: .maxPriorityFeePerGas)
        try c.encodeQuantityIfPresent(value, forKey: .value)
        try c.encodeIfPresent(input, forKey: .input)
        try c.encodeQuantityIfPresent(nonce, forKey: .nonce)
        try c.encodeIfPresent(accessList, forKey: .accessList)
        try c.encodeQuantityIfPresent(type, forKey: .type)
        try c.encodeQuantityIfPresent(chainID, forKey: .chainID)
    }
}

/// The object of `eth_call` and `eth_estimateGas`: the same as ``TransactionRequest``.
public typealias CallRequest = TransactionRequest
