import Foundation
import Testing

@testable import MeteredCLI

/// The package's `vectors/` folder, found from this file's path.
private let vectorsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("vectors")

/// Expected result of one invocation: the stdout line, or an error whose one-line message contains `error`.
struct VerbCase: Sendable, CustomTestStringConvertible {
    var arguments: [String]
    var stdout: String?
    var error: String?
    var testDescription: String { arguments.map { String(reflecting: $0) }.joined(separator: " ") }

    static func ok(_ arguments: [String], _ stdout: String) -> VerbCase {
        VerbCase(arguments: arguments, stdout: stdout, error: nil)
    }
    static func fails(_ arguments: [String], _ error: String) -> VerbCase {
        VerbCase(arguments: arguments, stdout: nil, error: error)
    }

    func check() {
        let outcome = CLIRunner.run(arguments)
        if let stdout {
            #expect(outcome == .init(exitCode: 0, stdout: stdout + "\n", stderr: ""), "\(testDescription)")
        } else if let error {
            #expect(outcome.exitCode != 0, "\(testDescription)")
            #expect(outcome.stdout.isEmpty, "\(testDescription)")
            #expect(outcome.stderr.hasPrefix("error: "), "\(testDescription)")
            #expect(outcome.stderr.contains(error), "\(testDescription): \(outcome.stderr)")
            #expect(outcome.stderr.filter { $0 == "\n" }.count == 1, "\(testDescription): one line")
        }
    }
}

@Suite struct KeccakVerbTests {
    @Test(arguments: [
        VerbCase.ok(["keccak", ""], "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"),
        .ok(["keccak", "0x"], "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"),
        .ok(["keccak", "hello world"], "0x47173285a8d7341e5e972fc677286384f802f8ef42a5ec5f03bbfa254cb01fad"),
        // "hello world" as hex bytes, in either case of digits.
        .ok(
            ["keccak", "0x68656c6c6f20776f726c64"],
            "0x47173285a8d7341e5e972fc677286384f802f8ef42a5ec5f03bbfa254cb01fad"),
        .ok(
            ["keccak", "0x68656C6C6F20776F726C64"],
            "0x47173285a8d7341e5e972fc677286384f802f8ef42a5ec5f03bbfa254cb01fad"),
        .ok(
            ["keccak", "Transfer(address,address,uint256)"],
            "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"),
        // Only a lowercase 0x makes hex: "0X00" is four characters of text, like "0X00" in cast.
        .ok(["keccak", "0X00"], "0x37f89d5511028ae62a589ae915b1c3c4a3a2ff4cb4ea0dd2f9efce72c295f972"),
        .fails(["keccak", "0xzz"], "hex: invalid character \"z\" at offset 2"),
        .fails(["keccak", "0x0g"], "hex: invalid character \"g\" at offset 3"),
        .fails(["keccak", "0xabc"], "hex: odd number of hex digits (3)"),
        .fails(["keccak", "0x00 "], "hex: invalid character \" \" at offset 4"),
        .fails(["keccak"], "Missing expected argument '<data>'"),
        .fails(["keccak", "a", "b"], "Unexpected argument 'b'"),
    ])
    func keccak(_ verbCase: VerbCase) {
        verbCase.check()
    }

    @Test(arguments: [
        VerbCase.ok(
            ["to-checksum", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"], "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
        .ok(
            ["to-checksum", "0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED"], "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
        .ok(
            ["to-checksum", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"], "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
        .ok(
            ["to-checksum", "0x0000000000000000000000000000000000000000"], "0x0000000000000000000000000000000000000000"),
        .fails(
            ["to-checksum", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"],
            "address: 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD fails its EIP-55 checksum (expected "
                + "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
        .fails(["to-checksum", "5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"], "hex: expected 0x followed by hex digits"),
        .fails(["to-checksum", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea"], "address: expected 20 bytes, got 19"),
        .fails(["to-checksum", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed00"], "address: expected 20 bytes, got 21"),
        .fails(["to-checksum", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae"], "hex: odd number of hex digits (39)"),
        .fails(
            ["to-checksum", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg"], "hex: invalid character \"g\" at offset 41"),
        .fails(["to-checksum"], "Missing expected argument '<address>'"),
    ])
    func toChecksum(_ verbCase: VerbCase) {
        verbCase.check()
    }

    @Test(arguments: ["keccak", "to-checksum"])
    func helpDescribesTheVerb(verb: String) {
        for arguments in [[verb, "--help"], ["help", verb], [verb, "-h"]] {
            let outcome = CLIRunner.run(arguments)
            #expect(outcome.exitCode == 0, "\(arguments)")
            #expect(outcome.stdout.contains("USAGE: metered \(verb)"), "\(arguments)")
            #expect(outcome.stderr.isEmpty)
        }
    }

    @Test func errorsPointToTheVerbsHelp() {
        #expect(CLIRunner.run(["keccak", "0xzz"]).stderr.hasSuffix("(see 'metered keccak --help')\n"))
    }

    /// Every text row of vectors/keccak.json (pycryptodome) through the verb, and its hex form too.
    @Test func keccakTextVectors() throws {
        struct File: Decodable {
            struct Text: Decodable {
                var text: String
                var keccak256: String
            }
            var text: [Text]
        }
        let file = try JSONDecoder().decode(
            File.self, from: Data(contentsOf: vectorsFolder.appendingPathComponent("keccak.json")))
        #expect(!file.text.isEmpty)
        for row in file.text {
            VerbCase.ok(["keccak", row.text], row.keccak256).check()
            let hex = "0x" + row.text.utf8.map { String(format: "%02x", $0) }.joined()
            VerbCase.ok(["keccak", hex], row.keccak256).check()
        }
    }

    /// Every address of vectors/address.json (eth-utils) through the verb, from lowercase and uppercase digits.
    @Test func toChecksumVectors() throws {
        struct File: Decodable {
            struct Checksum: Decodable {
                var lower: String
                var checksummed: String
            }
            struct Invalid: Decodable {
                var input: String
            }
            var checksum: [Checksum]
            var invalid: [Invalid]
        }
        let file = try JSONDecoder().decode(
            File.self, from: Data(contentsOf: vectorsFolder.appendingPathComponent("address.json")))
        #expect(file.checksum.count > 100)
        for row in file.checksum {
            VerbCase.ok(["to-checksum", row.lower], row.checksummed).check()
            VerbCase.ok(["to-checksum", "0x" + row.lower.dropFirst(2).uppercased()], row.checksummed).check()
        }
        for row in file.invalid where !row.input.hasPrefix("-") {
            let outcome = CLIRunner.run(["to-checksum", row.input])
            #expect(outcome.exitCode != 0 && outcome.stdout.isEmpty, "\(String(reflecting: row.input))")
        }
    }
}
