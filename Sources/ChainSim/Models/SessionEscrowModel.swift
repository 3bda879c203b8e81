import Contracts
public import EthPrimitives

/// The Swift model of `contracts/SessionEscrow.vy`: holds a student's money for a live call and pays the tutor only
/// for the seconds both were in it.
///
/// It follows the Vyper contract rule by rule and in the same order (docs/contracts.md, "Who may call what"): the
/// same `escrow: …` revert reasons, the same events in the same order, settlement in the stopping transaction with
/// each payment pushed with exactly 100,000 gas (`PUSH_GAS`) and credited to `withdrawable` when the push fails,
/// ERC-20 deposits pulled with `transferFrom` through nested calls to the token (whose own revert data passes
/// through) and checked against the escrow's balance before and after. Every state-changing function holds the
/// contract-wide reentrancy lock: a re-entrant call into any of them while the escrow is already executing reverts
/// with empty data, as do unknown selectors, plain payments, value sent to a non-payable function and calldata that
/// does not decode. Views answer during a push and see the final state, because the model writes its storage before
/// every external call.
public enum SessionEscrowModel: ContractModel {
    /// A session's status, as `getSession` reports it.
    public enum Status: UInt8, Sendable, Hashable, CaseIterable {
        /// No session has this id.
        case none = 0
        /// Deposited, not started.
        case funded = 1
        /// Started: billing runs.
        case active = 2
        /// Stopped and paid.
        case settled = 3
        /// Cancelled before the start: the deposit went back to the student.
        case cancelled = 4
    }

    /// The stored record of one session (the contract's `Record`; `tutorPaid` and `studentRefunded` are derived).
    public struct Session: Sendable, Hashable {
        /// Who deposited.
        public internal(set) var student: Address
        /// Who is paid for the time.
        public internal(set) var tutor: Address
        /// The token, the zero address for native currency.
        public internal(set) var token: Address
        /// The price of one second, in the token's smallest unit.
        public internal(set) var ratePerSecond: UInt256
        /// The most seconds billed, extensions included.
        public internal(set) var capSeconds: UInt256
        /// The deposit's block time.
        public internal(set) var openedAt: UInt256
        /// The start's block time, 0 before.
        public internal(set) var startedAt: UInt256
        /// Where billing ended (never after `startedAt + capSeconds`), 0 before.
        public internal(set) var endedAt: UInt256
        /// Where the session is in its life.
        public internal(set) var status: Status

        /// Everything the student deposited: `ratePerSecond × capSeconds` (it fits: the contract checks it).
        public var deposit: UInt256 { ratePerSecond &* capSeconds }

        /// `(tutorPaid, studentRefunded)`: what settlement or cancellation gave each side, `(0, 0)` before.
        public var payout: (tutorPaid: UInt256, studentRefunded: UInt256) {
            switch status {
            case .settled:
                let paid = (endedAt &- startedAt) &* ratePerSecond
                return (paid, deposit &- paid)
            case .cancelled: return (.zero, deposit)
            case .none, .funded, .active: return (.zero, .zero)
            }
        }

        /// The contract's `_billable` at `now`: Active `min(now, startedAt + capSeconds) − startedAt`, Settled
        /// `endedAt − startedAt`, otherwise 0.
        ///
        /// - Throws: a bare revert when `now` is before `startedAt` (the contract's checked subtraction).
        func billable(at now: UInt256) throws(Revert) -> UInt256 {
            switch status {
            case .active: return try Swift.min(now, try startedAt.adding(capSeconds)).subtracting(startedAt)
            case .settled: return try endedAt.subtracting(startedAt)
            case .none, .funded, .cancelled: return .zero
            }
        }

        static let empty = Session(
            student: .zero, tutor: .zero, token: .zero, ratePerSecond: .zero, capSeconds: .zero, openedAt: .zero,
            startedAt: .zero, endedAt: .zero, status: .none)
    }

