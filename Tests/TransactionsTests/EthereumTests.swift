import EthPrimitives
import Foundation
import Testing
import Transactions

/// Ethereum's TransactionTests (github.com/ethereum/tests), read from ../shared/vectors/ethereum-tests.
///
/// Each file holds one raw transaction (`txbytes`) and, per fork, either its sender, hash and intrinsic gas, or the
/// exception a client raises. The latest fork a file has a result for is used (Prague, else Cancun, else Shanghai,
/// else London; later forks change nothing for these transactions).
///
/// Ethereum's exceptions belong to three layers here, and each is tested at its own:
/// - structure and signature: ``SignedTransaction/decode(_:)-(ArraySlice<UInt8>)`` must throw;
/// - recovery (`EC_RECOVERY_FAIL`): decoding succeeds, ``SignedTransaction/recoverSender()`` must throw;
/// - the chain's stateless rules (intrinsic gas, the EIP-3860 code limit, the EIP-2681 nonce cap, fee sanity and
///   the chain id): decoding and recovery succeed, ``ChainRules/validate(_:)-(SignedTransaction)`` for chain 1 at
///   Cancun must throw the matching ``TransactionError``.
///
/// Every file is checked; none is skipped. (The snapshot omits two 10 MB data files, String10MbData and
/// String10MbDataNotEnoughGAS; see SOURCE.txt there.)
@Suite(.enabled(if: Fixtures.haveEthereumTests))
struct EthereumTests {
    /// Where each of Ethereum's exceptions is caught, and the rules Metered may name for it.
    enum Layer: Equatable {
        case decoding(Set<String>)
        case recovery
        case chainRules(Set<String>)
    }

    /// Every exception the test files use. A new one fails `everyExceptionIsClassified` until it is placed here.
    static let layers: [String: Layer] = [
        "ADDRESS_TOO_SHORT": .decoding(["wrongAddressLength"]),
        "ADDRESS_TOO_LONG": .decoding(["wrongAddressLength"]),
        "TYPE_NOT_SUPPORTED": .decoding(["unsupportedType", "notATransaction"]),
        "RLP_ERROR_EOF": .decoding(["invalidRLP", "notATransaction"]),
        "RLP_ERROR_SIZE": .decoding(["invalidRLP", "trailingBytes", "wrongFieldCount", "invalidFieldRLP"]),
        "RLP_ERROR_SIZE_LEADING_ZEROS": .decoding(["invalidRLP"]),
        "RLP_INVALID_HEADER": .decoding(["notATransaction"]),
        "RLP_TOO_FEW_ELEMENTS": .decoding(["wrongFieldCount"]),
        "RLP_TOO_MANY_ELEMENTS": .decoding(["wrongFieldCount"]),
        "RLP_INVALID_NONCE": .decoding(["expectedBytes"]),
        "RLP_INVALID_GASLIMIT": .decoding(["expectedBytes"]),
        "RLP_INVALID_TO": .decoding(["expectedBytes"]),
        "RLP_INVALID_DATA": .decoding(["expectedBytes"]),
        "RLP_INVALID_SIGNATURE_R": .decoding(["expectedBytes"]),
        "RLP_INVALID_SIGNATURE_S": .decoding(["expectedBytes"]),
        "RLP_LEADING_ZEROS_NONCE": .decoding(["nonCanonicalInteger"]),
        "RLP_LEADING_ZEROS_NONCE_SIZE": .decoding(["invalidFieldRLP"]),
        "RLP_LEADING_ZEROS_GASPRICE": .decoding(["nonCanonicalInteger"]),
        "RLP_LEADING_ZEROS_GASLIMIT": .decoding(["nonCanonicalInteger"]),
        "RLP_LEADING_ZEROS_VALUE": .decoding(["nonCanonicalInteger"]),
        "RLP_LEADING_ZEROS_DATA_SIZE": .decoding(["invalidFieldRLP"]),
        "RLP_LEADING_ZEROS_BASEFEE": .decoding(["nonCanonicalInteger"]),
        "RLP_LEADING_ZEROS_PRIORITY_FEE": .decoding(["nonCanonicalInteger"]),
        "RLP_LEADING_ZEROS_V": .decoding(["nonCanonicalInteger"]),
        "RLP_LEADING_ZEROS_R": .decoding(["nonCanonicalInteger"]),
        "RLP_LEADING_ZEROS_S": .decoding(["nonCanonicalInteger"]),
        "RLP_INVALID_ACCESS_LIST_ADDRESS_TOO_SHORT": .decoding(["wrongAddressLength"]),
        "RLP_INVALID_ACCESS_LIST_ADDRESS_TOO_LONG": .decoding(["wrongAddressLength"]),
        "RLP_INVALID_ACCESS_LIST_STORAGE_TOO_SHORT": .decoding(["wrongStorageKeyLength"]),
        "RLP_INVALID_ACCESS_LIST_STORAGE_TOO_LONG": .decoding(["wrongStorageKeyLength"]),
        "NONCE_OVERFLOW": .decoding(["integerTooLarge"]),
        // TransactionWithGasLimitOverflowZeros64 writes 1 in 9 bytes: Metered names the leading zeros first.
        "GASLIMIT_OVERFLOW": .decoding(["integerTooLarge", "nonCanonicalInteger"]),
        "GASPRICE_OVERFLOW": .decoding(["integerTooLarge"]),
        "PRIORITY_OVERFLOW": .decoding(["integerTooLarge"]),
        "VALUE_OVERFLOW": .decoding(["integerTooLarge"]),
        "INVALID_SIGNATURE_VRS": .decoding([
            "signatureScalarOutOfRange", "highS", "invalidV", "integerTooLarge", "wrongFieldCount",
        ]),
        "EC_RECOVERY_FAIL": .recovery,
        // A v naming no chain (26, 29, 31, …) is refused when decoding; one naming another chain than 1 by the rules.
        // The V_overflow* files and WrongVRSTestVOverflow also carry a high s, which decoding refuses first (a node
        // checks the chain id before the signature; either refusal is right).
        "INVALID_CHAINID": .chainRules(["invalidV", "wrongChainID", "highS"]),
        "INTRINSIC_GAS_TOO_LOW": .chainRules(["intrinsicGasTooLow"]),
        "INITCODE_SIZE_EXCEEDED": .chainRules(["initCodeTooLarge"]),
        "NONCE_TOO_BIG": .chainRules(["nonceAtMaximum"]),
        "GASLIMIT_PRICE_PRODUCT_OVERFLOW": .chainRules(["feeOverflow"]),
        "PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS_2": .chainRules(["priorityFeeAboveMaxFee"]),
    ]

