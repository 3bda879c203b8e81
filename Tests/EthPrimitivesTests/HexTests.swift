import Foundation
import Testing

@testable import EthPrimitives

@Suite struct HexTests {
    @Test(arguments: [
        ("0x", [UInt8]()),
        ("", []),
        ("0x00", [0]),
        ("0xDEADbeef", [0xde, 0xad, 0xbe, 0xef]),
        ("ff01", [0xff, 0x01]),
        ("0X0a", [0x0a]),
    ])
    func decodes(text: String, bytes: [UInt8]) throws {
        #expect(try Hex.decode(text) == bytes)
    }

    @Test(arguments: [
        ("0x0", PrimitivesError.oddHexLength(digits: 1)),
        ("0xzz", PrimitivesError.invalidHexCharacter("z", offset: 2)),
        ("0x0g", PrimitivesError.invalidHexCharacter("g", offset: 3)),
        ("0xé0", PrimitivesError.invalidHexCharacter("é", offset: 2)),
    ])
    func rejects(text: String, error: PrimitivesError) {
        #expect(throws: error) { try Hex.decode(text) }
    }

    @Test func requiresPrefixWhenAsked() {
        #expect(throws: PrimitivesError.missingHexPrefix) { try Hex.decode("00", requirePrefix: true) }
        #expect(Hex.isPrefixedHex("0x00"))
        #expect(!Hex.isPrefixedHex("00"))
    }

    @Test func encodesLowercase() {
        #expect(Hex.encode([0xde, 0xad, 0xbe, 0xef]) == "0xdeadbeef")
        #expect(Hex.encode([UInt8]()) == "0x")
        #expect(Hex.encode([UInt8](), prefix: false) == "")
        #expect(Hex.encode([0x0a, 0xff], prefix: false) == "0aff")
        #expect([UInt8](0...255).hexString.count == 2 + 512)
    }

    @Test func roundTripsEveryByte() throws {
        let all = [UInt8](0...255)
        #expect(try [UInt8](hex: all.hexString) == all)
        #expect(try [UInt8](hex: all.hexString.uppercased().replacingOccurrences(of: "0X", with: "0x")) == all)
    }

    @Test func errorsReadAsSentences() {
        #expect(PrimitivesError.oddHexLength(digits: 3).description.hasPrefix("hex: "))
    }
}

@Suite struct HexPathTests {
    /// Substrings and bridged text may not be contiguous UTF-8; both paths must agree on values and errors.
    @Test(arguments: ["0x00ff", "0xABcd", "00", "0x", "0x0g", "0x0", "0xé0", "zz"])
    func contiguousAndCopiedPathsAgree(text: String) {
        let viaString = Result { () throws(PrimitivesError) in try Hex.decode(text) }
        let viaSubstring = Result { () throws(PrimitivesError) in try Hex.decode(text[...]) }
        let viaSlowPath = Result { () throws(PrimitivesError) in
            try Hex.decodeReportingError(Array(text.utf8), requirePrefix: false)
        }
        #expect(viaString == viaSlowPath)
        #expect(viaSubstring == viaSlowPath)
    }
}