    /// The key of a credit: who may withdraw it, in which token.
    public struct Credit: Sendable, Hashable {
        /// The credited account.
        public var account: Address
        /// The token, the zero address for native currency.
        public var token: Address

        /// The credit of `account` in `token`.
        public init(account: Address, token: Address) {
            self.account = account
            self.token = token
        }
    }

    /// The escrow's storage: every storage variable of the contract. Zero entries are absent.
    public struct Storage: Sendable, Hashable {
        /// `owner()`: who manages the relayer set.
        public internal(set) var owner: Address
        /// `nextSessionId()`: the id the next deposit gets (from 1).
        public internal(set) var nextSessionId: UInt256
        /// Every session that exists, by id.
        public internal(set) var sessions: ModelMap<UInt256, Session> = [:]
        /// The enabled relayers.
        public internal(set) var relayers: Set<Address> = []
        /// `withdrawable(account, token)`: what failed pushes credited.
        public internal(set) var credits: ModelMap<Credit, UInt256> = [:]
        /// `secondsLearned(student)`: billed seconds of every settled session a student paid for.
        public internal(set) var secondsLearned: ModelMap<Address, UInt256> = [:]
        /// `secondsTaught(tutor)`: billed seconds of every settled session a tutor was paid for.
        public internal(set) var secondsTaught: ModelMap<Address, UInt256> = [:]

        /// The storage the constructor sets up: `owner` the deployer, the first session id 1.
        public init(owner: Address) {
            self.owner = owner
            self.nextSessionId = .one
        }

        /// The record of `sessionId`, all zeros (status `.none`) for an unknown id.
        public func session(_ sessionId: UInt256) -> Session { sessions[sessionId] ?? .empty }

        /// What the escrow owes in `token` (the zero address for native currency): the deposits of Funded and
        /// Active sessions plus every credit. The escrow's balance of the token equals it exactly unless someone
        /// sent it money without a session.
        public func liabilities(in token: Address) -> UInt256 {
            var total = UInt256.zero
            for session in sessions.values where session.token == token {
                if session.status == .funded || session.status == .active { total &+= session.deposit }
            }
            for (credit, amount) in credits where credit.token == token { total &+= amount }
            return total
        }

        mutating func setCredit(_ amount: UInt256, account: Address, token: Address) {
            credits[Credit(account: account, token: token)] = amount.isZero ? nil : amount
        }

        func credit(account: Address, token: Address) -> UInt256 {
            credits[Credit(account: account, token: token)] ?? .zero
        }
    }

    /// "SessionEscrow".
    public static let name = "SessionEscrow"

    /// Gas a pushed payment gets (`PUSH_GAS`).
    public static let pushGas: UInt64 = 100_000
    /// Gas that must remain before a push (`PUSH_GAS_RESERVE`), else `escrow: gas too low for push`.
    public static let pushGasReserve: UInt64 = pushGas + pushGas / 63 + 40_000
    /// The largest `capSeconds`, extensions included (`MAX_CAP_SECONDS`).
    public static let maxCapSeconds = UInt256(UInt64.max)

    /// Why a session stopped, the `reason` of `SessionStopped`.
    public enum StopReason: UInt8, Sendable, Hashable, CaseIterable {
        /// The student stopped it.
        case student = 0
        /// The tutor stopped it.
        case tutor = 1
        /// A relayer stopped it at the last moment both peers were seen (a disconnect).
        case relayer = 2
        /// The cap ended billing (whoever stopped it).
        case cap = 3
    }

    /// Recognises `SessionEscrow.creationCode` (no constructor arguments; bytes after the code are ignored) and
    /// sets up the storage with the deployer as the owner.
    public static func deploy(initCode: [UInt8], deployer: Address, block: BlockContext) throws(Revert) -> (
        storage: Storage, runtimeCode: [UInt8]
    )? {
        let constructor: SessionEscrow.Constructor?
        do {
            constructor = try SessionEscrow.decodeConstructorArguments(initCode)
        } catch {
            throw .bare
        }
        guard constructor != nil else { return nil }
        return (Storage(owner: deployer), SessionEscrow.runtimeCode)
    }

