import EthPrimitives
import PropertyBased
import Testing

@testable import Secp256k1

@Suite struct SignatureTests {
    @Test(arguments: SigningVectors.shared.signatures)
    func signsExactlyLikeEthKeysAndRecovers(_ row: SigningVectors.RawSignature) throws {
        let key = try PrivateKey(hex: row.privateKey)
        let digest = try Hash(hex: row.digest)
        let signature = try key.sign(digest: digest)
        #expect(Hex.encode(signature.r.bigEndianBytes) == row.r)
        #expect(Hex.encode(signature.s.bigEndianBytes) == row.s)
        #expect(signature.yParity == (row.yParity == 1))
        #expect(try ECDSA.recoverAddress(digest: digest, signature: signature).checksummed == row.address)
        #expect(key.publicKey.isValidSignature(signature, digest: digest))
        #expect(try Signature(rsv: signature.rsv) == signature)
    }

    @Test(arguments: SigningVectors.shared.highS)
    func highSIsRefusedUnlessAllowed(_ row: SigningVectors.HighS) throws {
        let digest = try Hash(hex: row.digest)
        let signature = Signature(
            r: try UInt256(bigEndianBytes: [UInt8](hex: row.r)), s: try UInt256(bigEndianBytes: [UInt8](hex: row.s)),
            yParity: row.yParity == 1)
        #expect(!signature.isLowS)
        #expect(throws: Secp256k1Error.highS) { try ECDSA.recover(digest: digest, signature: signature) }
        let allowed = try ECDSA.recoverAddress(digest: digest, signature: signature, highS: .allow)
        #expect(allowed.checksummed == row.address)
        let low = signature.normalized()
        #expect(low.isLowS)
        #expect(low.yParity != signature.yParity)
        #expect(try ECDSA.recoverAddress(digest: digest, signature: low).checksummed == row.address)
        // verify follows Ethereum: only the low-s form is valid.
        let key = try ECDSA.recover(digest: digest, signature: low)
        #expect(key.isValidSignature(low, digest: digest))
        #expect(!key.isValidSignature(signature, digest: digest))
    }

    static let n = Signature.curveOrder
    static func word(_ hex: String) -> UInt256 { try! UInt256(bigEndianBytes: [UInt8](hex: hex)) }

    @Test(arguments: [
        (word("0x00"), word("0x01"), Secp256k1Error.signatureScalarOutOfRange),
        (word("0x01"), word("0x00"), .signatureScalarOutOfRange),
        (n, word("0x01"), .signatureScalarOutOfRange),
        (word("0x01"), n, .signatureScalarOutOfRange),
    ])
    func outOfRangeScalarsAreRefused(_ r: UInt256, _ s: UInt256, _ expected: Secp256k1Error) {
        let signature = Signature(r: r, s: s, yParity: false)
        #expect(throws: expected) {
            try ECDSA.recover(digest: Keccak256.hash("x"), signature: signature, highS: .allow)
        }
    }

    @Test func vConversions() throws {
        let r = SignatureTests.word("0x01")
        let s = SignatureTests.word("0x02")
        let even = Signature(r: r, s: s, yParity: false)
        let odd = Signature(r: r, s: s, yParity: true)
        #expect(even.legacyV == 27)
        #expect(odd.legacyV == 28)
        #expect(try even.eip155V(chainID: 1) == 37)
        #expect(try odd.eip155V(chainID: 1) == 38)
        #expect(try odd.eip155V(chainID: 31337) == 62710)
        #expect(throws: Secp256k1Error.chainIDTooLarge(.max)) { try odd.eip155V(chainID: .max) }
        #expect(try Signature.decodeV(27) == (false, nil))
        #expect(try Signature.decodeV(28) == (true, nil))
        #expect(try Signature.decodeV(37) == (false, 1))
        #expect(try Signature.decodeV(62710) == (true, 31337))
        for bad: UInt64 in [0, 1, 26, 29, 34] {
            #expect(throws: Secp256k1Error.invalidV(bad)) { try Signature.decodeV(bad) }
        }
        #expect(try Signature(r: r, s: s, legacyV: 28) == odd)
        #expect(throws: Secp256k1Error.invalidV(1)) { try Signature(r: r, s: s, legacyV: 1) }
        #expect(try Signature(r: r, s: s, eip155V: 62709, chainID: 31337) == even)
        #expect(throws: Secp256k1Error.chainIDMismatch(expected: 5, actual: 1)) {
            try Signature(r: r, s: s, eip155V: 37, chainID: 5)
        }
        #expect(throws: Secp256k1Error.invalidV(27)) { try Signature(r: r, s: s, eip155V: 27, chainID: 1) }
    }

    @Test func rsvEncoding() throws {
        let r = SignatureTests.word("0x" + String(repeating: "11", count: 32))
        let s = SignatureTests.word("0x" + String(repeating: "22", count: 32))
        let signature = Signature(r: r, s: s, yParity: true)
        #expect(signature.rsv == [UInt8](repeating: 0x11, count: 32) + [UInt8](repeating: 0x22, count: 32) + [28])
        #expect(try Signature(rsv: signature.compact + [1]) == signature)
        #expect(try Signature(rsv: signature.compact + [0]) == Signature(r: r, s: s, yParity: false))
        #expect(throws: Secp256k1Error.invalidV(2)) { try Signature(rsv: signature.compact + [2]) }
        #expect(throws: Secp256k1Error.invalidSignatureLength(64)) { try Signature(rsv: signature.compact) }
    }

    @Test func recoveryOfTheWrongDigestGivesAnotherAddress() throws {
        let key = try PrivateKey(bytes: [UInt8](repeating: 7, count: 32))
        let signature = try key.sign(digest: Keccak256.hash("a"))
        let other = try? ECDSA.recoverAddress(digest: Keccak256.hash("b"), signature: signature)
        #expect(other != key.address)
        #expect(!key.publicKey.isValidSignature(signature, digest: Keccak256.hash("b")))
    }

    // MARK: Properties

    @Test func everySignatureRecoversItsSignerIsDeterministicAndLowS() async {
        await propertyCheck(count: 200, input: Gen.uint8().array(of: 32), Gen.uint8().array(of: 32)) {
            keyBytes, digestBytes in
            guard let key = try? PrivateKey(bytes: keyBytes) else { return }  // 0 or ≥ n: about 2^-128
            let digest = try Hash(digestBytes)
            let signature = try key.sign(digest: digest)
            #expect(signature.isLowS)
            #expect(try key.sign(digest: digest) == signature)
            #expect(try ECDSA.recoverAddress(digest: digest, signature: signature) == key.address)
            #expect(ECDSA.verify(digest: digest, signature: signature, publicKey: key.publicKey))
        }
    }

    @Test func concurrentSigningSharesTheContextSafely() async throws {
        let key = try PrivateKey(bytes: [UInt8](repeating: 9, count: 32))
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<16 {
                group.addTask {
                    let digest = Keccak256.hash("message \(i)")
                    let signature = try key.sign(digest: digest)
                    return try ECDSA.recoverAddress(digest: digest, signature: signature) == key.address
                }
            }
            for try await ok in group { #expect(ok) }
        }
    }
}
