import ChainSim
import Contracts
import EthPrimitives
import PropertyBased
import Testing

/// The escrow invariants of CONTRACTS.md on random walks of valid and invalid calls (native and tUSD sessions, a
/// tutor wallet that refuses payments, relayers, outsiders, time passing):
/// - `tutorPaid + studentRefunded == ratePerSecond × capSeconds` for every Settled or Cancelled session, and a
///   settled session never bills before its start or past its cap;
/// - the escrow's balance of each asset equals what Funded and Active sessions hold plus what is credited;
/// - native currency is conserved (message level: no fees);
/// - a call that reverts changes nothing (storage and every balance);
/// - a successful call moves money only between its caller, the escrow and the session's student and tutor.
@Suite struct EscrowInvariantTests {
    typealias W = MeteredWorld
    static let escrow = MeteredGenesis.escrow
    static let token = MeteredGenesis.testToken

    /// SplitMix64: the walk's parameters from one seed.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: UInt64) -> UInt64 { next() % bound }
        mutating func pick<T>(_ elements: [T]) -> T { elements[Int(below(UInt64(elements.count)))] }
    }

    /// The walk's world: the genesis, a refusing tutor wallet (owned by tutor2), students funded with tUSD.
    struct Walk {
        var world: W
        var random: Random
        let wallet: Address
        let students = [W.student, W.student2]
        var tutors: [Address] { [W.tutor, W.tutor2, wallet] }
        var everyone: [Address] { MeteredGenesis.accounts + [wallet, EscrowInvariantTests.escrow] }

        init(seed: UInt64) throws {
            world = try W()
            random = Random(state: seed)
            wallet = try #require(
                try world.deploy(Wallet.deploymentCode(owner: W.tutor2, accepting: false), from: W.tutor2)
                    .contractAddress)
            for student in students {
                world.send(TestToken.Mint(to: student, amount: 1 << 80), to: token, from: student)
                world.send(TestToken.Approve(spender: escrow, amount: .max), to: token, from: student)
            }
        }

        var sessionCount: UInt64 {
            UInt64(world.escrow.nextSessionId - 1)
        }

        /// An existing session id most of the time, sometimes 0 or one past the last.
        mutating func sessionId() -> UInt256 {
            if sessionCount == 0 || random.below(8) == 0 { return random.below(2) == 0 ? 0 : UInt256(sessionCount + 1) }
            return UInt256(1 + random.below(sessionCount))
        }

        /// Usually one of `likely`, sometimes anyone.
        mutating func caller(_ likely: [Address]) -> Address {
            random.below(4) == 0 ? random.pick(MeteredGenesis.accounts) : random.pick(likely)
        }

        /// Every account's native and tUSD balance.
        func balances() throws -> [Address: [UInt256]] {
            var balances: [Address: [UInt256]] = [:]
            for account in everyone {
                balances[account] = [world.world.balance(of: account), try world.tokens(account)]
            }
            return balances
        }

        /// One step of the walk: its caller and the session it is about (if any), and what it gave. Deposits,
        /// starts and stops are the most frequent; callers are usually the ones the rule allows.
        mutating func step(_ op: UInt8) -> (caller: Address, session: UInt256?, result: ExecutionResult)? {
            switch op % 16 {
            case 0, 1, 2:
                let student = random.pick(students)
                let tutor = random.below(16) == 0 ? student : random.pick(tutors)
                let native = random.below(2) == 0
                let rate = UInt256(random.below(1_000))
                let cap = UInt256(random.below(3_600))
                let wrongValue = random.below(16) == 0
                let value = native ? rate * cap + (wrongValue ? 1 : 0) : (wrongValue ? 1 : 0)
                let call = SessionEscrow.Deposit(
                    tutor: tutor, token: native ? .zero : token, ratePerSecond: rate, capSeconds: cap)
                return (student, nil, world.send(call, to: escrow, from: student, value: value))
            case 3, 4, 5:
                let id = sessionId()
                let caller = caller([W.relayer, world.escrow.session(id).tutor])
                return (caller, id, world.send(SessionEscrow.StartSession(sessionId: id), to: escrow, from: caller))
            case 6, 7:
                let id = sessionId()
                let session = world.escrow.session(id)
                let caller = caller([session.student, session.tutor])
                return (caller, id, world.send(SessionEscrow.StopSession(sessionId: id), to: escrow, from: caller))
            case 8:
                let id = sessionId()
                let caller = caller([W.relayer])
                let started = world.escrow.session(id).startedAt
                let now = UInt256(world.time + 1)
                let endedAt =
                    started > 10 && now >= started
                    ? started - 10 + UInt256(random.below(UInt64(now - started + 20))) : now
                let call = SessionEscrow.StopSessionAt(sessionId: id, endedAt: endedAt)
                return (caller, id, world.send(call, to: escrow, from: caller))
            case 9:
                let id = sessionId()
                let caller = random.pick(MeteredGenesis.accounts)
                return (caller, id, world.send(SessionEscrow.Settle(sessionId: id), to: escrow, from: caller))
            case 10:
                let id = sessionId()
                let session = world.escrow.session(id)
                let caller = caller([session.student])
                let extra = UInt256(random.below(600))
                let value = session.token == .zero ? extra * session.ratePerSecond : .zero
                let call = SessionEscrow.ExtendSession(sessionId: id, extraSeconds: extra)
                return (caller, id, world.send(call, to: escrow, from: caller, value: value))
            case 11:
                let id = sessionId()
                let session = world.escrow.session(id)
                let caller = caller([session.student, session.tutor, W.relayer])
                return (caller, id, world.send(SessionEscrow.CancelSession(sessionId: id), to: escrow, from: caller))
            case 12:
                let asset = random.below(2) == 0 ? Address.zero : token
                if random.below(2) == 0 {
                    let caller = random.pick(MeteredGenesis.accounts)
                    return (caller, nil, world.send(SessionEscrow.Withdraw(token: asset), to: escrow, from: caller))
                }
                let call = Wallet.Execute(
                    target: escrow, data: SessionEscrow.Withdraw(token: asset).calldata, amount: .zero)
                return (wallet, nil, world.send(call, to: wallet, from: W.tutor2))
            case 13, 14:
                world.time += random.below(2_000)
                return nil
            default:
                let call = Wallet.SetAccepting(accepting: random.below(2) == 0)
                return (wallet, nil, world.send(call, to: wallet, from: W.tutor2))
            }
        }
    }

    @Test func escrowInvariantsHoldOnRandomWalks() async {
        await propertyCheck(count: 60, input: Gen.uint8().array(of: 1...100), Gen.uint64()) { program, seed in
            var walk = try Walk(seed: seed)
            let nativeTotal = walk.everyone.reduce(UInt256.zero) { $0 + walk.world.world.balance(of: $1) }
            for op in program {
                let storageBefore = walk.world.escrow
                let balancesBefore = try walk.balances()
                guard let step = walk.step(op) else { continue }
                let (caller, id, result) = step
                let balancesAfter = try walk.balances()
                if !result.success {
                    #expect(walk.world.escrow == storageBefore, "a reverted call changed the escrow's storage")
                    #expect(balancesAfter == balancesBefore, "a reverted call moved money")
                } else {
                    var allowed: Set<Address> = [caller, Self.escrow]
                    if let id {
                        let session = walk.world.escrow.session(id)
                        allowed.formUnion([session.student, session.tutor])
                    }
                    for account in walk.everyone where balancesAfter[account] != balancesBefore[account] {
                        #expect(allowed.contains(account), "money moved to \(account), outside the call's session")
                    }
                }
                try Self.checkInvariants(walk)
                let total = walk.everyone.reduce(UInt256.zero) { $0 + walk.world.world.balance(of: $1) }
                #expect(total == nativeTotal, "native currency is not conserved")
            }
        }
    }

    /// Every ended session's payout adds up to its deposit, its billing lies within its start and cap, and the
    /// escrow holds exactly what it owes in each asset.
    static func checkInvariants(_ walk: Walk) throws {
        let world = walk.world
        let storage = world.escrow
        for (id, session) in storage.sessions {
            let view = try world.read(SessionEscrow.GetSession(sessionId: id), at: escrow)
            #expect(view.status == session.status.rawValue)
            switch session.status {
            case .settled:
                #expect(view.tutorPaid + view.studentRefunded == view.ratePerSecond * view.capSeconds)
                #expect(view.startedAt <= view.endedAt && view.endedAt <= view.startedAt + view.capSeconds)
                #expect(view.tutorPaid == (view.endedAt - view.startedAt) * view.ratePerSecond)
            case .cancelled:
                #expect(view.tutorPaid == 0)
                #expect(view.studentRefunded == view.ratePerSecond * view.capSeconds)
            case .funded, .active, .none:
                #expect(view.tutorPaid == 0 && view.studentRefunded == 0)
            }
        }
        #expect(world.world.balance(of: escrow) == storage.liabilities(in: .zero))
        #expect(try world.tokens(escrow) == storage.liabilities(in: token))
    }
}
