import Crypto
import EthPrimitives
import Secp256k1
import Testing

@testable import Signing

@Suite struct MnemonicTests {
    @Test func wordlistIsTheBIP39EnglishList() {
        let file = BIP39EnglishWordlist.words.joined(separator: "\n") + "\n"
        #expect(BIP39EnglishWordlist.words.count == 2048)
        #expect(
            Hex.encode(Array(SHA256.hash(data: Array(file.utf8))), prefix: false)
                == "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda")
    }

    @Test(arguments: SigningVectors.shared.mnemonics.testAccounts)
    func developmentAccounts(_ row: SigningVectors.Mnemonics.Account) throws {
        let mnemonic = try Mnemonic(phrase: SigningVectors.shared.mnemonics.testMnemonic)
        let node = try HDKey(mnemonic: mnemonic, path: row.path)
        #expect(node.address.checksummed == row.address)
        #expect(node.privateKey.revealedHex() == row.privateKey)
    }

    @Test func wellKnownAccountZero() throws {
        let mnemonic = try Mnemonic(phrase: "test test test test test test test test test test test junk")
        let node = try HDKey(mnemonic: mnemonic, path: HDKey.ethereumPath(account: 0))
        #expect(node.address.checksummed == "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
        #expect(node.privateKey.revealedHex() == "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")
    }

    @Test(arguments: SigningVectors.shared.mnemonics.generated)
    func generatedMnemonics(_ row: SigningVectors.Mnemonics.Generated) throws {
        let fromEntropy = try Mnemonic(entropy: [UInt8](hex: row.entropy))
        #expect(fromEntropy.phrase == row.mnemonic)
        let parsed = try Mnemonic(phrase: row.mnemonic)
        #expect(parsed == fromEntropy)
        #expect(Hex.encode(parsed.seed(passphrase: row.passphrase)) == row.seed)
        let node = try HDKey(mnemonic: parsed, passphrase: row.passphrase, path: row.path)
        #expect(node.address.checksummed == row.address)
        #expect(node.privateKey.revealedHex() == row.privateKey)
    }

    /// BIP-32 test vector 1 (its master and m/0H/1 private keys), for the hardened and normal derivation steps.
    @Test func bip32TestVector1() throws {
        let master = try HDKey(seed: [UInt8](hex: "000102030405060708090a0b0c0d0e0f"))
        #expect(
            master.privateKey.revealedHex() == "0xe8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35")
        #expect(Hex.encode(master.chainCode) == "0x873dff81c02f525623fd1fe5167eac3a55a049de3d314bb42ee227ffed37d508")
        let child = try master.derive(path: "m/0'/1")
        #expect(
            child.privateKey.revealedHex() == "0x3c6cb8d0f6a264c91ea8b5030fadaa8e538b020f0a387421a12de9319dc93368")
        #expect(try master.derive(path: "m/0H/1").privateKey == child.privateKey)
    }

    @Test(arguments: [
        ("test test test", SigningError.mnemonicWordCount(3)),
        ("test test test test test test test test test test test tost", .mnemonicUnknownWord(position: 12)),
        ("test test test test test test test test test test test test", .mnemonicChecksum),
        ("junk test test test test test test test test test test test", .mnemonicChecksum),
    ])
    func invalidMnemonics(_ phrase: String, _ expected: SigningError) {
        #expect(throws: expected) { try Mnemonic(phrase: phrase) }
        #expect(!expected.description.contains("tost"))
    }

    @Test func phraseIsReadLeniently() throws {
        let a = try Mnemonic(phrase: "  TEST test\ttest test test test test test test test test\njunk ")
        #expect(a.phrase == "test test test test test test test test test test test junk")
    }

    @Test func mnemonicNeverPrints() throws {
        let mnemonic = try Mnemonic(phrase: "test test test test test test test test test test test junk")
        var dumped = ""
        dump(mnemonic, to: &dumped)
        for text in [mnemonic.description, String(reflecting: mnemonic), dumped] {
            #expect(!text.contains("junk"))
        }
        let node = try HDKey(mnemonic: mnemonic, path: "m/44'/60'/0'/0/0")
        dump(node, to: &dumped)
        #expect(!dumped.contains("ac0974bec3"))
    }

    @Test func generateMakesValidPhrases() throws {
        for count in [12, 15, 18, 21, 24] {
            let m = try Mnemonic.generate(wordCount: count)
            #expect(m.words.count == count)
            #expect(try Mnemonic(phrase: m.phrase) == m)
        }
        #expect(throws: SigningError.mnemonicWordCount(13)) { try Mnemonic.generate(wordCount: 13) }
        #expect(throws: SigningError.mnemonicEntropyLength(15)) {
            try Mnemonic(entropy: [UInt8](repeating: 0, count: 15))
        }
    }

    @Test(arguments: ["44'/60'", "m/44'/x", "m//1", "m/2147483648", "m/1''", "m/-1"])
    func invalidPaths(_ path: String) throws {
        let master = try HDKey(seed: [UInt8](repeating: 1, count: 32))
        #expect(throws: SigningError.self) { try master.derive(path: path) }
    }
}
