import ABI
import EthPrimitives
import Foundation
import Testing

@testable import MeteredCLI

/// Bytes from hex written one 32-byte word per line (whitespace ignored).
private func words(_ text: String) -> String {
    "0x" + text.split(whereSeparator: \.isWhitespace).joined()
}

@Suite struct AbiVerbTests {
    @Test(arguments: [
        (["sig", "transfer(address,uint256)"], "0xa9059cbb"),
        (["sig", "function transfer(address to, uint256 amount) external returns (bool)"], "0xa9059cbb"),
        (["sig", "balanceOf(address)"], "0x70a08231"),
        (["sig", "g(uint[][],string[])"], "0x2289b18c"),
        (
            ["sig", "function aggregate3((address target, bool allowFailure, bytes callData)[] calls) payable"],
            "0x82ad56cb"
        ),
        (
            ["sig-event", "Transfer(address,address,uint256)"],
            "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"
        ),
        (
            ["sig-event", "event Transfer(address indexed from, address indexed to, uint256 value)"],
            "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"
        ),
        (["abi-encode", "f()"], "0x"),
        (["abi-encode", "f(int8)", "-5"], words("fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffb")),
        (
            ["abi-encode", "f(uint8,int8)", "3", "-5"],
            words(
                """
                0000000000000000000000000000000000000000000000000000000000000003
                fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffb
                """)
        ),
        (
            ["abi-encode", "f(int256,uint8)", "-0x1", "0xff"],
            words(
                """
                ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff
                00000000000000000000000000000000000000000000000000000000000000ff
                """)
        ),
        (
            ["abi-encode", "f(string,string)", "--looks-like-a-flag", "-x"],
            words(
                """
                0000000000000000000000000000000000000000000000000000000000000040
                0000000000000000000000000000000000000000000000000000000000000080
                0000000000000000000000000000000000000000000000000000000000000013
                2d2d6c6f6f6b732d6c696b652d612d666c616700000000000000000000000000
                0000000000000000000000000000000000000000000000000000000000000002
                2d78000000000000000000000000000000000000000000000000000000000000
                """)
        ),
        (
            ["abi-encode", "function f((uint8 id, string name)[] items)", "[(1, \"a,b\"), (2,c)]"],
            words(
                """
                0000000000000000000000000000000000000000000000000000000000000020
                0000000000000000000000000000000000000000000000000000000000000002
                0000000000000000000000000000000000000000000000000000000000000040
                00000000000000000000000000000000000000000000000000000000000000c0
                0000000000000000000000000000000000000000000000000000000000000001
                0000000000000000000000000000000000000000000000000000000000000040
                0000000000000000000000000000000000000000000000000000000000000003
                612c620000000000000000000000000000000000000000000000000000000000
                0000000000000000000000000000000000000000000000000000000000000002
                0000000000000000000000000000000000000000000000000000000000000040
                0000000000000000000000000000000000000000000000000000000000000001
                6300000000000000000000000000000000000000000000000000000000000000
                """)
        ),
        (
            ["abi-encode-packed", "f(int16,bytes1,uint16,string)", "-1", "0x42", "0x03", "Hello, world!"],
            "0xffff42000348656c6c6f2c20776f726c6421"
        ),
        (
            ["abi-encode-packed", "f(address,uint8[])", "0x00000000000000000000000000000000000000aa", "[1,2]"],
            "0x00000000000000000000000000000000000000aa"
                + words(
                    """
                    0000000000000000000000000000000000000000000000000000000000000001
                    0000000000000000000000000000000000000000000000000000000000000002
                    """
                ).dropFirst(2)
        ),
        (
            ["calldata", "baz(uint32,bool)", "69", "true"],
            words(
                """
                cdcd77c0
                0000000000000000000000000000000000000000000000000000000000000045
                0000000000000000000000000000000000000000000000000000000000000001
                """)
        ),
        (
            ["calldata", "transfer(address,uint256)", "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826", "1000"],
            words(
                """
                a9059cbb
                000000000000000000000000cd2a3d9f938e13cd947ec05abc7fe734df8dd826
                00000000000000000000000000000000000000000000000000000000000003e8
                """)
        ),
        (
            [
                "abi-decode", "baz(uint32,bool)(bool)",
                "0x0000000000000000000000000000000000000000000000000000000000000001",
            ],
            "[true]"
        ),
        (
            [
                "abi-decode", "f()(uint256,int8,address,bytes2,string,bytes)",
                words(
                    """
                    00000000000000000000000000000000000000000000000000000000000003e8
                    ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff
                    000000000000000000000000cd2a3d9f938e13cd947ec05abc7fe734df8dd826
                    abcd000000000000000000000000000000000000000000000000000000000000
                    00000000000000000000000000000000000000000000000000000000000000c0
                    0000000000000000000000000000000000000000000000000000000000000100
                    0000000000000000000000000000000000000000000000000000000000000004
                    22610a0000000000000000000000000000000000000000000000000000000000
                    0000000000000000000000000000000000000000000000000000000000000000
                    """),
            ],
            #"["1000","-1","0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826","0xabcd","\"a\n\u0000","0x"]"#
        ),
        (
            [
                "abi-decode", "function g(uint[][] a, string[] b) returns (uint)", "--input",
                words(
                    """
                    2289b18c
                    0000000000000000000000000000000000000000000000000000000000000040
                    0000000000000000000000000000000000000000000000000000000000000140
                    0000000000000000000000000000000000000000000000000000000000000002
                    0000000000000000000000000000000000000000000000000000000000000040
                    00000000000000000000000000000000000000000000000000000000000000a0
                    0000000000000000000000000000000000000000000000000000000000000002
                    0000000000000000000000000000000000000000000000000000000000000001
                    0000000000000000000000000000000000000000000000000000000000000002
                    0000000000000000000000000000000000000000000000000000000000000001
                    0000000000000000000000000000000000000000000000000000000000000003
                    0000000000000000000000000000000000000000000000000000000000000003
                    0000000000000000000000000000000000000000000000000000000000000060
                    00000000000000000000000000000000000000000000000000000000000000a0
                    00000000000000000000000000000000000000000000000000000000000000e0
                    0000000000000000000000000000000000000000000000000000000000000003
                    6f6e650000000000000000000000000000000000000000000000000000000000
                    0000000000000000000000000000000000000000000000000000000000000003
                    74776f0000000000000000000000000000000000000000000000000000000000
                    0000000000000000000000000000000000000000000000000000000000000005
                    7468726565000000000000000000000000000000000000000000000000000000
                    """),
            ],
            #"[[["1","2"],["3"]],["one","two","three"]]"#
        ),
        (
            [
                "abi-decode", "--input", "transfer(address,uint256)",
                words(
                    """
                    000000000000000000000000cd2a3d9f938e13cd947ec05abc7fe734df8dd826
                    00000000000000000000000000000000000000000000000000000000000003e8
                    """),
            ],
            #"["0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826","1000"]"#
        ),
    ])
    func printsTheResult(arguments: [String], expected: String) {
        let outcome = CLIRunner.run(arguments)
        #expect(outcome.stdout == expected + "\n", "\(outcome.stderr)")
        #expect(outcome.exitCode == 0)
        #expect(outcome.stderr.isEmpty)
    }

