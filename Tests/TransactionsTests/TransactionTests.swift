import EthPrimitives
import RLP
import Secp256k1
import Testing
import Transactions

/// Named examples from the EIPs and the behaviour of each type's API.
struct TransactionTests {
    static let eip155Key = try! PrivateKey(hex: "0x" + String(repeating: "46", count: 32))
    static let recipient = try! Address(hex: "0x" + String(repeating: "35", count: 20))

    /// EIP-155's own example: nonce 9, 20 gwei, 21000 gas, 1 ether to 0x3535…35, key 0x4646…46, chain 1.
    @Test func eip155Example() throws {
        let tx = LegacyTransaction(
            chainID: 1, nonce: 9, gasPrice: 20_000_000_000, gasLimit: 21_000, to: Self.recipient,
            value: 1_000_000_000_000_000_000)
        #expect(
            tx.signingPayload
                == hex(
                    "0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a7640000"
                        + "80018080"))
        #expect(tx.signingHash == (try Hash(hex: "0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53")))
        let signed = try tx.sign(with: Self.eip155Key)
        #expect(signed.v == 37)
        #expect(
            signed.signature.r
                == (try UInt256(
                    parsing: "18515461264373351373200002665853028612451056578545711640558177340181847433846")))
        #expect(
            signed.signature.s
                == (try UInt256(
                    parsing: "46948507304638947509940763649030358759909902576025900602547168820602576006531")))
        #expect(
            signed.encode()
                == hex(
                    "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025"
                        + "a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276"
                        + "a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83"))
        #expect(try signed.recoverSender() == (try Address(hex: "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F")))
        #expect(signed.type == .legacy)
        #expect(signed.transaction.chainID == 1)
    }

    @Test func preEIP155TransactionsUse27And28() throws {
        let tx = LegacyTransaction(chainID: nil, nonce: 9, gasPrice: 1, gasLimit: 21_000, to: Self.recipient)
        // Six fields, without EIP-155's chain id and zeros.
        #expect(try RLPDecoder.decode(RLPItem.self, from: tx.signingPayload).items?.count == 6)
        let signed = try tx.sign(with: Self.eip155Key)
        #expect(signed.v == 27 || signed.v == 28)
        #expect(signed.v == (signed.signature.yParity ? 28 : 27))
        let decoded = try SignedTransaction.decode(signed.encode())
        #expect(decoded.transaction.chainID == nil)
        #expect(try decoded.recoverSender() == Self.eip155Key.address)
    }

    @Test func eip155VBeyond64BitsForLargeChainIDs() throws {
        let tx = LegacyTransaction(chainID: .max, nonce: 0, gasPrice: 1, gasLimit: 21_000, to: nil)
        let signed = try tx.sign(with: Self.eip155Key)
        #expect(signed.v == UInt256(UInt64.max) * 2 + 35 + (signed.signature.yParity ? 1 : 0))
        #expect(signed.v > UInt256(UInt64.max))
        let decoded = try SignedTransaction.decode(signed.encode())
        #expect(decoded.transaction.chainID == .max)
        #expect(decoded == signed)
    }

    @Test func typedTransactionsCarryYParityAsV() throws {
        let tx = EIP1559Transaction(
            chainID: 10, nonce: 1, maxPriorityFeePerGas: 2, maxFeePerGas: 3, gasLimit: 30_000, to: Self.recipient)
        let signed = try tx.sign(with: Self.eip155Key)
        #expect(signed.v == (signed.signature.yParity ? 1 : 0))
        #expect(signed.encode().first == 0x02)
        #expect(tx.signingPayload.first == 0x02)
        let tx2930 = EIP2930Transaction(chainID: 10, nonce: 1, gasPrice: 3, gasLimit: 30_000, to: Self.recipient)
        #expect(try tx2930.sign(with: Self.eip155Key).encode().first == 0x01)
    }

    @Test func signingIsDeterministicAndLowS() throws {
        let tx = TransactionEnvelope.eip2930(
            EIP2930Transaction(
                chainID: 1, nonce: 0, gasPrice: 1, gasLimit: 50_000, to: nil, data: [0x60, 0x00],
                accessList: [AccessListItem(address: Self.recipient, storageKeys: [.zero])]))
        let a = try tx.sign(with: Self.eip155Key)
        let b = try tx.sign(with: Self.eip155Key)
        #expect(a == b)
        #expect(a.signature.isLowS)
    }

    /// Every field is covered by the signature: changing any one changes the signing hash.
    @Test func everyFieldIsSigned() {
        let base = EIP1559Transaction(
            chainID: 1, nonce: 1, maxPriorityFeePerGas: 1, maxFeePerGas: 1, gasLimit: 1, to: Self.recipient,
            value: 1, data: [1], accessList: [AccessListItem(address: Self.recipient, storageKeys: [.zero])])
        var variants: [EIP1559Transaction] = []
        for change in 0..<10 {
            var tx = base
            switch change {
            case 0: tx.chainID = 2
            case 1: tx.nonce = 2
            case 2: tx.maxPriorityFeePerGas = 2
            case 3: tx.maxFeePerGas = 2
            case 4: tx.gasLimit = 2
            case 5: tx.to = nil
            case 6: tx.value = 2
            case 7: tx.data = [2]
            case 8: tx.accessList = []
            default: tx.accessList[0].storageKeys = []
            }
            variants.append(tx)
        }
        let hashes = Set(variants.map(\.signingHash) + [base.signingHash])
        #expect(hashes.count == variants.count + 1)
    }

    @Test func envelopeReadsEachTypesFields() {
        let legacy = TransactionEnvelope.legacy(
            LegacyTransaction(chainID: 5, nonce: 1, gasPrice: 7, gasLimit: 21_000, to: Self.recipient, value: 3))
        #expect(legacy.gasPrice == 7 && legacy.maxFeePerGas == nil && legacy.maxPriorityFeePerGas == nil)
        #expect(legacy.maxPricePerGas == 7 && legacy.accessList.isEmpty && legacy.type == .legacy)
        let dynamic = TransactionEnvelope.eip1559(
            EIP1559Transaction(
                chainID: 5, nonce: 1, maxPriorityFeePerGas: 2, maxFeePerGas: 9, gasLimit: 21_000, to: nil))
        #expect(dynamic.gasPrice == nil && dynamic.maxFeePerGas == 9 && dynamic.maxPriorityFeePerGas == 2)
        #expect(dynamic.maxPricePerGas == 9 && dynamic.isContractCreation && dynamic.chainID == 5)
    }

    @Test func signedTransactionRefusesSignaturesEthereumDoesNot() throws {
        let tx = TransactionEnvelope.legacy(
            LegacyTransaction(chainID: 1, nonce: 0, gasPrice: 1, gasLimit: 21_000, to: Self.recipient))
        let good = try tx.sign(with: Self.eip155Key).signature
        let high = Signature(r: good.r, s: Signature.curveOrder - good.s, yParity: !good.yParity)
        #expect(throws: TransactionError.highS(offset: 1 + 1 + 1 + 1 + 3 + 21 + 1 + 1 + 1 + 33)) {
            try SignedTransaction(transaction: tx, signature: high)
        }
        #expect {
            try SignedTransaction(transaction: tx, signature: Signature(r: 0, s: good.s, yParity: false))
        } throws: { ($0 as? TransactionError)?.rule == "signatureScalarOutOfRange" }
        #expect {
            try SignedTransaction(
                transaction: tx, signature: Signature(r: good.r, s: Signature.curveOrder, yParity: false))
        } throws: { ($0 as? TransactionError)?.rule == "signatureScalarOutOfRange" }
        // The offset the error names is where s sits in the encoding.
        let encoded = try SignedTransaction(transaction: tx, signature: good).encode()
        var decoder = RLPDecoder(encoded)
        var fields = try decoder.readList()
        for _ in 0..<8 { try fields.skip() }
        #expect(fields.offset == 1 + 1 + 1 + 1 + 3 + 21 + 1 + 1 + 1 + 33)
    }

    @Test func recoveryFailsForAnRThatIsNoCurvePoint() throws {
        // r = 5 is the x of no point with a valid recovery for this digest and parity in this vector (found by
        // scanning small r); decoding accepts it, recovery does not.
        let tx = TransactionEnvelope.legacy(
            LegacyTransaction(chainID: 1, nonce: 0, gasPrice: 1, gasLimit: 21_000, to: Self.recipient))
        var failures = 0
        for r in 1...40 as ClosedRange<UInt64> {
            let signed = try SignedTransaction(
                transaction: tx, signature: Signature(r: UInt256(r), s: 1, yParity: false))
            do { _ = try signed.recoverSender() } catch {
                failures += 1
                #expect(error == .recoveryFailed)
            }
        }
        // About half of all x values are on the curve.
        #expect(failures > 5 && failures < 35)
    }
}