    /// The constructor refuses value, writes `owner` and `nextSessionId` and logs
    /// `OwnershipTransferred(0x0, deployer)`.
    public static func constructorEffects(_ message: Message, host: inout some Host) throws(Revert) {
        if !message.value.isZero { throw .bare }
        try host.chargeReads(2)
        try host.chargeWrite(from: Address.zero, to: message.caller)
        try host.chargeWrite(from: UInt256.zero, to: .one)
        try host.log(
            SessionEscrow.OwnershipTransferred(previousOwner: .zero, newOwner: message.caller), from: message.callee)
    }

    /// Runs one call to the escrow.
    public static func execute(_ message: Message, host: inout some Host) throws(Revert) -> [UInt8] {
        let function = try decodeCall(message.input, with: SessionEscrow.decodeFunction(calldata:))
        var escrow = Frame(
            storage: try host.modelStorage(Storage.self, at: message.callee), message: message,
            now: UInt256(host.block.timestamp))
        switch function {
        case .deposit(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try escrow.lock(&host)
                return try escrow.deposit(call, &host)
            }
        case .extendSession(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try escrow.lock(&host)
                try escrow.extend(call, &host)
            }
        case .startSession(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try escrow.lock(&host)
                try escrow.start(call, &host)
            }
        case .stopSession(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try escrow.lock(&host)
                try escrow.stop(call, &host)
            }
        case .stopSessionAt(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try escrow.lock(&host)
                try escrow.stopAt(call, &host)
            }
        case .settle(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try escrow.lock(&host)
                try escrow.settle(call, &host)
            }
        case .cancelSession(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try escrow.lock(&host)
                try escrow.cancel(call, &host)
            }
        case .withdraw(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try escrow.lock(&host)
                try escrow.withdraw(call, &host)
            }
        case .setRelayer(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try escrow.lock(&host)
                try escrow.setRelayer(call, &host)
            }
        case .transferOwnership(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try escrow.lock(&host)
                try escrow.transferOwnership(call, &host)
            }
        case .getSession(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try host.chargeReads(9)
                let session = escrow.storage.session(call.sessionId)
                let (tutorPaid, studentRefunded) = session.payout
                return SessionEscrow.GetSession.Output(
                    student: session.student, tutor: session.tutor, token: session.token,
                    ratePerSecond: session.ratePerSecond, capSeconds: session.capSeconds, openedAt: session.openedAt,
                    startedAt: session.startedAt, endedAt: session.endedAt, status: session.status.rawValue,
                    tutorPaid: tutorPaid, studentRefunded: studentRefunded)
            }
        case .billableSeconds(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try host.chargeReads(9)
                return try escrow.storage.session(call.sessionId).billable(at: escrow.now)
            }
        case .owed(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try host.chargeReads(9)
                let session = escrow.storage.session(call.sessionId)
                if session.status == .settled || session.status == .cancelled {
                    let (tutorPaid, studentRefunded) = session.payout
                    return SessionEscrow.Owed.Output(_0: tutorPaid, _1: studentRefunded)
                }
                let total = try session.ratePerSecond.multiplied(by: session.capSeconds)
                let tutorAmount = try session.billable(at: escrow.now).multiplied(by: session.ratePerSecond)
                return SessionEscrow.Owed.Output(_0: tutorAmount, _1: try total.subtracting(tutorAmount))
            }
        case .isRelayer(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try host.chargeReads(1)
                return escrow.storage.relayers.contains(call.account)
            }
        case .withdrawable(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try host.chargeReads(1)
                return escrow.storage.credit(account: call.account, token: call.token)
            }
        case .secondsLearned(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try host.chargeReads(1)
                return escrow.storage.secondsLearned[call.student] ?? .zero
            }
        case .secondsTaught(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try host.chargeReads(1)
                return escrow.storage.secondsTaught[call.tutor] ?? .zero
            }
        case .owner(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try host.chargeReads(1)
                return escrow.storage.owner
            }
        case .nextSessionId(let call):
            return try respond(to: call, message) { () throws(Revert) in
                try host.chargeReads(1)
                return escrow.storage.nextSessionId
            }
        }
    }
}

