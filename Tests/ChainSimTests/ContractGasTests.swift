import ChainSim
import Contracts
import EthPrimitives
import Foundation
import JSONRPC
import Secp256k1
import Testing
import Transactions

/// The models charge gas from `GasSchedule`, not by counting opcodes; these tests keep their totals close to what
/// the compiled contracts use on a real EVM: `tools/contracts/gas.py`'s scenario (docs/contracts.md, "Gas"),
/// replayed as signed transactions on `ChainConfig.metered`, each receipt's gas within a band of the EVM's figure.
@Suite struct ContractGasTests {
    static let rate: UInt256 = 2_000_000_000_000
    static let cap: UInt256 = 1_800

    /// A Metered chain with the Wallet model, and a way to send signed transactions at chosen times.
    struct Sender {
        let chain: Chain
        var time: UInt64 = 1_735_689_600

        init() throws {
            chain = try Chain(
                config: .metered(genesisTimestamp: time, extraModels: [WalletModel.self]),
                clock: ManualUnixClock(start: Double(time)))
        }

        /// Sends `call` to `to` from development account `from` one second (or `after` seconds) after the last
        /// block, and returns its receipt.
        mutating func send<Function: ContractFunction>(
            _ call: Function, to: Address, from: Int, value: UInt256 = .zero, after: UInt64 = 1
        ) throws -> Receipt {
            try send(call.calldata, to: to, from: from, value: value, after: after)
        }

        mutating func send(_ data: [UInt8], to: Address?, from: Int, value: UInt256 = .zero, after: UInt64 = 1) throws
            -> Receipt
        {
            let account = MeteredGenesis.devAccounts[from]
            time += after
            try chain.setNextBlockTimestamp(time)
            let transaction = try EIP1559Transaction(
                chainID: chain.chainID, nonce: try chain.nonce(of: account.address, at: .pending),
                maxPriorityFeePerGas: 1_000_000_000, maxFeePerGas: 100_000_000_000, gasLimit: 3_000_000, to: to,
                value: value, data: data
            ).sign(with: account.privateKey)
            let hash = try chain.sendRawTransaction(transaction.encode())
            let receipt = try #require(chain.receipt(hash: hash))
            #expect(receipt.succeeded == true)
            return receipt
        }
    }