/// CREATE and CREATE2 addresses from their specifications' examples.
struct ContractAddressTests {
    @Test(
        arguments: [
            (0, "0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d"),
            (1, "0x343c43a37d37dff08ae8c4a11544c718abb4fcf8"),
            (2, "0xf778b86fa74e846c4f0a1fbd1335fe81c00a0c91"),
            (3, "0xfffd933a0bc612844eaf0c6fe3e5b8e9b6c1d19c"),
        ] as [(UInt64, String)])
    func createFromSenderAndNonce(nonce: UInt64, address: String) throws {
        let sender = try Address(hex: "0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0")
        #expect(ContractAddress.create(sender: sender, nonce: nonce) == (try Address(hex: address)))
    }

    /// EIP-1014's examples.
    @Test(arguments: [
        (
            "0x0000000000000000000000000000000000000000", "0x" + String(repeating: "00", count: 32), "0x00",
            "0x4D1A2e2bB4F88F0250f26Ffff098B0b30B26BF38"
        ),
        (
            "0xdeadbeef00000000000000000000000000000000", "0x" + String(repeating: "00", count: 32), "0x00",
            "0xB928f69Bb1D91Cd65274e3c79d8986362984fDA3"
        ),
        (
            "0xdeadbeef00000000000000000000000000000000",
            "0x000000000000000000000000feed000000000000000000000000000000000000", "0x00",
            "0xD04116cDd17beBE565EB2422F2497E06cC1C9833"
        ),
        (
            "0x0000000000000000000000000000000000000000", "0x" + String(repeating: "00", count: 32), "0xdeadbeef",
            "0x70f2b2914A2a4b783FaEFb75f459A580616Fcb5e"
        ),
        (
            "0x00000000000000000000000000000000deadbeef",
            "0x00000000000000000000000000000000000000000000000000000000cafebabe", "0xdeadbeef",
            "0x60f3f640a8508fC6a86d45DF051962668E1e8AC7"
        ),
        (
            "0x00000000000000000000000000000000deadbeef",
            "0x00000000000000000000000000000000000000000000000000000000cafebabe",
            "0x" + String(repeating: "deadbeef", count: 11), "0x1d8bfDC5D46DC4f61D6b6115972536eBE6A8854C"
        ),
        (
            "0x0000000000000000000000000000000000000000", "0x" + String(repeating: "00", count: 32), "0x",
            "0xE33C0C7F7df4809055C3ebA6c09CFe4BaF1BD9e0"
        ),
    ])
    func create2FromEIP1014(sender: String, salt: String, initCode: String, address: String) throws {
        let created = ContractAddress.create2(
            sender: try Address(hex: sender), salt: try Hash(hex: salt), initCode: hex(initCode))
        #expect(created == (try Address(hex: address)))
    }

    @Test func creationTransactionsNameTheirContract() throws {
        let key = try PrivateKey(hex: "0x" + String(repeating: "46", count: 32))
        let creation = try EIP1559Transaction(
            chainID: 1, nonce: 3, maxPriorityFeePerGas: 1, maxFeePerGas: 2, gasLimit: 100_000, to: nil,
            data: [0x60, 0x00]
        ).sign(with: key)
        #expect(try creation.contractAddress() == ContractAddress.create(sender: key.address, nonce: 3))
        let call = try EIP1559Transaction(
            chainID: 1, nonce: 3, maxPriorityFeePerGas: 1, maxFeePerGas: 2, gasLimit: 100_000, to: key.address
        ).sign(with: key)
        #expect(try call.contractAddress() == nil)
        #expect(call.transaction.contractAddress(sender: key.address) == nil)
    }
}