    @Test(arguments: [
        (["sig", "transfer(address,uint256"], "expected ',' or ')' at offset 24"),
        (["sig", "transfer(address,uint7)"], "unknown type \"uint7\""),
        (["sig", "event Transfer(address)"], "expected a function"),
        (["sig-event", "Transfer(address indexed from"], "expected ',' or ')'"),
        (["abi-encode", "f(uint8)"], "f(uint8) takes 1 argument, got 0"),
        (["abi-encode", "f(uint8)", "1", "2"], "f(uint8) takes 1 argument, got 2"),
        (["abi-encode", "f(uint8)", "-5"], "it is negative (argument 1)"),
        (["abi-encode", "f(uint8)", "256"], "it is larger than 2^8 - 1"),
        (["abi-encode", "f(int8)", "-129"], "outside -2^7"),
        (["abi-encode", "f(int8)", "128"], "outside -2^7"),
        (["abi-encode", "f(uint256)", "12a"], "not a valid uint256"),
        (["abi-encode", "f(bool)", "yes"], "write true or false"),
        (["abi-encode", "f(bytes4)", "0x0102"], "needs exactly 4 bytes, got 2"),
        (["abi-encode", "f(bytes)", "0x123"], "not a valid bytes"),
        (["abi-encode", "f(bytes)", "1234"], "not a valid bytes"),
        (["abi-encode", "f(address)", "0xCd2a3d9f938e13cd947ec05abc7fe734df8dd826"], "EIP-55"),
        (["abi-encode", "f(address)", "0x1234"], "not a valid address"),
        (["abi-encode", "f(uint8[2])", "[1,2,3]"], "needs 2 values, got 3"),
        (["abi-encode", "f(uint8[])", "[1,2"], "expected ',' or ']'"),
        (["abi-encode", "f((uint8,bool))", "(1)"], "needs 2 values, got 1"),
        (["abi-encode", "f(string[])", "[\"unterminated]"], "closing"),
        (["abi-encode-packed", "f((uint8,bool))", "(1,true)"], "cannot encode (uint8,bool)"),
        (["abi-encode-packed", "f(string[])", "[a]"], "cannot encode string[]"),
        (["calldata", "f(uint8)", "x"], "not a valid uint8"),
        (["abi-decode", "f(uint256)", "0x01"], "declares no outputs"),
        (["abi-decode", "f()(uint256)", "0x01"], "input too short"),
        (["abi-decode", "f()(uint256)", "01"], "hex"),
        (
            ["abi-decode", "f()(uint8)", words("0000000000000000000000000000000000000000000000000000000000000100")],
            "non-zero bits above its width"
        ),
        (
            ["abi-decode", "f()(bool)", words("0000000000000000000000000000000000000000000000000000000000000002")],
            "neither 0 nor 1"
        ),
        (
            [
                "abi-decode", "f()(uint256)",
                words("00 00000000000000000000000000000000000000000000000000000000000000")
                    + String(repeating: "00", count: 32),
            ], "unexpected bytes"
        ),
        (
            [
                "abi-decode", "--input", "f(uint256)",
                "0xaabbccdd0000000000000000000000000000000000000000000000000000000000000001",
            ], "selector 0xaabbccdd"
        ),
        (
            [
                "abi-decode", "f()(bytes)",
                words(
                    """
                    0000000000000000000000000000000000000000000000000000000000000020
                    00000000000000000000000000000000000000000000000000000000ffffffff
                    """),
            ], "the length at byte 32"
        ),
    ])
    func refusesBadInput(arguments: [String], message: String) {
        let outcome = CLIRunner.run(arguments)
        #expect(outcome.exitCode != 0)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.hasPrefix("error: "))
        #expect(outcome.stderr.filter { $0 == "\n" }.count == 1)
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
    }

    @Test func everyVerbHasHelp() {
        for verb in ["sig", "sig-event", "abi-encode", "abi-encode-packed", "calldata", "abi-decode"] {
            let outcome = CLIRunner.run([verb, "--help"])
            #expect(outcome.exitCode == 0)
            #expect(outcome.stdout.contains("USAGE: metered \(verb)"))
        }
    }

    /// Ethereum's cli-cases for the ABI verbs.
    @Test func replaysEthereumTestsCLICases() throws {
        let url = ethereumTestsDirectory.appendingPathComponent("cli-cases/ethtests_abi.json")
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        let cases = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [[String: Any]]
        #expect(!cases.isEmpty)
        for testCase in cases {
            let arguments = testCase["verb"] as! [String]
            let outcome = CLIRunner.run(arguments)
            if let expected = testCase["expect"] as? String {
                #expect(outcome.stdout == expected + "\n", "\(arguments): \(outcome.stderr)")
                #expect(outcome.exitCode == 0)
            } else {
                #expect(testCase["error"] as? Bool == true)
                #expect(outcome.exitCode != 0, "\(arguments)")
            }
        }
    }
}

/// Ethereum's official test files beside the package, when present.
let ethereumTestsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/vectors/ethereum-tests")
