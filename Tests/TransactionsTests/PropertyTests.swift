import EthPrimitives
import PropertyBased
import Secp256k1
import Testing
import Transactions

/// Invariants over generated transactions: every signature recovers its signer, decoding then encoding gives the
/// bytes back, and no byte string decodes to something that encodes differently.
@Suite struct PropertyTests {
    /// Builds a transaction from a byte "program", so that shrinking the program shrinks the transaction.
    static func build(_ program: [UInt8]) -> TransactionEnvelope {
        var bytes = program[...]
        func byte() -> UInt8 { bytes.popFirst() ?? 0 }
        func take(_ count: Int) -> [UInt8] {
            let taken = Array(bytes.prefix(count))
            bytes = bytes.dropFirst(count)
            return taken
        }
        /// An integer of `byte() % (maxBytes + 1)` bytes, favouring the edges.
        func integer(maxBytes: Int) -> UInt256 {
            let shape = byte()
            switch shape % 8 {
            case 0: return 0
            case 1: return maxBytes == 32 ? .max : UInt256(UInt64.max)
            case 2: return UInt256(shape >> 3)
            default:
                let count = Int(shape >> 3) % (maxBytes + 1)
                return try! UInt256(bigEndianBytes: take(count) + [UInt8](repeating: 0, count: 0))
            }
        }
        func u64() -> UInt64 { UInt64(truncatingIfNeeded: integer(maxBytes: 8)) }
        func address() -> Address? {
            let shape = byte()
            if shape % 5 == 0 { return nil }
            return try! Address([UInt8](repeating: shape, count: 20))
        }
        func data() -> [UInt8] {
            let sizes = [0, 1, 2, 55, 56, 300]
            let size = sizes[Int(byte()) % sizes.count]
            let fill = byte()
            return (0..<size).map { UInt8(truncatingIfNeeded: $0 &* Int(fill)) }
        }
        func accessList() -> AccessList {
            AccessList(
                (0..<Int(byte() % 4)).map { i in
                    AccessListItem(
                        address: try! Address([UInt8](repeating: UInt8(i) &+ byte(), count: 20)),
                        storageKeys: (0..<Int(byte() % 3)).map { _ in try! Hash([UInt8](repeating: byte(), count: 32)) }
                    )
                })
        }
        switch byte() % 4 {
        case 0:
            return .legacy(
                LegacyTransaction(
                    chainID: nil, nonce: u64(), gasPrice: integer(maxBytes: 32), gasLimit: u64(), to: address(),
                    value: integer(maxBytes: 32), data: data()))
        case 1:
            return .legacy(
                LegacyTransaction(
                    chainID: u64(), nonce: u64(), gasPrice: integer(maxBytes: 32), gasLimit: u64(), to: address(),
                    value: integer(maxBytes: 32), data: data()))
        case 2:
            return .eip2930(
                EIP2930Transaction(
                    chainID: u64(), nonce: u64(), gasPrice: integer(maxBytes: 32), gasLimit: u64(), to: address(),
                    value: integer(maxBytes: 32), data: data(), accessList: accessList()))
        default:
            return .eip1559(
                EIP1559Transaction(
                    chainID: u64(), nonce: u64(), maxPriorityFeePerGas: integer(maxBytes: 32),
                    maxFeePerGas: integer(maxBytes: 32), gasLimit: u64(), to: address(),
                    value: integer(maxBytes: 32), data: data(), accessList: accessList()))
        }
    }

    /// A valid private key from a seed (1 ≤ k < n always: the top byte is 0x01).
    static func key(_ seed: UInt64) -> PrivateKey {
        var bytes = [UInt8](repeating: 0x01, count: 24)
        withUnsafeBytes(of: seed.bigEndian) { bytes += $0 }
        return try! PrivateKey(bytes: bytes)
    }

    @Test func everySignatureRecoversItsSigner() async {
        await propertyCheck(count: 300, input: Gen.uint8().array(of: 0...64), Gen.uint64()) { program, seed in
            let key = Self.key(seed)
            let signed = try Self.build(program).sign(with: key)
            #expect(try signed.recoverSender() == key.address)
            #expect(signed.signature.isLowS)
            let decoded = try SignedTransaction.decode(signed.encode())
            #expect(try decoded.recoverSender() == key.address)
        }
    }

    @Test func decodeThenEncodeGivesTheBytes() async {
        await propertyCheck(count: 300, input: Gen.uint8().array(of: 0...64), Gen.uint64()) { program, seed in
            let signed = try Self.build(program).sign(with: Self.key(seed))
            let raw = signed.encode()
            #expect(signed.encodedLength == raw.count)
            #expect(signed.hash == Keccak256.hash(raw))
            let decoded = try SignedTransaction.decode(raw)
            #expect(decoded == signed)
            #expect(decoded.encode() == raw)
        }
    }

    /// The fuzz target's property in miniature: a changed byte either is refused or decodes to a transaction that
    /// encodes to exactly the changed bytes.
    @Test func mutatedTransactionsDecodeToTheirOwnEncodingOrAreRefused() async {
        await propertyCheck(
            count: 1000, input: Gen.uint8().array(of: 0...40), Gen.int(in: 0...100_000), Gen.uint8()
        ) { program, position, byte in
            var raw = try Self.build(program).sign(with: Self.key(7)).encode()
            raw[position % raw.count] = byte
            if let decoded = try? SignedTransaction.decode(raw) {
                #expect(decoded.encode() == raw)
                #expect(decoded.hash == Keccak256.hash(raw))
            }
        }
    }

    @Test func truncatedTransactionsAreRefused() async {
        await propertyCheck(count: 300, input: Gen.uint8().array(of: 0...40), Gen.int(in: 0...100_000)) {
            program, cut in
            let raw = try Self.build(program).sign(with: Self.key(11)).encode()
            let prefix = Array(raw.prefix(cut % raw.count))
            #expect(throws: TransactionError.self) { try SignedTransaction.decode(prefix) }
        }
    }
}