// MARK: - One call's execution

extension SessionEscrowModel {
    /// One call to the escrow: its storage as the call sees and changes it, `msg.sender`, `msg.value` and the
    /// block time. The storage is written back to the host before every external call and at the end.
    struct Frame {
        var storage: Storage
        let message: Message
        let now: UInt256

        var me: Address { message.callee }
        var sender: Address { message.caller }

        /// Vyper's `@nonreentrant`: a bare revert when the escrow is already executing further up the call stack.
        /// The escrow only calls out from inside its locked functions, so an earlier escrow frame on the stack
        /// means the lock is held.
        func lock(_ host: inout some Host) throws(Revert) {
            if host.callStack.dropLast().contains(me) { throw .bare }
        }

        /// Writes the storage back to the chain (before an external call, and at the end of the call).
        func save(_ host: inout some Host) {
            host.setStorage(storage, of: me)
        }

        /// The fields the contract's `_core` loads (student, tutor, token, rate, cap, startedAt, status), charged
        /// as seven storage reads.
        func core(_ sessionId: UInt256, _ host: inout some Host) throws(Revert) -> Session {
            try host.chargeReads(7)
            return storage.session(sessionId)
        }

        // MARK: Student: open, extend

        mutating func deposit(_ call: SessionEscrow.Deposit, _ host: inout some Host) throws(Revert) -> UInt256 {
            try require(call.tutor != .zero, "escrow: zero tutor")
            try require(call.tutor != sender, "escrow: tutor is student")
            try require(!call.ratePerSecond.isZero, "escrow: zero rate")
            try require(!call.capSeconds.isZero, "escrow: zero cap")
            try require(call.capSeconds <= maxCapSeconds, "escrow: cap too large")
            try require(call.capSeconds <= UInt256.max / call.ratePerSecond, "escrow: amount overflow")
            let amount = call.ratePerSecond &* call.capSeconds

            try host.chargeReads(1)
            let sessionId = storage.nextSessionId
            let next = try sessionId.adding(.one)
            try host.chargeWrite(from: sessionId, to: next)
            storage.nextSessionId = next
            let session = Session(
                student: sender, tutor: call.tutor, token: call.token, ratePerSecond: call.ratePerSecond,
                capSeconds: call.capSeconds, openedAt: now, startedAt: .zero, endedAt: .zero, status: .funded)
            // Field by field into fresh slots, as the contract writes them: student, tutor, the token unless
            // native, rate, cap, openedAt, status.
            let written = call.token == .zero ? 6 : 7
            try host.chargeReads(written)
            try host.charge(GasSchedule.storageNewSlot * UInt64(now.isZero ? written - 1 : written))
            storage.sessions[sessionId] = session
            save(&host)

            try pull(token: call.token, amount: amount, &host)
            try host.log(
                SessionEscrow.Deposited(
                    sessionId: sessionId, student: sender, tutor: call.tutor, token: call.token,
                    ratePerSecond: call.ratePerSecond, capSeconds: call.capSeconds),
                from: me)
            return sessionId
        }

