import Foundation
import Testing

@testable import MeteredCLI

@Suite struct RLPVerbTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let casesFile = packageRoot.appendingPathComponent(
        "../shared/vectors/ethereum-tests/cli-cases/ethtests_rlp.json"
    ).standardized

    /// Exactly one line on stdout, nothing on stderr, status 0.
    func expectOutput(_ arguments: [String], _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let outcome = CLIRunner.run(arguments)
        #expect(outcome == .init(exitCode: 0, stdout: expected + "\n", stderr: ""), sourceLocation: sourceLocation)
    }

    /// A non-zero status and one line on stderr that contains `fragment`.
    func expectError(_ arguments: [String], _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let outcome = CLIRunner.run(arguments)
        #expect(outcome.exitCode != 0, sourceLocation: sourceLocation)
        #expect(outcome.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(outcome.stderr.hasPrefix("error: "), sourceLocation: sourceLocation)
        #expect(outcome.stderr.filter { $0 == "\n" }.count == 1, sourceLocation: sourceLocation)
        #expect(outcome.stderr.contains(fragment), "\(outcome.stderr)", sourceLocation: sourceLocation)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: casesFile.path)))
    func ethereumCLICases() throws {
        let data = try Data(contentsOf: Self.casesFile)
        let cases = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(cases.count >= 80)
        for testCase in cases {
            let arguments = try #require(testCase["verb"] as? [String])
            let note = testCase["note"] as? String ?? ""
            let outcome = CLIRunner.run(arguments)
            if let expected = testCase["expect"] as? String {
                #expect(outcome == .init(exitCode: 0, stdout: expected + "\n", stderr: ""), "\(note)")
            } else {
                #expect(outcome.exitCode != 0, "\(note): \(outcome.stdout)")
                #expect(outcome.stdout.isEmpty, "\(note)")
                #expect(outcome.stderr.hasPrefix("error: rlp: "), "\(note): \(outcome.stderr)")
                #expect(outcome.stderr.filter { $0 == "\n" }.count == 1, "\(note)")
            }
        }
    }

    @Test func toRLP() {
        expectOutput(["to-rlp", "\"0x646f67\""], "0x83646f67")
        expectOutput(["to-rlp", "\"0x\""], "0x80")
        expectOutput(["to-rlp", "[]"], "0xc0")
        expectOutput(["to-rlp", " [ \"0x636174\" ,\n[\"0x\"], [] ] "], "0xc783636174c180c0")
        expectOutput(["to-rlp", "\"0xDEADbeef\""], "0x84deadbeef")
        expectOutput(["to-rlp", "\"\\u0030x01\""], "0x01")
        expectOutput(["to-rlp", "[[], [[]], [[], [[]]]]"], "0xc7c0c1c0c3c0c1c0")
    }

    @Test func fromRLP() {
        expectOutput(["from-rlp", "0x80"], "\"0x\"")
        expectOutput(["from-rlp", "0xC0"], "[]")
        expectOutput(["from-rlp", "0xc783636174c180c0"], "[\"0x636174\",[\"0x\"],[]]")
        expectOutput(["from-rlp", "0x84DEADBEEF"], "\"0xdeadbeef\"")
    }

    @Test func toRLPRefusesWhatIsNotHexBytesOrArrays() {
        expectError(["to-rlp", "\"dog\""], "to-rlp: \"dog\" is not hex bytes")
        expectError(["to-rlp", "\"0x123\""], "is not hex bytes")
        expectError(["to-rlp", "\"646f67\""], "is not hex bytes")
        expectError(["to-rlp", "[1]"], "expected a hex string or an array but found character \"1\" at offset 1")
        expectError(["to-rlp", "{}"], "at offset 0")
        expectError(["to-rlp", "null"], "at offset 0")
        expectError(["to-rlp", "[\"0x01\",]"], "found character \"]\" at offset 8")
        expectError(["to-rlp", "[\"0x01\""], "unterminated array")
        expectError(["to-rlp", "\"0x01"], "unterminated string at offset 0")
        expectError(["to-rlp", "\"0x01\" \"0x02\""], "after the value at offset 7")
        expectError(["to-rlp", ""], "found the end of input")
        expectError(["to-rlp", "\"\\x\""], "invalid escape")
        expectError(["to-rlp", "\"\\ud800\""], "unpaired surrogate")
        expectError(["to-rlp", String(repeating: "[", count: 100_000)], "arrays nest deeper than 256")
    }

    @Test func fromRLPRefusesNonCanonicalAndTrailingInput() {
        expectError(["from-rlp", "0x8100"], "rlp: nonCanonicalSingleByte: the item at offset 0")
        expectError(["from-rlp", "0xb801ff"], "rlp: nonCanonicalSize")
        expectError(["from-rlp", "0xb800"], "rlp: leadingZeroInLength")
        expectError(["from-rlp", "0x8080"], "rlp: trailingBytes: unexpected bytes at offset 1")
        expectError(["from-rlp", "0x"], "rlp: truncated")
        expectError(["from-rlp", "0xc3808105"], "offset 2")
        expectError(["from-rlp", "0x8"], "hex: odd number of hex digits")
        expectError(["from-rlp", "80"], "hex: expected 0x")
        expectError(["from-rlp", "0xzz"], "hex: invalid character")
        expectError(["from-rlp", "0x" + String(repeating: "c1", count: 100_000)], "rlp: lengthPastEnd")
        expectError(["from-rlp"], "Missing expected argument")
    }

    @Test func verbsHaveHelp() {
        for verb in ["to-rlp", "from-rlp"] {
            let outcome = CLIRunner.run([verb, "--help"])
            #expect(outcome.exitCode == 0)
            #expect(outcome.stdout.contains("USAGE: metered \(verb)"))
            #expect(outcome.stderr.isEmpty)
        }
    }
}
