import Contracts
public import EthPrimitives

/// The contracts the matchmaker works with on its chain.
public struct MeteredContracts: Sendable, Hashable {
    /// SessionEscrow: deposits go here, and it counts seconds taught and learned.
    public var escrow: Address
    /// SessionRatings: `ratingOf` for rating filters and profiles.
    public var ratings: Address
    /// SessionCredential: the credentials shown in a student's progress.
    public var credential: Address

    /// The three addresses.
    public init(escrow: Address, ratings: Address, credential: Address) {
        self.escrow = escrow
        self.ratings = ratings
        self.credential = credential
    }

    /// The local chain's deployment (chain 31337, `contracts-abi/deployments.json`).
    public static let local = MeteredContracts(
        escrow: Deployments.chain31337.sessionEscrow, ratings: Deployments.chain31337.sessionRatings,
        credential: Deployments.chain31337.sessionCredential)
}

/// The calls the matchmaker prepares for a student's wallet, encoded with the generated bindings.
public enum EscrowCalls {
    /// `SessionEscrow.deposit(tutor, token, ratePerSecond, capSeconds)` on `escrow`, sending `rate × cap` of
    /// native currency when `token` is the zero address and nothing otherwise (the escrow pulls ERC-20 tokens
    /// with `transferFrom`, which needs an allowance: see ``approve(token:spender:amount:)``).
    ///
    /// `rate × cap` must fit in 256 bits; the matchmaker checks it before (``depositAmount(ratePerSecond:capSeconds:)``).
    public static func deposit(
        escrow: Address, tutor: Address, token: Address, ratePerSecond: UInt256, capSeconds: UInt64
    ) -> PreparedCall {
        let call = SessionEscrow.Deposit(
            tutor: tutor, token: token, ratePerSecond: ratePerSecond, capSeconds: UInt256(capSeconds))
        let amount = depositAmount(ratePerSecond: ratePerSecond, capSeconds: capSeconds) ?? .max
        return PreparedCall(to: escrow, data: call.calldata, value: token == .zero ? amount : 0)
    }

    /// ERC-20 `approve(spender, amount)` on `token` (TestToken's binding; the selector is the standard one).
    public static func approve(token: Address, spender: Address, amount: UInt256) -> PreparedCall {
        PreparedCall(to: token, data: TestToken.Approve(spender: spender, amount: amount).calldata, value: 0)
    }

    /// `ratePerSecond × capSeconds`, the deposit of a session, or nil when it does not fit in 256 bits.
    public static func depositAmount(ratePerSecond: UInt256, capSeconds: UInt64) -> UInt256? {
        let (product, overflow) = ratePerSecond.multipliedReportingOverflow(by: UInt256(capSeconds))
        return overflow ? nil : product
    }
}