        mutating func extend(_ call: SessionEscrow.ExtendSession, _ host: inout some Host) throws(Revert) {
            var session = try core(call.sessionId, &host)
            try require(session.status != .none, "escrow: unknown session")
            try require(sender == session.student, "escrow: not student")
            try require(session.status == .funded || session.status == .active, "escrow: not funded or active")
            try require(!call.extraSeconds.isZero, "escrow: zero extension")
            if session.status == .active {
                try require(now < (try session.startedAt.adding(session.capSeconds)), "escrow: cap reached")
            }
            try require(
                call.extraSeconds <= (try maxCapSeconds.subtracting(session.capSeconds)), "escrow: cap too large")
            let newCap = try session.capSeconds.adding(call.extraSeconds)
            try require(newCap <= UInt256.max / session.ratePerSecond, "escrow: amount overflow")

            try host.chargeWrite(from: session.capSeconds, to: newCap)
            session.capSeconds = newCap
            storage.sessions[call.sessionId] = session
            save(&host)
            try pull(token: session.token, amount: try call.extraSeconds.multiplied(by: session.ratePerSecond), &host)
            try host.log(SessionEscrow.SessionExtended(sessionId: call.sessionId, capSeconds: newCap), from: me)
        }

        // MARK: Tutor and relayers: start

        mutating func start(_ call: SessionEscrow.StartSession, _ host: inout some Host) throws(Revert) {
            try host.chargeReads(1)
            var session = storage.session(call.sessionId)
            try require(session.status != .none, "escrow: unknown session")
            try host.chargeReads(1)
            if sender != session.tutor {
                try host.chargeReads(1)
                try require(storage.relayers.contains(sender), "escrow: not tutor or relayer")
            }
            try require(session.status == .funded, "escrow: not funded")

            try host.chargeReads(1)
            try host.chargeWrite(from: session.startedAt, to: now)
            try host.chargeWrite(from: session.status.rawValue, to: Status.active.rawValue, zero: 0)
            session.startedAt = now
            session.status = .active
            storage.sessions[call.sessionId] = session
            save(&host)
            try host.log(SessionEscrow.SessionStarted(sessionId: call.sessionId, startedAt: now), from: me)
        }

        // MARK: Stopping and settlement

        mutating func stop(_ call: SessionEscrow.StopSession, _ host: inout some Host) throws(Revert) {
            let session = try core(call.sessionId, &host)
            try require(session.status != .none, "escrow: unknown session")
            var reason = StopReason.student
            if sender == session.tutor {
                reason = .tutor
            } else {
                try require(sender == session.student, "escrow: not participant")
            }
            try require(session.status == .active, "escrow: not active")
            try finish(call.sessionId, session, endedAt: now, reason: reason, &host)
        }

        mutating func stopAt(_ call: SessionEscrow.StopSessionAt, _ host: inout some Host) throws(Revert) {
            let session = try core(call.sessionId, &host)
            try require(session.status != .none, "escrow: unknown session")
            try host.chargeReads(1)
            try require(storage.relayers.contains(sender), "escrow: not relayer")
            try require(session.status == .active, "escrow: not active")
            try require(call.endedAt >= session.startedAt, "escrow: ended before start")
            try require(call.endedAt <= now, "escrow: ended in future")
            try finish(call.sessionId, session, endedAt: call.endedAt, reason: .relayer, &host)
        }

        mutating func settle(_ call: SessionEscrow.Settle, _ host: inout some Host) throws(Revert) {
            let session = try core(call.sessionId, &host)
            try require(session.status != .none, "escrow: unknown session")
            try require(session.status == .active, "escrow: not active")
            let capEnd = try session.startedAt.adding(session.capSeconds)
            try require(now >= capEnd, "escrow: cap not reached")
            try finish(call.sessionId, session, endedAt: capEnd, reason: .cap, &host)
        }

        mutating func cancel(_ call: SessionEscrow.CancelSession, _ host: inout some Host) throws(Revert) {
            var session = try core(call.sessionId, &host)
            try require(session.status != .none, "escrow: unknown session")
            if sender != session.student, sender != session.tutor {
                try host.chargeReads(1)
                try require(storage.relayers.contains(sender), "escrow: not participant or relayer")
            }
            try require(session.status == .funded, "escrow: not funded")

            let refund = try session.ratePerSecond.multiplied(by: session.capSeconds)
            try host.chargeWrite(from: session.status.rawValue, to: Status.cancelled.rawValue, zero: 0)
            session.status = .cancelled
            storage.sessions[call.sessionId] = session
            save(&host)
            try host.log(SessionEscrow.SessionCancelled(sessionId: call.sessionId, by: sender), from: me)
            try pay(call.sessionId, token: session.token, to: session.student, amount: refund, &host)
        }

