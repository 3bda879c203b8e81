import Contracts
import EthPrimitives
public import JSONRPC

extension SessionIntent {
    /// The escrow call this intent becomes, as calldata from the generated `SessionEscrow` bindings:
    /// `startSession(sessionId)`, `stopSessionAt(sessionId, endedAt)`, `settle(sessionId)` or
    /// `cancelSession(sessionId)`.
    ///
    /// A `stopAt` without `endedAt` is refused before it reaches the outbox (``validate()``); here it would encode
    /// `endedAt = 0`, which the escrow refuses (`escrow: ended before start`).
    public var escrowCalldata: [UInt8] {
        switch action {
        case .start: SessionEscrow.StartSession(sessionId: sessionID).calldata
        case .stopAt: SessionEscrow.StopSessionAt(sessionId: sessionID, endedAt: UInt256(endedAt ?? 0)).calldata
        case .settle: SessionEscrow.Settle(sessionId: sessionID).calldata
        case .cancel: SessionEscrow.CancelSession(sessionId: sessionID).calldata
        }
    }
}
