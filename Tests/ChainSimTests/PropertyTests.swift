import ChainSim
import EthPrimitives
import JSONRPC
import PropertyBased
import Testing
import Transactions

/// Invariants over generated histories: value is conserved (every wei is in an account or burnt), each sender's
/// nonce counts its mined transactions, and a chain replayed from its journal is the same chain.
@Suite struct PropertyTests {
    typealias F = Fixture

    /// Runs a byte "program" of operations on a chain (so that shrinking the program shrinks the history):
    /// transfers, deployments, calls that succeed, revert or forward value, refused transactions, future nonces,
    /// time moves and mining. Returns the chain.
    static func run(_ program: [UInt8]) -> Chain {
        let (chain, clock) = F.chain(automine: program.first.map { $0 % 2 == 0 } ?? true)
        var bytes = program.dropFirst()
        func byte() -> UInt8 { bytes.popFirst() ?? 0 }
        var nonces = [UInt64](repeating: 0, count: 10)
        var contracts: [Address] = []
        @discardableResult
        func send(_ from: Int, to: Address?, value: UInt256, data: [UInt8], gas: UInt64, skip: UInt64 = 0) -> Bool {
            let tip = UInt256(byte() % 4) * F.gwei / 2
            let signed = F.eip1559(
                from: from, nonce: nonces[from] + skip, to: to, value: value, data: data, gas: gas, tip: tip,
                feeCap: tip + 2 * F.gwei)
            guard (try? chain.sendRawTransaction(signed.encode())) != nil else { return false }
            if skip == 0 { nonces[from] += 1 }
            return true
        }
        while !bytes.isEmpty {
            let from = Int(byte() % 10)
            let target = contracts.isEmpty ? F.address(Int(byte() % 10)) : contracts[Int(byte()) % contracts.count]
            let value = UInt256(byte()) * UInt256(byte()) * 1_000_000_000_000_000
            switch byte() % 9 {
            case 0: send(from, to: F.address(Int(byte() % 10)), value: value, data: [], gas: 21_000)
            case 1:
                let address = ContractAddress.create(sender: F.address(from), nonce: nonces[from])
                let code = CounterModel.initCode(start: UInt256(byte()))
                if send(from, to: nil, value: value, data: code, gas: 200_000) { contracts.append(address) }
            case 2:
                let address = ContractAddress.create(sender: F.address(from), nonce: nonces[from])
                if send(from, to: nil, value: value, data: RelayModel.initCode, gas: 200_000) {
                    contracts.append(address)
                }
            case 3: send(from, to: target, value: 0, data: [CounterModel.increment], gas: 100_000)
            case 4: send(from, to: target, value: value, data: [], gas: 100_000)
            case 5:
                let to = F.address(Int(byte() % 10))
                send(from, to: target, value: value, data: [RelayModel.forward] + to.bytes, gas: 150_000)
            case 6: send(from, to: F.address(0), value: ChainConfig.devAccountBalance * 2, data: [], gas: 21_000)
            case 7: send(from, to: F.address(1), value: value, data: [], gas: 21_000, skip: UInt64(byte() % 3))
            default:
                clock.advance(by: Double(byte()))
                _ = try? chain.mine()
            }
        }
        return chain
    }

    /// The generator is not vacuous: a fixed program mines transfers, deployments and calls, some of which revert.
    @Test func aFixedProgramMinesAVariedHistory() {
        var seed: UInt32 = 2025
        let program = (0..<600).map { _ in
            seed = seed &* 1_103_515_245 &+ 12_345
            return UInt8(truncatingIfNeeded: seed >> 16)
        }
        let state = Self.run(program).state
        let mined = state.blocks.flatMap(\.transactions)
        #expect(mined.count > 20)
        #expect(mined.contains { $0.contractAddress != nil })
        #expect(mined.contains { $0.status == 0 })
        #expect(mined.contains { !$0.logs.isEmpty })
        #expect(state.burnt > 0)
        #expect(state.world.totalBalance + state.burnt == ChainConfig.devAccountBalance * 10)
    }

    @Test func valueIsConserved() async {
        await propertyCheck(count: 60, input: Gen.uint8().array(of: 0...120)) { program in
            let state = Self.run(program).state
            let supply = ChainConfig.devAccountBalance * 10
            #expect(state.world.totalBalance + state.burnt == supply)
        }
    }

    @Test func noncesCountMinedTransactions() async {
        await propertyCheck(count: 60, input: Gen.uint8().array(of: 0...120)) { program in
            let state = Self.run(program).state
            var mined = [Address: UInt64]()
            for block in state.blocks {
                for transaction in block.transactions { mined[transaction.sender, default: 0] += 1 }
                #expect(block.header.gasUsed == block.transactions.last?.cumulativeGasUsed ?? 0)
            }
            for account in F.dev {
                #expect(state.world.nonce(of: account.address) == mined[account.address, default: 0])
            }
        }
    }

    @Test func aJournalReplaysToTheSameChain() async {
        await propertyCheck(count: 30, input: Gen.uint8().array(of: 0...120)) { program in
            let state = Self.run(program).state
            let replayed = try StateFile(state).replay(config: F.config())
            #expect(replayed.blocks.map(\.hash) == state.blocks.map(\.hash))
            #expect(replayed.world.totalBalance == state.world.totalBalance)
            #expect(replayed.pool.count == state.pool.count)
        }
    }
}
