import EthPrimitives
import Foundation
import Secp256k1
import Signing
import Testing

@testable import MeteredCLI

/// The `wallet` verbs, in process, against the vectors of vectors/signing.json.
@Suite struct WalletTests {
    static let key = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
    static let address = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"

    struct Vectors: Decodable {
        struct Personal: Decodable, Sendable, CustomStringConvertible {
            var kind, message, privateKey, address, signature: String
            var description: String { "\(kind) \(message.prefix(12).debugDescription)" }
        }
        struct Typed: Decodable, Sendable, CustomStringConvertible {
            var name, typedData, privateKey, address, signature: String
            var description: String { name }
        }
        var eip191: [Personal]
        var eip712: [Typed]

        static let shared: Vectors = {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            let data = try! Data(contentsOf: root.appendingPathComponent("vectors/signing.json"))
            return try! JSONDecoder().decode(Vectors.self, from: data)
        }()
    }

    func succeeds(_ arguments: [String], environment: [String: String] = [:]) -> String? {
        let outcome = CLIRunner.run(arguments, environment: environment)
        #expect(outcome.exitCode == 0, "\(arguments): \(outcome.stderr)")
        #expect(outcome.stderr.isEmpty)
        guard outcome.stdout.hasSuffix("\n") else { return nil }
        return String(outcome.stdout.dropLast())
    }

