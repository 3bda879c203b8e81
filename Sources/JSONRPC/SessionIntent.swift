public import EthPrimitives

/// What the heartbeat service asks the relayer to do for one escrow session.
///
/// The seam between the services: the heartbeat hands intents to an ``IntentSink``; the relayer implements it (in
/// process under `metered up`, or over its HTTP face, `POST /v1/intents`, when deployed apart).
public struct SessionIntent: Sendable, Hashable, Codable {
    /// The escrow call an intent becomes.
    public enum Action: String, Sendable, Hashable, Codable, CaseIterable {
        /// `startSession(sessionId)`: both participants are present.
        case start
        /// `stopSessionAt(sessionId, endedAt)`: a participant dropped; bill up to the last moment both were seen.
        case stopAt
        /// `settle(sessionId)`: the cap is reached.
        case settle
        /// `cancelSession(sessionId)`: a funded session that never started.
        case cancel
    }

    /// The escrow call to make.
    public var action: Action
    /// The escrow's session id.
    public var sessionID: UInt256
    /// For ``Action/stopAt``: the unix time to end the session at; nil for the other actions.
    public var endedAt: UInt64?

    /// An intent. `endedAt` must be given for ``Action/stopAt`` and only for it (checked by ``validate()``).
    public init(action: Action, sessionID: UInt256, endedAt: UInt64? = nil) {
        self.action = action
        self.sessionID = sessionID
        self.endedAt = endedAt
    }

    /// `sessionId:action`: the same intent submitted twice is one intent.
    public var idempotencyKey: String { "\(sessionID):\(action.rawValue)" }

    /// A one-line reason when the intent is malformed (`endedAt` missing for `stopAt` or given for another
    /// action), nil when it is well formed.
    public func validate() -> String? {
        switch (action, endedAt) {
        case (.stopAt, nil): return "intent: stopAt needs endedAt"
        case (.stopAt, _), (_, nil): return nil
        case (_, .some): return "intent: endedAt is only for stopAt, not \(action.rawValue)"
        }
    }

    private enum CodingKeys: String, CodingKey {
        case action
        case sessionID = "sessionId"
        case endedAt
    }
}

/// Where intents go: implemented by the relayer (its durable outbox), or by a client of its HTTP face.
public protocol IntentSink: Sendable {
    /// Records the intent durably and returns once it is committed; submitting an intent with the same
    /// ``SessionIntent/idempotencyKey`` again is harmless and returns the same key.
    ///
    /// - Returns: the intent's idempotency key.
    /// - Throws: when the intent is malformed or could not be committed (nothing was recorded then).
    func submit(_ intent: SessionIntent) async throws -> String
}