    static let forks = ["Prague", "Cancun", "Shanghai", "Paris", "London"]
    static let rules = ChainRules(chainID: 1, fork: .cancun)

    /// One test of the suite: its file, name, bytes and latest result.
    struct Case: CustomTestStringConvertible, Sendable {
        let file: String
        let name: String
        let txbytes: [UInt8]
        let fork: String
        /// The exception's name without `TransactionException.`, or nil when the transaction is valid.
        let exception: String?
        let sender: String?
        let hash: String?
        let intrinsicGas: String?
        var testDescription: String { "\(file) \(name)" }
    }

    static let cases: [Case] = {
        guard Fixtures.haveEthereumTests else { return [] }
        let root = Fixtures.ethereumTests.appendingPathComponent("TransactionTests")
        let files = FileManager.default.enumerator(atPath: root.path)!.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".json") }.sorted()
        return files.flatMap { file -> [Case] in
            let tests = try! Fixtures.json(root.appendingPathComponent(file)) as! [String: [String: Any]]
            return tests.sorted { $0.key < $1.key }.map { name, test in
                let results = test["result"] as! [String: [String: String]]
                let fork = forks.first { results[$0] != nil }!
                let result = results[fork]!
                return Case(
                    file: file, name: name, txbytes: hex(test["txbytes"] as! String), fork: fork,
                    exception: result["exception"].map { String($0.split(separator: ".").last!) },
                    sender: result["sender"], hash: result["hash"], intrinsicGas: result["intrinsicGas"])
            }
        }
    }()

    @Test func suiteIsComplete() {
        #expect(Self.cases.count >= 210)
        #expect(Self.cases.filter { $0.exception == nil }.count >= 50)
    }

    @Test func everyExceptionIsClassified() {
        for test in Self.cases {
            if let exception = test.exception {
                #expect(Self.layers[exception] != nil, "\(test.testDescription): unclassified \(exception)")
            }
        }
    }

    @Test(arguments: cases)
    func transactionTest(_ test: Case) throws {
        guard let exception = test.exception else {
            let tx = try SignedTransaction.decode(test.txbytes)
            #expect(tx.hash == (try Hash(hex: test.hash!)))
            #expect(try tx.recoverSender() == (try Address(hex: test.sender!)))
            #expect(tx.encode() == test.txbytes)
            try Self.rules.validate(tx)
            #expect(Self.rules.intrinsicGas(of: tx.transaction) == UInt64(try UInt256(parsing: test.intrinsicGas!)))
            return
        }
        switch Self.layers[exception] {
        case .decoding(let allowed):
            #expect(throws: TransactionError.self) { try SignedTransaction.decode(test.txbytes) }
            do {
                _ = try SignedTransaction.decode(test.txbytes)
            } catch {
                #expect(allowed.contains(error.rule), "\(exception): \(error)")
            }
        case .recovery:
            let tx = try SignedTransaction.decode(test.txbytes)
            #expect(throws: TransactionError.recoveryFailed) { try tx.recoverSender() }
        case .chainRules(let allowed):
            do {
                let tx = try SignedTransaction.decode(test.txbytes)
                _ = try tx.recoverSender()
                try Self.rules.validate(tx)
                Issue.record("\(exception): accepted by decoding, recovery and the chain rules")
            } catch {
                #expect(allowed.contains(error.rule), "\(exception): \(error)")
            }
        case nil:
            Issue.record("unclassified exception \(exception)")
        }
    }
}