    /// gas.py's calls, in its order, with their gas on py-evm (docs/contracts.md) and on ChainSim.
    static func measure() throws -> [(label: String, evm: UInt64, chainSim: UInt64)] {
        var s = try Sender()
        let escrow = MeteredGenesis.escrow
        let token = MeteredGenesis.testToken
        let (deployer, relayer, student, tutor, outsider) = (0, 1, 2, 3, 4)
        let a = MeteredGenesis.accounts
        var rows: [(String, UInt64, UInt64)] = []
        func row(_ label: String, _ evm: UInt64, _ receipt: Receipt) { rows.append((label, evm, receipt.gasUsed)) }

        row(
            "TestToken.mint (first time for the account)", 68_067,
            try s.send(TestToken.Mint(to: a[student], amount: 1_000_000_000_000), to: token, from: student))
        row(
            "TestToken.approve", 45_846,
            try s.send(TestToken.Approve(spender: escrow, amount: 1_000_000_000_000), to: token, from: student))
        row(
            "TestToken.transfer (to a new holder)", 48_283,
            try s.send(TestToken.Transfer(to: a[outsider], amount: 1), to: token, from: student))
        let native = SessionEscrow.Deposit(tutor: a[tutor], token: .zero, ratePerSecond: rate, capSeconds: cap)
        row(
            "SessionEscrow.deposit, native", 160_901, try s.send(native, to: escrow, from: student, value: rate * cap))
        _ = try s.send(native, to: escrow, from: student, value: rate * cap)
        row(
            "SessionEscrow.deposit, ERC-20", 216_711,
            try s.send(
                SessionEscrow.Deposit(tutor: a[tutor], token: token, ratePerSecond: 5_000, capSeconds: cap), to: escrow,
                from: student))
        row(
            "SessionEscrow.extendSession, native", 39_382,
            try s.send(
                SessionEscrow.ExtendSession(sessionId: 1, extraSeconds: 60), to: escrow, from: student,
                value: rate * 60))
        row(
            "SessionEscrow.startSession (relayer)", 52_039,
            try s.send(SessionEscrow.StartSession(sessionId: 1), to: escrow, from: relayer))
        row(
            "SessionEscrow.startSession (tutor)", 49_889,
            try s.send(SessionEscrow.StartSession(sessionId: 3), to: escrow, from: tutor))
        row(
            "SessionEscrow.stopSession, native, both paid", 127_550,
            try s.send(SessionEscrow.StopSession(sessionId: 1), to: escrow, from: student, after: 300))
        row(
            "SessionEscrow.stopSessionAt, ERC-20, both paid", 106_169,
            try s.send(
                SessionEscrow.StopSessionAt(sessionId: 3, endedAt: UInt256(s.time - 9)), to: escrow, from: relayer))
        row(
            "SessionEscrow.cancelSession, native", 50_842,
            try s.send(SessionEscrow.CancelSession(sessionId: 2), to: escrow, from: relayer))
        _ = try s.send(
            SessionEscrow.Deposit(tutor: a[tutor], token: .zero, ratePerSecond: rate, capSeconds: 60), to: escrow,
            from: student, value: rate * 60)
        _ = try s.send(SessionEscrow.StartSession(sessionId: 4), to: escrow, from: relayer)
        row(
            "SessionEscrow.settle, native, at the cap", 78_327,
            try s.send(SessionEscrow.Settle(sessionId: 4), to: escrow, from: outsider, after: 60))
        let walletReceipt = try s.send(
            Wallet.deploymentCode(owner: a[tutor], accepting: false), to: nil, from: tutor)
        let wallet = try #require(walletReceipt.contractAddress)
        _ = try s.send(
            SessionEscrow.Deposit(tutor: wallet, token: .zero, ratePerSecond: rate, capSeconds: 60), to: escrow,
            from: student, value: rate * 60)
        _ = try s.send(SessionEscrow.StartSession(sessionId: 5), to: escrow, from: relayer)
        row(
            "SessionEscrow.stopSession, tutor refuses (credited)", 134_516,
            try s.send(SessionEscrow.StopSession(sessionId: 5), to: escrow, from: student, after: 30))
        _ = try s.send(Wallet.SetAccepting(accepting: true), to: wallet, from: tutor)
        row(
            "Wallet.execute(SessionEscrow.withdraw) (credit paid out)", 43_690,
            try s.send(
                Wallet.Execute(target: escrow, data: SessionEscrow.Withdraw(token: .zero).calldata, amount: 0),
                to: wallet, from: tutor))
        row(
            "SessionEscrow.setRelayer", 47_798,
            try s.send(SessionEscrow.SetRelayer(account: a[7], enabled: true), to: escrow, from: deployer))
        row(
            "SessionCredential.attest", 68_805,
            try s.send(SessionCredential.Attest(sessionId: 1), to: MeteredGenesis.credential, from: tutor))
        row(
            "SessionCredential.claim", 115_997,
            try s.send(SessionCredential.Claim(sessionId: 1), to: MeteredGenesis.credential, from: student))
        row(
            "SessionRatings.rate (first rating of the ratee)", 113_978,
            try s.send(
                SessionRatings.Rate(sessionId: 1, stars: 5, commentHash: .zero), to: MeteredGenesis.ratings,
                from: student))
        return rows
    }

    /// Every call within 20% of the EVM's figure (docs/node.md, "The contract models", lists both; today the
    /// largest difference is +16%, an ERC-20 settlement, where the EVM finds the token's account and slots warm on
    /// the second push and the models charge each call's accesses as cold).
    @Test func gasStaysCloseToTheCompiledContracts() throws {
        let rows = try Self.measure()
        #expect(rows.count == 18)
        for (label, evm, chainSim) in rows {
            let ratio = Double(chainSim) / Double(evm)
            #expect(ratio > 0.8 && ratio < 1.2, "\(label): ChainSim \(chainSim) gas, the EVM \(evm)")
        }
    }
}
