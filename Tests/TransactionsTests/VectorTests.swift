import EthPrimitives
import Secp256k1
import Testing
import Transactions

/// Every row of vectors/transactions.json: Swift must agree with eth-account byte for byte.
struct VectorTests {
    @Test func vectorFileCoversWhatItShould() {
        #expect(Vectors.signed.count > 150)
        for type in TransactionType.allCases {
            #expect(Vectors.signed.filter { $0.transaction.type == type }.count > 40, "\(type)")
        }
        #expect(Vectors.signed.contains { $0.transaction.isContractCreation && $0.transaction.type == .eip1559 })
        #expect(Vectors.signed.contains { $0.transaction.value == .max })
        #expect(Vectors.signed.contains { $0.transaction.nonce == .max })
        #expect(Vectors.signed.contains { $0.transaction.accessList.count >= 40 })
        #expect(Vectors.signed.contains { $0.transaction.data.count >= 24576 })
        #expect(Vectors.signed.contains { $0.transaction.type == .legacy && $0.transaction.chainID == nil })
        #expect(Vectors.invalid.count > 50)
    }

    @Test(arguments: Vectors.signed)
    func signingHashMatchesEthAccount(_ vector: SignedVector) {
        #expect(vector.transaction.signingHash == vector.signingHash)
        #expect(Keccak256.hash(vector.transaction.signingPayload) == vector.signingHash)
    }

    @Test(arguments: Vectors.signed)
    func signsToTheSameBytes(_ vector: SignedVector) throws {
        let key = try PrivateKey(hex: vector.privateKey)
        let signed = try vector.transaction.sign(with: key)
        #expect(signed.encode() == vector.raw)
        #expect(signed.encodedLength == vector.raw.count)
        #expect(signed.hash == vector.hash)
        #expect(signed.v == vector.v)
        #expect(signed.signature.r == vector.r)
        #expect(signed.signature.s == vector.s)
        #expect(try signed.recoverSender() == vector.sender)
        #expect(key.address == vector.sender)
    }

    @Test(arguments: Vectors.signed)
    func decodesBackToTheFields(_ vector: SignedVector) throws {
        let decoded = try SignedTransaction.decode(vector.raw)
        #expect(decoded.transaction == vector.transaction)
        #expect(decoded.hash == vector.hash)
        #expect(decoded.v == vector.v)
        #expect(decoded.signature.r == vector.r)
        #expect(decoded.signature.s == vector.s)
        #expect(decoded.encode() == vector.raw)
        #expect(try decoded.recoverSender() == vector.sender)
        // A signed transaction made from the decoded parts is the same value.
        #expect(try SignedTransaction(transaction: decoded.transaction, signature: decoded.signature) == decoded)
    }

    @Test(arguments: Vectors.invalid)
    func refusesInvalidInput(_ vector: InvalidVector) {
        #expect(throws: TransactionError.self) { try SignedTransaction.decode(vector.raw) }
        do {
            _ = try SignedTransaction.decode(vector.raw)
        } catch {
            #expect(error.rule == vector.rule, "\(error)")
            if let offset = vector.offset {
                #expect(error.offset == offset, "\(error)")
            }
            if let field = vector.field {
                #expect(error.description.contains(field), "\(error)")
            }
            #expect(error.description.hasPrefix("transactions: \(vector.rule):"))
        }
    }

    @Test func createAddressesMatchPyEVM() throws {
        #expect(Vectors.create.count >= 50)
        for row in Vectors.create {
            let sender = try Address(hex: row["sender"]!)
            let nonce = UInt64(try UInt256(parsing: row["nonce"]!))
            #expect(ContractAddress.create(sender: sender, nonce: nonce) == (try Address(hex: row["address"]!)))
        }
    }

    @Test func create2AddressesMatchPyEVM() throws {
        #expect(Vectors.create2.count >= 10)
        for row in Vectors.create2 {
            let sender = try Address(hex: row["sender"]!)
            let salt = try Hash(hex: row["salt"]!)
            let code = hex(row["initCode"]!)
            let expected = try Address(hex: row["address"]!)
            #expect(ContractAddress.create2(sender: sender, salt: salt, initCode: code) == expected)
            #expect(
                ContractAddress.create2(sender: sender, salt: salt, initCodeHash: try Hash(hex: row["initCodeHash"]!))
                    == expected)
        }
    }
}
