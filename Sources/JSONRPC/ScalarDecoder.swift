import Foundation

/// Decodes a Swift value from a scalar ``JSONValue`` (a string, a number, a boolean or null) without writing it
/// out and parsing it again: what a JSON-RPC server does for every positional param (an address, a block tag, a
/// quantity) and a client for every result.
///
/// It reads only what Foundation's `JSONDecoder` reads the same way; anything else (an array or object, a type
/// asking for a keyed or unkeyed container, a number that does not fit) makes it give up with ``Unsupported``, and
/// ``JSONValue/decode(_:)`` then decodes through Foundation, so results and error messages stay Foundation's.
struct ScalarDecoder: Decoder, SingleValueDecodingContainer {
    let value: JSONValue

    /// Thrown whenever this decoder cannot answer as Foundation would; never escapes ``JSONValue/decode(_:)``.
    struct Unsupported: Error {}

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        throw Unsupported()
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw Unsupported() }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { value == .null }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let flag) = value else { throw Unsupported() }
        return flag
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .string(let text) = value else { throw Unsupported() }
        return text
    }

    func decode(_ type: Double.Type) throws -> Double {
        switch value {
        case .integer(let number): return Double(number)
        case .number(let number): return number
        default: throw Unsupported()
        }
    }

    /// Left to Foundation, which rounds and range-checks floats its own way.
    func decode(_ type: Float.Type) throws -> Float { throw Unsupported() }

    /// An integer held exactly: an integer, or a whole double (Foundation writes `1e2` back as `100` and reads an
    /// integer from it); a fraction or an overflow is left to Foundation.
    private func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        switch value {
        case .integer(let number): if let exact = T(exactly: number) { return exact }
        case .number(let number): if let exact = T(exactly: number) { return exact }
        default: break
        }
        throw Unsupported()
    }

    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: self) }
}