        /// The contract's `_finish`: Active → Settled ending at `endedAt` clamped to the cap (the reason becomes
        /// "cap reached" when the cap is what ended billing), then the tutor is paid and the student refunded.
        mutating func finish(
            _ sessionId: UInt256, _ core: Session, endedAt: UInt256, reason: StopReason, _ host: inout some Host
        ) throws(Revert) {
            var session = core
            let capEnd = try session.startedAt.adding(session.capSeconds)
            var end = endedAt
            var why = reason
            if end >= capEnd {
                end = capEnd
                why = .cap
            }
            let billed = try end.subtracting(session.startedAt)
            let tutorAmount = try billed.multiplied(by: session.ratePerSecond)
            let studentRefund = try session.ratePerSecond.multiplied(by: session.capSeconds).subtracting(tutorAmount)

            try host.chargeReads(1)
            try host.chargeWrite(from: session.endedAt, to: end)
            try host.chargeWrite(from: session.status.rawValue, to: Status.settled.rawValue, zero: 0)
            session.endedAt = end
            session.status = .settled
            storage.sessions[sessionId] = session

            try host.chargeReads(2)
            let learned = storage.secondsLearned[session.student] ?? .zero
            let newLearned = try learned.adding(billed)
            try host.chargeWrite(from: learned, to: newLearned)
            storage.secondsLearned[session.student] = newLearned.isZero ? nil : newLearned
            let taught = storage.secondsTaught[session.tutor] ?? .zero
            let newTaught = try taught.adding(billed)
            try host.chargeWrite(from: taught, to: newTaught)
            storage.secondsTaught[session.tutor] = newTaught.isZero ? nil : newTaught
            save(&host)

            try host.log(
                SessionEscrow.SessionStopped(
                    sessionId: sessionId, endedAt: end, stoppedBy: sender, reason: why.rawValue),
                from: me)
            try host.log(
                SessionEscrow.Settled(sessionId: sessionId, tutorAmount: tutorAmount, studentRefund: studentRefund),
                from: me)
            try pay(sessionId, token: session.token, to: session.tutor, amount: tutorAmount, &host)
            try pay(sessionId, token: session.token, to: session.student, amount: studentRefund, &host)
        }

        // MARK: Credits left by failed pushes

        mutating func withdraw(_ call: SessionEscrow.Withdraw, _ host: inout some Host) throws(Revert) {
            try host.chargeReads(1)
            let amount = storage.credit(account: sender, token: call.token)
            try require(!amount.isZero, "escrow: nothing to withdraw")
            try host.chargeWrite(from: amount, to: .zero)
            storage.setCredit(.zero, account: sender, token: call.token)
            save(&host)
            try host.log(SessionEscrow.Withdrawn(account: sender, token: call.token, amount: amount), from: me)
            try require(
                try send(token: call.token, to: sender, amount: amount, gas: nil, &host), "escrow: withdraw failed")
        }

        // MARK: Owner

        mutating func setRelayer(_ call: SessionEscrow.SetRelayer, _ host: inout some Host) throws(Revert) {
            try host.chargeReads(1)
            try require(sender == storage.owner, "escrow: not owner")
            try host.chargeReads(1)
            let was = storage.relayers.contains(call.account)
            try host.chargeWrite(from: was, to: call.enabled)
            if call.enabled {
                storage.relayers.insert(call.account)
            } else {
                storage.relayers.remove(call.account)
            }
            save(&host)
            try host.log(SessionEscrow.RelayerSet(account: call.account, enabled: call.enabled), from: me)
        }

