public import EthPrimitives

/// An ECDSA signature over secp256k1 as Ethereum uses it: `r`, `s` and the parity of the nonce point's y
/// (`yParity`), from which the signer's public key can be recovered.
///
/// The `v` byte of legacy formats is not stored; convert explicitly with ``legacyV``, ``eip155V(chainID:)`` and
/// ``decodeV(_:)``.
public struct Signature: Sendable, Hashable, CustomStringConvertible {
    /// The x coordinate of the nonce point, modulo n.
    public var r: UInt256
    /// The signature's s; Ethereum requires s ≤ n/2 (``isLowS``).
    public var s: UInt256
    /// The parity of the nonce point's y (true for odd): the recovery id.
    public var yParity: Bool

    /// The curve order n.
    public static let curveOrder = try! UInt256(bigEndianBytes: curveOrderBytes)
    /// n/2, the largest `s` Ethereum accepts (EIP-2).
    public static let halfCurveOrder = try! UInt256(bigEndianBytes: halfCurveOrderBytes)

    static let curveOrderBytes: [UInt8] = [
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE,
        0xBA, 0xAE, 0xDC, 0xE6, 0xAF, 0x48, 0xA0, 0x3B, 0xBF, 0xD2, 0x5E, 0x8C, 0xD0, 0x36, 0x41, 0x41,
    ]
    static let halfCurveOrderBytes: [UInt8] = [
        0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0x5D, 0x57, 0x6E, 0x73, 0x57, 0xA4, 0x50, 0x1D, 0xDF, 0xE9, 0x2F, 0x46, 0x68, 0x1B, 0x20, 0xA0,
    ]

    /// A signature from its parts (not checked here; ``ECDSA/recover(digest:signature:highS:)`` checks them).
    public init(r: UInt256, s: UInt256, yParity: Bool) {
        self.r = r
        self.s = s
        self.yParity = yParity
    }

    /// A signature from `r`, `s` and a legacy `v` of 27 or 28.
    ///
    /// - Throws: ``Secp256k1Error/invalidV(_:)`` for any other `v`.
    public init(r: UInt256, s: UInt256, legacyV: UInt64) throws(Secp256k1Error) {
        guard legacyV == 27 || legacyV == 28 else { throw .invalidV(legacyV) }
        self.init(r: r, s: s, yParity: legacyV == 28)
    }

    /// A signature from `r`, `s` and an EIP-155 `v = chainID * 2 + 35 + yParity` that must name `chainID`.
    ///
    /// - Throws: ``Secp256k1Error/invalidV(_:)`` for a `v` below 35, ``Secp256k1Error/chainIDMismatch(expected:actual:)``
    ///   when `v` names another chain.
    public init(r: UInt256, s: UInt256, eip155V: UInt64, chainID: UInt64) throws(Secp256k1Error) {
        let decoded = try Signature.decodeV(eip155V)
        guard let actual = decoded.chainID else { throw .invalidV(eip155V) }
        guard actual == chainID else { throw .chainIDMismatch(expected: chainID, actual: actual) }
        self.init(r: r, s: s, yParity: decoded.yParity)
    }

    /// The 65-byte `r‖s‖v` form of `eth_sign` and `personal_sign`; `v` may be 27/28 or 0/1.
    ///
    /// - Throws: ``Secp256k1Error/invalidSignatureLength(_:)`` or ``Secp256k1Error/invalidV(_:)``.
    public init(rsv bytes: some Collection<UInt8>) throws(Secp256k1Error) {
        let array = Array(bytes)
        guard array.count == 65 else { throw .invalidSignatureLength(array.count) }
        let v = array[64]
        guard v == 0 || v == 1 || v == 27 || v == 28 else { throw .invalidV(UInt64(v)) }
        self.init(
            r: try! UInt256(bigEndianBytes: array[0..<32]), s: try! UInt256(bigEndianBytes: array[32..<64]),
            yParity: v == 1 || v == 28)
    }

    /// Splits a transaction's `v` into the recovery parity and, for EIP-155 values (35 or more), the chain id;
    /// 27 and 28 give no chain id.
    ///
    /// - Throws: ``Secp256k1Error/invalidV(_:)`` for any other value.
    public static func decodeV(_ v: UInt64) throws(Secp256k1Error) -> (yParity: Bool, chainID: UInt64?) {
        switch v {
        case 27, 28: return (v == 28, nil)
        case 35...: return ((v - 35) % 2 == 1, (v - 35) / 2)
        default: throw .invalidV(v)
        }
    }

    /// The legacy `v`: 27 + yParity (Ethereum's pre-EIP-155 transactions, `eth_sign`, `personal_sign`).
    public var legacyV: UInt8 { yParity ? 28 : 27 }

    /// The EIP-155 `v` of a legacy transaction on `chainID`: `chainID * 2 + 35 + yParity`.
    ///
    /// - Throws: ``Secp256k1Error/chainIDTooLarge(_:)`` when the value would not fit in 64 bits.
    public func eip155V(chainID: UInt64) throws(Secp256k1Error) -> UInt64 {
        guard chainID <= (UInt64.max - 36) / 2 else { throw .chainIDTooLarge(chainID) }
        return chainID * 2 + 35 + (yParity ? 1 : 0)
    }

    /// The 65 bytes `r‖s‖v` with `v` = 27 or 28 (what `personal_sign` returns).
    public var rsv: [UInt8] {
        var out = r.bigEndianBytes
        out += s.bigEndianBytes
        out.append(legacyV)
        return out
    }

    /// The 64 bytes `r‖s`.
    public var compact: [UInt8] { r.bigEndianBytes + s.bigEndianBytes }

    /// True when s ≤ n/2, the only form Ethereum accepts since Homestead (EIP-2).
    public var isLowS: Bool { s <= Signature.halfCurveOrder }

    /// The equivalent low-s signature: when s > n/2, s becomes n − s and the parity flips. Both verify; only the
    /// low-s one is valid on Ethereum.
    public func normalized() -> Signature {
        guard !isLowS, s < Signature.curveOrder else { return self }
        return Signature(r: r, s: Signature.curveOrder - s, yParity: !yParity)
    }

    /// The `r‖s‖v` form in hex.
    public var description: String { Hex.encode(rsv) }
}
