import ABI
import EthPrimitives
import Testing

/// Signatures and human-readable declarations.
@Suite struct SignatureTests {
    @Test(arguments: [
        ("transfer(address,uint256)", "transfer(address,uint256)", "function transfer(address, uint256)"),
        (
            "function transfer(address to, uint256 amount) external returns (bool)", "transfer(address,uint256)",
            "function transfer(address to, uint256 amount) returns (bool)"
        ),
        (
            "function balanceOf(address owner) public view returns (uint256 balance);", "balanceOf(address)",
            "function balanceOf(address owner) view returns (uint256 balance)"
        ),
        (
            "balanceOf(address)(uint256)", "balanceOf(address)",
            "function balanceOf(address) returns (uint256)"
        ),
        (
            "function submit(tuple(address to, uint value)[] calldata items, bytes memory data) payable",
            "submit((address,uint256)[],bytes)",
            "function submit((address to, uint256 value)[] items, bytes data) payable"
        ),
        (
            "function get() external pure returns ((uint64 start, (bool ok, string note) detail) session)",
            "get()", "function get() pure returns ((uint64 start, (bool ok, string note) detail) session)"
        ),
        ("  f ( uint8 , bool ) ", "f(uint8,bool)", "function f(uint8, bool)"),
        ("(uint256,address)", "(uint256,address)", "function (uint256, address)"),
        ("function pay(address payable to) virtual override", "pay(address)", "function pay(address to)"),
        ("error(uint256)", "error(uint256)", "function error(uint256)"),
    ])
    func parsesFunctions(text: String, signature: String, humanReadable: String) throws {
        let function = try ABIFunction(parsing: text)
        #expect(function.signature == signature)
        #expect(function.humanReadable == humanReadable)
        #expect(function.selector == ABIFunction.selector(of: signature))
        #expect(try ABIFunction(parsing: function.humanReadable) == function)
    }

    @Test func readsMutabilityAndNames() throws {
        let function = try ABIFunction(
            parsing: "function deposit(uint256 sessionId, address token) external payable returns (uint256 id)")
        #expect(function.name == "deposit")
        #expect(function.inputs.map(\.name) == ["sessionId", "token"])
        #expect(function.outputs.map(\.name) == ["id"])
        #expect(function.stateMutability == .payable)
        #expect(try ABIFunction(parsing: "f()").stateMutability == .nonpayable)
        #expect(try ABIFunction(parsing: "function f() view").stateMutability == .view)
    }

    @Test(arguments: [
        (
            "Transfer(address,address,uint256)", "Transfer(address,address,uint256)",
            "event Transfer(address, address, uint256)"
        ),
        (
            "event Transfer(address indexed from, address indexed to, uint256 value)",
            "Transfer(address,address,uint256)",
            "event Transfer(address indexed from, address indexed to, uint256 value)"
        ),
        (
            "Transfer(address indexed,address indexed,uint256)", "Transfer(address,address,uint256)",
            "event Transfer(address indexed, address indexed, uint256)"
        ),
        (
            "event Tagged(bytes32 indexed tag, string note) anonymous", "Tagged(bytes32,string)",
            "event Tagged(bytes32 indexed tag, string note) anonymous"
        ),
    ])
    func parsesEvents(text: String, signature: String, humanReadable: String) throws {
        let event = try ABIEvent(parsing: text)
        #expect(event.signature == signature)
        #expect(event.humanReadable == humanReadable)
        #expect(event.topic == Keccak256.hash(signature))
        #expect(try ABIEvent(parsing: event.humanReadable) == event)
    }

    @Test func parsesErrorsAndOtherItems() throws {
        let error = try ABICustomError(parsing: "error Unauthorized(address caller, bytes32 role)")
        #expect(error.signature == "Unauthorized(address,bytes32)")
        #expect(error.humanReadable == "error Unauthorized(address caller, bytes32 role)")
        #expect(try ABICustomError(parsing: "Unauthorized(address,bytes32)").selector == error.selector)

        #expect(
            try ABIItem(parsing: "constructor(address token, uint256 rate) payable")
                == .constructor(
                    ABIConstructor(
                        inputs: [
                            ABIParameter(name: "token", type: .address), ABIParameter(name: "rate", type: .uint(256)),
                        ],
                        stateMutability: .payable)))
        #expect(try ABIItem(parsing: "fallback() external payable") == .fallback(.payable))
        #expect(try ABIItem(parsing: "fallback() external") == .fallback(.nonpayable))
        #expect(try ABIItem(parsing: "receive() external payable") == .receive)
        for text in [
            "constructor(address token) payable", "fallback() external payable", "receive() external payable",
            "event E(uint256 indexed a) anonymous", "error E(string reason)",
        ] {
            #expect(try ABIItem(parsing: text).humanReadable == text)
        }
    }

    @Test(arguments: [
        (
            "transfer(address,uint256",
            ABIError.invalidSyntax(text: "transfer(address,uint256", offset: 24, expected: "',' or ')'")
        ),
        ("transfer address", .invalidSyntax(text: "transfer address", offset: 9, expected: "'('")),
        ("function (uint8)x", .invalidSyntax(text: "function (uint8)x", offset: 16, expected: "a modifier or the end")),
        ("f(uint8) returns", .invalidSyntax(text: "f(uint8) returns", offset: 16, expected: "'('")),
        (
            "f(uint8) view view",
            .invalidSyntax(text: "f(uint8) view view", offset: 14, expected: "a modifier or the end")
        ),
        (
            "f(uint8) returns (bool) returns (bool)",
            .invalidSyntax(
                text: "f(uint8) returns (bool) returns (bool)", offset: 24, expected: "a modifier or the end")
        ),
        ("f(uint8 indexed)", .invalidSyntax(text: "f(uint8 indexed)", offset: 8, expected: "',' or ')'")),
        ("f(uint8 a b)", .invalidSyntax(text: "f(uint8 a b)", offset: 10, expected: "',' or ')'")),
        ("f(foo)", .unknownType("foo", offset: 2)),
        ("f(uint8); extra", .invalidSyntax(text: "f(uint8); extra", offset: 10, expected: "the end")),
        ("", .invalidSyntax(text: "", offset: 0, expected: "a name")),
    ])
    func refusesMalformedFunctions(text: String, error: ABIError) {
        #expect(throws: error) { try ABIFunction(parsing: text) }
    }

    @Test func refusesTheWrongKindOfDeclaration() {
        #expect(throws: ABIError.self) { try ABIFunction(parsing: "event Transfer(address)") }
        #expect(throws: ABIError.self) { try ABIEvent(parsing: "function f(address)") }
        #expect(throws: ABIError.self) { try ABICustomError(parsing: "event E(address)") }
        #expect(throws: ABIError.self) { try ABIEvent(parsing: "event E(address) view") }
        #expect(throws: ABIError.self) { try ABIItem(parsing: "fallback(uint256)") }
        #expect(throws: ABIError.self) { try ABIEvent(parsing: "(address)") }
    }
}
