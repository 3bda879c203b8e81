// UInt256 in JSON (and any Codable format): written as a JSON-RPC quantity, read from a quantity, a decimal string
// or a plain integer.

extension UInt256: Codable {
    /// Encodes the value as a JSON-RPC quantity string (``hexQuantity``: `"0x1a"`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hexQuantity)
    }

    /// Decodes a JSON-RPC quantity (`"0x1a"`, strictly compact as ``init(hexQuantity:)`` requires), a decimal
    /// string (`"26"`), or an integer (`26`, up to `UInt64.max`: larger JSON numbers lose precision in most
    /// decoders, so send those as strings).
    ///
    /// - Throws: `DecodingError.dataCorrupted` whose underlying error is the ``PrimitivesError`` found, or
    ///   `DecodingError.typeMismatch` for anything that is neither a string nor an integer.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = try decodeNumber(text, in: container) { text throws(PrimitivesError) in
                UInt256.hasHexPrefix(text, allowSign: false)
                    ? try UInt256(hexQuantity: text) : try UInt256(parsing: text)
            }
        } else if let integer = try? container.decode(UInt64.self) {
            self = UInt256(integer)
        } else {
            throw DecodingError.typeMismatch(
                UInt256.self,
                .init(
                    codingPath: container.codingPath,
                    debugDescription:
                        "number: expected a quantity string (\"0x1a\"), a decimal string or an integer up to 2^64 − 1"
                ))
        }
    }
}

/// Runs `parse` on a decoded string, turning a ``PrimitivesError`` into `DecodingError.dataCorrupted`.
internal func decodeNumber<T>(
    _ text: String, in container: any SingleValueDecodingContainer,
    _ parse: (String) throws(PrimitivesError) -> T
) throws -> T {
    do {
        return try parse(text)
    } catch {
        throw DecodingError.dataCorrupted(
            .init(codingPath: container.codingPath, debugDescription: error.description, underlyingError: error))
    }
}
