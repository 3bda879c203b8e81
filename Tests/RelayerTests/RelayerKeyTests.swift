import Foundation
import Relayer
import Secp256k1
import Signing
import Testing

@Suite struct RelayerKeyTests {
    /// Development account 1 (a relayer on the local chain).
    static let hex = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"

    @Test func fromTheEnvironment() throws {
        let key = try RelayerKeySource.environment(variable: "METERED_PRIVATE_KEY")
            .load(environment: ["METERED_PRIVATE_KEY": Self.hex + "\n"])
        #expect(key.address.checksummed == "0x70997970C51812dc3A010C7d01b50e0d17dc79C8")
    }

    @Test(arguments: [
        (
            [String: String](),
            "relayer: no signing key: METERED_PRIVATE_KEY is not set; set it or give a keystore and a password file"
        ),
        (
            ["METERED_PRIVATE_KEY": ""],
            "relayer: no signing key: METERED_PRIVATE_KEY is not set; set it or give a keystore and a password file"
        ),
    ])
    func environmentProblems(environment: [String: String], message: String) {
        #expect(throws: RelayerError.keyUnavailable(String(message.dropFirst("relayer: no signing key: ".count)))) {
            try RelayerKeySource.environment(variable: "METERED_PRIVATE_KEY").load(environment: environment)
        }
        #expect(
            RelayerError.keyUnavailable(String(message.dropFirst("relayer: no signing key: ".count))).description
                == message)
    }

    @Test func aBadKeyIsNamedButNeverShown() {
        let secretLooking = "0x" + String(repeating: "ab", count: 31)
        do {
            _ = try RelayerKeySource.environment(variable: "RELAYER_KEY").load(environment: [
                "RELAYER_KEY": secretLooking
            ])
            Issue.record("a 31-byte key was accepted")
        } catch {
            #expect(
                error.description.hasPrefix("relayer: no signing key: RELAYER_KEY does not hold a valid private key"))
            #expect(!error.description.contains("abab"))
        }
    }

    @Test func fromAKeystore() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "relayer-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = try PrivateKey(hex: Self.hex)
        let keystore = directory.appendingPathComponent("key.json").path
        let password = directory.appendingPathComponent("password").path
        try Keystore.encrypt(key, password: "correct horse", kdf: .light).write(
            toFile: keystore, atomically: true, encoding: .utf8)
        try "correct horse\r\nignored second line".write(toFile: password, atomically: true, encoding: .utf8)
        let loaded = try RelayerKeySource.keystore(path: keystore, passwordFile: password).load(environment: [:])
        #expect(loaded == key)
        #expect(RelayerKeySource.keystore(path: keystore, passwordFile: password).description == "keystore \(keystore)")

        try "wrong".write(toFile: password, atomically: true, encoding: .utf8)
        #expect(throws: RelayerError.self) {
            try RelayerKeySource.keystore(path: keystore, passwordFile: password).load(environment: [:])
        }
        let missing = directory.appendingPathComponent("nope.json").path
        do {
            _ = try RelayerKeySource.keystore(path: missing, passwordFile: password).load(environment: [:])
            Issue.record("a missing keystore was accepted")
        } catch {
            #expect(error.description.hasPrefix("relayer: no signing key: cannot read keystore \(missing)"))
        }
    }

    @Test func aKeyPrintsRedacted() throws {
        let key = try PrivateKey(hex: Self.hex)
        #expect("\(key)" == "PrivateKey(<redacted>)")
        #expect(!String(reflecting: key).contains("59c6995e"))
    }
}