    func fails(_ arguments: [String], environment: [String: String] = [:]) -> String {
        let outcome = CLIRunner.run(arguments, environment: environment)
        #expect(outcome.exitCode != 0, "\(arguments) should fail")
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.hasPrefix("error: "))
        #expect(outcome.stderr.filter { $0 == "\n" }.count == 1, "one line: \(outcome.stderr)")
        return outcome.stderr
    }

    // MARK: Keys

    @Test func addressFromEveryKeySource() throws {
        #expect(succeeds(["wallet", "address", "--private-key", Self.key]) == Self.address)
        #expect(succeeds(["wallet", "address", "--private-key=" + Self.key.dropFirst(2)]) == Self.address)
        #expect(succeeds(["wallet", "address"], environment: ["METERED_PRIVATE_KEY": Self.key + "\n"]) == Self.address)
        try withTemporaryDirectory { dir in
            let keystore = dir + "/key.json"
            let password = dir + "/password"
            try "s3cret\n".write(toFile: password, atomically: true, encoding: .utf8)
            let text = try Keystore.encrypt(try PrivateKey(hex: Self.key), password: "s3cret", kdf: .light)
            try text.write(toFile: keystore, atomically: true, encoding: .utf8)
            #expect(
                succeeds(["wallet", "address", "--keystore", keystore, "--password-file", password]) == Self.address)
            try "wrong\n".write(toFile: password, atomically: true, encoding: .utf8)
            let error = fails(["wallet", "address", "--keystore", keystore, "--password-file", password])
            #expect(error.contains("wrong password"))
        }
    }

    @Test(arguments: [
        (["wallet", "address"], [String: String](), "no private key"),
        (["wallet", "address", "--private-key", "0x1234"], [:], "must be 32 bytes"),
        (["wallet", "address"], ["METERED_PRIVATE_KEY": "nonsense"], "METERED_PRIVATE_KEY"),
        (["wallet", "address", "--private-key", "0x" + String(repeating: "0", count: 64)], [:], "above zero"),
        (["wallet", "address", "--private-key", key, "--keystore", "k.json", "--password-file", "p"], [:], "not both"),
        (["wallet", "address", "--keystore", "k.json"], [:], "--password-file"),
        (
            ["wallet", "address", "--keystore", "/nonexistent/k.json", "--password-file", "/nonexistent/p"], [:],
            "cannot read keystore file"
        ),
        (["wallet", "sign", "--private-key", key, "0xzz"], [:], "hex bytes"),
        (["wallet", "recover", "hello", "0x1234"], [:], "65 bytes"),
        (["wallet", "recover", "hello", "1234"], [:], "0x + 130 hex digits"),
        (["wallet", "sign-typed-data", "--private-key", key, "{"], [:], "json:"),
        (["wallet", "recover-typed-data", "[]", "0x" + String(repeating: "00", count: 65)], [:], "JSON object"),
    ])
    func wrongInput(_ arguments: [String], _ environment: [String: String], _ expected: String) {
        let error = fails(arguments, environment: environment)
        #expect(error.contains(expected), "\(error)")
    }

    /// The key never shows, whatever goes wrong: malformed keys, misspelt options, stray arguments.
    @Test(arguments: [
        ["wallet", "address", "--private-key", String(key.dropLast()) + "z"],
        ["wallet", "address", "--private-key", key + "00"],
        ["wallet", "address", "--private-key=" + String(key.dropLast(2))],
        ["wallet", "address", "--private-ky", key],
        ["wallet", "address", "--private-key", key, key],
        ["wallet", "address", key],
        ["wallet", "sign", key],
        ["wallet", "sign", "--private-key", key],
        ["wallet", "nope", "--private-key", key],
        ["wallet", "recover", key, key],
        ["tx", "sign", "--private-key", key],
    ])
    func keyNeverAppearsInErrors(_ arguments: [String]) {
        let outcome = CLIRunner.run(arguments)
        #expect(outcome.exitCode != 0)
        for fragment in [Self.key.dropFirst(2).prefix(24), Self.key.suffix(24)] {
            #expect(!outcome.stdout.lowercased().contains(fragment), "\(outcome.stdout)")
            #expect(!outcome.stderr.lowercased().contains(fragment), "\(outcome.stderr)")
        }
    }

    @Test func keyFromTheEnvironmentNeverAppearsInErrors() {
        let bad = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ffQQ"
        let outcome = CLIRunner.run(["wallet", "sign", "hello"], environment: ["METERED_PRIVATE_KEY": bad])
        #expect(outcome.exitCode != 0)
        #expect(!outcome.stderr.contains("ac0974bec39a17e36ba4"))
        let extra = CLIRunner.run(["wallet", "nope", Self.key], environment: ["METERED_PRIVATE_KEY": Self.key])
        #expect(!extra.stderr.contains("ac0974bec39a17e36ba4"))
    }

    // MARK: EIP-191

    @Test(
        arguments: Vectors.shared.eip191.filter {
            !($0.kind == "text" && $0.message.lowercased().hasPrefix("0x")) && !$0.message.hasPrefix("-")
                && !$0.message.isEmpty
        })
    func signAndRecoverPersonalMessages(_ row: Vectors.Personal) {
        #expect(succeeds(["wallet", "sign", "--private-key", row.privateKey, row.message]) == row.signature)
        #expect(succeeds(["wallet", "recover", row.message, row.signature]) == row.address)
    }

    @Test func emptyTextMessage() throws {
        let row = try #require(Vectors.shared.eip191.first { $0.kind == "text" && $0.message.isEmpty })
        #expect(succeeds(["wallet", "sign", "--private-key", row.privateKey, ""]) == row.signature)
        #expect(succeeds(["wallet", "recover", "", row.signature]) == row.address)
    }

    @Test func recoverRefusesHighS() throws {
        let signature = try PersonalMessage.sign("hello", with: try PrivateKey(hex: Self.key))
        let high = Signature(
            r: signature.r, s: Signature.curveOrder - signature.s,
            yParity: !signature.yParity)
        let error = fails(["wallet", "recover", "hello", Hex.encode(high.rsv)])
        #expect(error.contains("low-s"))
        #expect(succeeds(["wallet", "recover", "hello", Hex.encode(signature.rsv)]) == Self.address)
    }

    // MARK: EIP-712

    @Test(arguments: Vectors.shared.eip712)
    func signAndRecoverTypedData(_ row: Vectors.Typed) {
        #expect(
            succeeds(["wallet", "sign-typed-data", "--private-key", row.privateKey, row.typedData]) == row.signature)
        #expect(succeeds(["wallet", "recover-typed-data", row.typedData, row.signature]) == row.address)
    }

    // MARK: Keystores

    @Test func newWritesAPrivateKeystoreThatUnlocks() throws {
        try withTemporaryDirectory { dir in
            let keystore = dir + "/new.json"
            let password = dir + "/password"
            try "pw".write(toFile: password, atomically: true, encoding: .utf8)
            let address = try #require(
                succeeds(["wallet", "new", "--keystore", keystore, "--password-file", password, "--kdf", "light"]))
            #expect(address.hasPrefix("0x") && address.count == 42)
            let attributes = try FileManager.default.attributesOfItem(atPath: keystore)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            #expect(succeeds(["wallet", "address", "--keystore", keystore, "--password-file", password]) == address)
            let again = fails(["wallet", "new", "--keystore", keystore, "--password-file", password])
            #expect(again.contains("already exists"))
            let nowhere = fails(["wallet", "new", "--keystore", dir + "/missing/k.json", "--password-file", password])
            #expect(nowhere.contains("cannot create keystore file"))
            let noPassword = fails(["wallet", "new", "--keystore", dir + "/k2.json", "--password-file", dir + "/none"])
            #expect(noPassword.contains("cannot read password file"))
        }
    }

    @Test func importWritesTheGivenKey() throws {
        try withTemporaryDirectory { dir in
            let keystore = dir + "/imported.json"
            let password = dir + "/password"
            try "pw\r\nignored second line".write(toFile: password, atomically: true, encoding: .utf8)
            let printed = succeeds(
                ["wallet", "import", "--keystore", keystore, "--password-file", password, "--kdf", "pbkdf2"],
                environment: ["METERED_PRIVATE_KEY": Self.key])
            #expect(printed == Self.address)
            let text = try String(contentsOfFile: keystore, encoding: .utf8)
            #expect(!text.contains(Self.key.dropFirst(2)))
            #expect(try Keystore.decrypt(text, password: "pw").revealedHex() == Self.key)
            let missing = fails(["wallet", "import", "--keystore", dir + "/other.json", "--password-file", password])
            #expect(missing.contains("no private key"))
        }
    }

    /// The built executable, as a user runs it: the key comes from the environment, and no path prints it.
    @Test func executableKeepsTheKeyOut() throws {
        let executable = try #require(ProcessTests.executable, "run swift build --build-tests first")
        func run(_ arguments: [String], key: String) throws -> (Int32, String, String) {
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            process.environment = ["METERED_PRIVATE_KEY": key, "PATH": "/usr/bin:/bin"]
            let out = Pipe()
            let err = Pipe()
            process.standardOutput = out
            process.standardError = err
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, stdout, stderr)
        }
        let ok = try run(["wallet", "address"], key: Self.key)
        #expect(ok.0 == 0)
        #expect(ok.1 == Self.address + "\n")
        let malformed = String(Self.key.dropLast()) + "z"
        for (arguments, key) in [
            (["wallet", "sign", "hello"], malformed),
            (["wallet", "address", Self.key], Self.key),
            (["wallet", "address", "--private-ky", Self.key], Self.key),
        ] {
            let (status, stdout, stderr) = try run(arguments, key: key)
            #expect(status != 0)
            #expect(stdout.isEmpty)
            #expect(stderr.hasPrefix("error: "))
            #expect(!stderr.contains(Self.key.dropFirst(2).prefix(24)), "\(stderr)")
        }
    }

    @Test func helpIsAvailable() {
        for arguments in [["wallet", "--help"], ["wallet", "sign", "--help"], ["help", "wallet", "new"], ["wallet"]] {
            let outcome = CLIRunner.run(arguments)
            #expect(outcome.exitCode == 0, "\(arguments)")
            #expect(outcome.stdout.contains("USAGE"), "\(arguments)")
        }
    }
}

private func withTemporaryDirectory(_ body: (String) throws -> Void) throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("metered-wallet-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try body(dir)
}
