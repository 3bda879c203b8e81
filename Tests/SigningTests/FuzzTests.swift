import EthPrimitives
import PropertyBased
import Secp256k1
import Testing

@testable import Signing

/// Decoders never crash: arbitrary input parses or throws a `SigningError`, and what parses re-encodes consistently.
@Suite struct FuzzTests {
    static let seedDocument = TypedDataTests.mailJSON

    @Test func arbitraryTextIsParsedOrRefused() async {
        await propertyCheck(count: 300, input: Gen.uint8(in: 0x20...0x7e).array(of: 0...64)) { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            _ = try? JSONValue.parse(text)
            _ = try? TypedData(json: text)
        }
    }

    /// One byte of a valid typed data document changed: the result is a typed data value or a one-line error.
    @Test func mutatedTypedDataIsParsedOrRefused() async {
        let original = Array(Self.seedDocument.utf8)
        await propertyCheck(count: 300, input: Gen.int(in: 0..<original.count), Gen.uint8(in: 0x20...0x7e)) {
            offset, byte in
            var mutated = original
            mutated[offset] = byte
            do {
                let typed = try TypedData(json: String(decoding: mutated, as: UTF8.self))
                _ = typed.signingHash
            } catch {
                #expect(!"\(error)".contains("\n"))
            }
        }
    }

    @Test func signatureBytesDecodeOrThrow() async {
        await propertyCheck(count: 300, input: Gen.uint8().array(of: 65)) { bytes in
            guard let signature = try? Signature(rsv: bytes) else {
                #expect(![0, 1, 27, 28].contains(bytes[64]))
                return
            }
            // Re-encoding gives the same r and s; v comes back as 27/28.
            #expect(Array(signature.rsv[0..<64]) == Array(bytes[0..<64]))
            #expect(signature.rsv[64] == (bytes[64] % 27 == 1 || bytes[64] == 28 ? 28 : 27))
        }
    }

    @Test func keystoreTextIsReadOrRefused() async {
        await propertyCheck(count: 100, input: Gen.uint8(in: 0x20...0x7e).array(of: 0...80)) { bytes in
            #expect(throws: SigningError.self) {
                try Keystore.decrypt(String(decoding: bytes, as: UTF8.self), password: "")
            }
        }
    }
}
