import PropertyBased
import Testing

@testable import JSONRPC

/// The dispatcher answers any body without crashing, and what it answers is JSON-RPC.
@Suite struct FuzzTests {
    static let seed = Array(
        #"[{"jsonrpc":"2.0","method":"eth_getBalance","params":["0x000000000000000000000000000000000000002a","0x1"],"id":1},{"jsonrpc":"2.0","method":"notify","params":["x"]}]"#
            .utf8)

    @Test func mutatedBodiesGetAnAnswer() async {
        let dispatcher = makeDispatcher(log: CallLog())
        await propertyCheck(count: 300, input: Gen.int(in: 0..<Self.seed.count), Gen.uint8(in: 0x20...0x7e)) {
            offset, byte in
            var body = Self.seed
            body[offset] = byte
            guard let reply = await dispatcher.handle(body: body) else { return }
            let value = try JSONValue.parse(reply)
            switch value {
            case .object: _ = try value.decode(JSONRPCResponse.self)
            case .array: _ = try value.decode([JSONRPCResponse].self)
            default: Issue.record("reply is neither a response nor a batch")
            }
        }
    }

    @Test func arbitraryBytesGetAnAnswer() async {
        let dispatcher = makeDispatcher(log: CallLog())
        await propertyCheck(count: 300, input: Gen.uint8().array(of: 0...40)) { body in
            let reply = await dispatcher.handle(body: body)
            if let reply { _ = try JSONValue.parse(reply).decode(JSONRPCResponse.self) }
        }
    }
}