        mutating func transferOwnership(_ call: SessionEscrow.TransferOwnership, _ host: inout some Host)
            throws(Revert)
        {
            try host.chargeReads(1)
            try require(sender == storage.owner, "escrow: not owner")
            try require(call.newOwner != .zero, "escrow: zero owner")
            let previous = storage.owner
            try host.chargeWrite(from: previous, to: call.newOwner)
            storage.owner = call.newOwner
            save(&host)
            try host.log(
                SessionEscrow.OwnershipTransferred(previousOwner: previous, newOwner: call.newOwner), from: me)
        }

        // MARK: Moving money

        /// The contract's `_pay`: pushes a non-zero `amount` to `to` with `PUSH_GAS`; when the push fails, credits
        /// it to `withdrawable(to, token)` and logs `PaymentCredited`.
        mutating func pay(
            _ sessionId: UInt256, token: Address, to: Address, amount: UInt256, _ host: inout some Host
        ) throws(Revert) {
            if amount.isZero { return }
            try require(host.gasLeft >= pushGasReserve, "escrow: gas too low for push")
            if try send(token: token, to: to, amount: amount, gas: pushGas, &host) { return }
            try host.chargeReads(1)
            let credit = storage.credit(account: to, token: token)
            let newCredit = try credit.adding(amount)
            try host.chargeWrite(from: credit, to: newCredit)
            storage.setCredit(newCredit, account: to, token: token)
            save(&host)
            try host.log(
                SessionEscrow.PaymentCredited(sessionId: sessionId, account: to, token: token, amount: amount), from: me
            )
        }

        /// The contract's `_send`: native currency by a plain call with `amount`, an ERC-20 by
        /// `token.transfer(to, amount)`, with at most `gas` (nil: all the call can forward). Reports success without
        /// reverting; a token call succeeds when it does not revert and returns nothing (and the token has code) or
        /// a first word equal to 1 (the contract reads at most 32 bytes of the result).
        func send(token: Address, to: Address, amount: UInt256, gas: UInt64?, _ host: inout some Host) throws(Revert)
            -> Bool
        {
            if token == .zero {
                return try host.call(to: to, value: amount, input: [], gas: gas).success
            }
            // `transfer(address,uint256)` of ERC-20, encoded by the TestToken binding (the standard signature).
            let transfer = TestToken.Transfer(to: to, amount: amount)
            let result = try host.call(to: token, value: .zero, input: transfer.calldata, gas: gas)
            guard result.success else { return false }
            let response = result.data.prefix(32)
            if response.isEmpty { return host.hasCode(token) }
            guard response.count == 32, let word = try? UInt256(bigEndianBytes: response) else { return false }
            return word == .one
        }

        /// The contract's `_pull`: native currency must arrive as exactly `msg.value`; an ERC-20 is pulled with
        /// `transferFrom` (a missing bool result counts as success) and must raise the escrow's balance by exactly
        /// `amount`.
        func pull(token: Address, amount: UInt256, _ host: inout some Host) throws(Revert) {
            if token == .zero {
                try require(message.value == amount, "escrow: wrong value")
                return
            }
            try require(message.value.isZero, "escrow: value with token")
            try require(host.hasCode(token), "escrow: token not a contract")
            let before = try host.staticCall(token, TestToken.BalanceOf(owner: me))
            let pulled = try host.callRevertingOnFailure(
                token, input: TestToken.TransferFrom(owner: sender, to: me, amount: amount).calldata)
            if !pulled.isEmpty {
                let succeeded: Bool
                do {
                    succeeded = try TestToken.TransferFrom.decodeOutput(pulled, mode: .lenient)
                } catch {
                    throw .bare
                }
                try require(succeeded, "escrow: transfer failed")
            }
            let after = try host.staticCall(token, TestToken.BalanceOf(owner: me))
            try require(after >= before && after - before == amount, "escrow: fee on transfer")
        }
    }
}
