import Crypto
import Foundation
import _CryptoExtras

/// A BIP-39 mnemonic phrase (English word list): 12 to 24 words that encode entropy plus a checksum, from which a
/// wallet's seed and all its keys derive.
///
/// The phrase is as secret as the keys it makes: `description`, `debugDescription` and reflection print
/// `Mnemonic(<redacted>, N words)`. Read it deliberately with ``phrase``.
public struct Mnemonic: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The words, lowercase, in order.
    public let words: [String]

    /// The phrase, words separated by single spaces.
    public var phrase: String { words.joined(separator: " ") }

    /// Reads and checks a phrase: words separated by any whitespace, in any letter case.
    ///
    /// - Throws: ``SigningError/mnemonicWordCount(_:)``, ``SigningError/mnemonicUnknownWord(position:)`` or
    ///   ``SigningError/mnemonicChecksum``. Errors never repeat the words.
    public init(phrase: String) throws(SigningError) {
        let words = phrase.split(whereSeparator: \.isWhitespace).map { $0.lowercased() }
        guard [12, 15, 18, 21, 24].contains(words.count) else { throw .mnemonicWordCount(words.count) }
        var bits: [Bool] = []
        bits.reserveCapacity(words.count * 11)
        for (i, word) in words.enumerated() {
            guard let value = BIP39EnglishWordlist.index[word] else { throw .mnemonicUnknownWord(position: i + 1) }
            for b in stride(from: 10, through: 0, by: -1) { bits.append((value >> b) & 1 == 1) }
        }
        let checksumBits = words.count / 3
        let entropyBits = bits.count - checksumBits
        var entropy = [UInt8](repeating: 0, count: entropyBits / 8)
        for i in 0..<entropyBits where bits[i] { entropy[i / 8] |= 0x80 >> UInt8(i % 8) }
        let checksum = Self.checksumBits(of: entropy, count: checksumBits)
        guard Array(bits[entropyBits...]) == checksum else { throw .mnemonicChecksum }
        self.words = words
    }

    /// The mnemonic that encodes `entropy` (16, 20, 24, 28 or 32 bytes give 12, 15, 18, 21 or 24 words).
    ///
    /// - Throws: ``SigningError/mnemonicEntropyLength(_:)``.
    public init(entropy: some Collection<UInt8>) throws(SigningError) {
        let entropy = Array(entropy)
        guard [16, 20, 24, 28, 32].contains(entropy.count) else { throw .mnemonicEntropyLength(entropy.count) }
        var bits: [Bool] = []
        for byte in entropy {
            for b in stride(from: 7, through: 0, by: -1) { bits.append((byte >> UInt8(b)) & 1 == 1) }
        }
        bits += Self.checksumBits(of: entropy, count: entropy.count / 4)
        var words: [String] = []
        for start in stride(from: 0, to: bits.count, by: 11) {
            var value = 0
            for bit in bits[start..<start + 11] { value = value << 1 | (bit ? 1 : 0) }
            words.append(BIP39EnglishWordlist.words[value])
        }
        self.words = words
    }

    /// A new random mnemonic of `wordCount` words (12, 15, 18, 21 or 24) from the system's secure generator.
    ///
    /// - Throws: ``SigningError/mnemonicWordCount(_:)`` for any other count.
    public static func generate(wordCount: Int = 24) throws(SigningError) -> Mnemonic {
        guard [12, 15, 18, 21, 24].contains(wordCount) else { throw .mnemonicWordCount(wordCount) }
        var rng = SystemRandomNumberGenerator()
        let entropy = (0..<(wordCount * 4 / 3)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return try Mnemonic(entropy: entropy)
    }

    /// The 64-byte BIP-39 seed: PBKDF2-HMAC-SHA512 of the NFKD phrase, salt `"mnemonic"` + the NFKD passphrase,
    /// 2048 rounds.
    public func seed(passphrase: String = "") -> [UInt8] {
        let password = Array(phrase.decomposedStringWithCompatibilityMapping.utf8)
        let salt = Array(("mnemonic" + passphrase).decomposedStringWithCompatibilityMapping.utf8)
        // 2048 rounds is what BIP-39 fixes; swift-crypto asks for the unchecked entry point below 210,000.
        let key = try! KDF.Insecure.PBKDF2.deriveKey(
            from: password, salt: salt, using: .sha512, outputByteCount: 64, unsafeUncheckedRounds: 2048)
        return key.withUnsafeBytes { Array($0) }
    }

    private static func checksumBits(of entropy: [UInt8], count: Int) -> [Bool] {
        let digest = Array(SHA256.hash(data: entropy))
        return (0..<count).map { (digest[$0 / 8] >> UInt8(7 - $0 % 8)) & 1 == 1 }
    }

    public var description: String { "Mnemonic(<redacted>, \(words.count) words)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
