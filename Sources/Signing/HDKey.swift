import Crypto
public import EthPrimitives
public import Secp256k1

/// A BIP-32 extended private key: a secp256k1 key and a chain code, from which child keys derive.
///
/// Ethereum accounts follow BIP-44: `m/44'/60'/0'/0/i` is account `i` of a mnemonic (``HDKey/ethereumPath(account:)``).
/// Like ``PrivateKey``, it never prints its secrets.
public struct HDKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The key at this node.
    public let privateKey: PrivateKey
    /// The chain code (32 bytes). Together with the public key it reveals every non-hardened child's public key.
    let chainCode: [UInt8]

    /// Indices at or above this are hardened (written `i'`).
    public static let hardenedOffset: UInt32 = 0x8000_0000

    /// The master key of `seed` (16 to 64 bytes, typically ``Mnemonic/seed(passphrase:)``): HMAC-SHA512 keyed
    /// with `"Bitcoin seed"`.
    ///
    /// - Throws: ``SigningError/invalidChildKey(index:)`` in the negligible case that the seed gives an invalid key.
    public init(seed: some Collection<UInt8>) throws(SigningError) {
        let mac = Array(
            HMAC<SHA512>.authenticationCode(for: Array(seed), using: SymmetricKey(data: Array("Bitcoin seed".utf8))))
        do {
            privateKey = try PrivateKey(bytes: mac[0..<32])
        } catch {
            throw .invalidChildKey(index: 0)
        }
        chainCode = Array(mac[32..<64])
    }

    private init(privateKey: PrivateKey, chainCode: [UInt8]) {
        self.privateKey = privateKey
        self.chainCode = chainCode
    }

    /// The key of `mnemonic` (with `passphrase`) at `path`.
    public init(mnemonic: Mnemonic, passphrase: String = "", path: String) throws(SigningError) {
        self = try HDKey(seed: mnemonic.seed(passphrase: passphrase)).derive(path: path)
    }

    /// The BIP-44 path of Ethereum account `account`: `m/44'/60'/0'/0/account`.
    public static func ethereumPath(account: UInt32) -> String { "m/44'/60'/0'/0/\(account)" }

    /// The child at `index` (hardened when `index >= hardenedOffset`).
    ///
    /// - Throws: ``SigningError/invalidChildKey(index:)`` with probability below 2^-127; BIP-32 says to use the next
    ///   index then.
    public func child(_ index: UInt32) throws(SigningError) -> HDKey {
        var hmac = HMAC<SHA512>(key: SymmetricKey(data: chainCode))
        if index >= Self.hardenedOffset {
            hmac.update(data: [0])
            privateKey.withUnsafeSecretBytes { hmac.update(data: $0) }
        } else {
            hmac.update(data: privateKey.publicKey.compressed)
        }
        hmac.update(data: [
            UInt8(index >> 24), UInt8(truncatingIfNeeded: index >> 16), UInt8(truncatingIfNeeded: index >> 8),
            UInt8(truncatingIfNeeded: index),
        ])
        var mac = Array(hmac.finalize())
        defer { mac.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) } }
        do {
            return HDKey(privateKey: try privateKey.addingTweak(mac[0..<32]), chainCode: Array(mac[32..<64]))
        } catch {
            throw .invalidChildKey(index: index)
        }
    }

    /// The descendant at `path`: `m` then `/i` (normal) or `/i'` (hardened; `h` and `H` also accepted) components.
    ///
    /// - Throws: ``SigningError/invalidDerivationPath(_:component:)`` naming the first bad component.
    public func derive(path: String) throws(SigningError) -> HDKey {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        guard components.first == "m" || components.first == "M" else {
            throw .invalidDerivationPath(path, component: 0)
        }
        var node = self
        for (i, component) in components.dropFirst().enumerated() {
            var text = component
            var hardened = false
            if let last = text.last, last == "'" || last == "h" || last == "H" {
                hardened = true
                text = text.dropLast()
            }
            guard let value = UInt32(text), String(value) == text, value < Self.hardenedOffset else {
                throw .invalidDerivationPath(path, component: i + 1)
            }
            node = try node.child(hardened ? value + Self.hardenedOffset : value)
        }
        return node
    }

    /// The address of this node's key.
    public var address: Address { privateKey.address }

    public var description: String { "HDKey(<redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
