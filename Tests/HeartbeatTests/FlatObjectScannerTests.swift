import JSONRPC
import Testing

@testable import Heartbeat

/// The fast reader of flat request bodies must give exactly what the full JSON parser gives, or step aside (nil).
@Suite("FlatObjectScanner")
struct FlatObjectScannerTests {
    /// Bodies and whether the fast reader takes them (true) or leaves them to the full parser (false).
    static let bodies: [(String, Bool)] = [
        (#"{"sessionId":"7","seq":1732480000123,"issuedAt":1732480000,"signature":"0xab"}"#, true),
        (" \t\r\n{ \"a\" : 1 , \"b\" :\"x\" } \n", true),
        ("{}", true),
        (#"{"a":true,"b":false,"c":null,"d":0}"#, true),
        (#"{"a":999999999999999999}"#, true),  // 18 digits
        (#"{"a":9999999999999999999}"#, false),  // 19 digits: left to the full parser
        (#"{"a":012}"#, false),  // leading zero: invalid JSON
        (#"{"a":-1}"#, false),
        (#"{"a":1.5}"#, false),
        (#"{"a":1e3}"#, false),
        (#"{"a":"x\"y"}"#, false),  // escape
        ("{\"a\":\"é\"}", false),  // non-ASCII
        (#"{"a":[1]}"#, false),
        (#"{"a":{"b":1}}"#, false),
        (#"{"a":1,"a":2}"#, false),  // repeated name
        (#"{"a":1,}"#, false),
        (#"{"a":1} x"#, false),
        (#"{"a":1"#, false),
        (#"{"a" 1}"#, false),
        (#"{"a":tru}"#, false),
        ("[1]", false),
        ("", false),
    ]

    @Test(arguments: bodies)
    func agreesWithTheFullParser(_ body: String, _ fast: Bool) throws {
        let bytes = Array(body.utf8)
        let scanned = bytes.withUnsafeBufferPointer { FlatObjectScanner.scan($0) }
        #expect((scanned != nil) == fast, "\(body)")
        if let scanned {
            #expect(try JSONValue.parse(bytes) == .object(scanned), "\(body)")
        }
    }
}
