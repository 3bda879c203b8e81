import ABI
import EthPrimitives
import Foundation
import Testing

/// JSON ABI documents as the compilers write them.
@Suite struct JSONABITests {
    /// What solc writes for a contract with a struct, events, an error, a constructor, fallback and receive.
    static let solidity = """
        [
          {"inputs":[{"internalType":"contract IERC20","name":"token","type":"address"}],
           "stateMutability":"nonpayable","type":"constructor"},
          {"inputs":[{"internalType":"uint256","name":"available","type":"uint256"},
                     {"internalType":"uint256","name":"required","type":"uint256"}],
           "name":"InsufficientBalance","type":"error"},
          {"anonymous":false,"inputs":[
              {"indexed":true,"internalType":"uint256","name":"id","type":"uint256"},
              {"indexed":true,"internalType":"address","name":"tutor","type":"address"},
              {"indexed":false,"internalType":"string","name":"topic","type":"string"}],
           "name":"SessionOpened","type":"event"},
          {"inputs":[{"components":[
                {"internalType":"uint64","name":"start","type":"uint64"},
                {"internalType":"address[]","name":"peers","type":"address[]"},
                {"components":[{"internalType":"bool","name":"ok","type":"bool"}],
                 "internalType":"struct Escrow.Flag[2]","name":"flags","type":"tuple[2]"}],
              "internalType":"struct Escrow.Session[]","name":"sessions","type":"tuple[]"}],
           "name":"open","outputs":[{"internalType":"uint256","name":"","type":"uint256"}],
           "stateMutability":"payable","type":"function"},
          {"inputs":[],"name":"rate","outputs":[{"internalType":"uint256","name":"","type":"uint256"}],
           "stateMutability":"view","type":"function"},
          {"stateMutability":"payable","type":"fallback"},
          {"stateMutability":"payable","type":"receive"}
        ]
        """

    @Test func readsSolidityOutput() throws {
        let abi = try JSONABI(json: Self.solidity)
        #expect(abi.items.count == 7)
        #expect(abi.constructor?.inputs.first?.internalType == "contract IERC20")
        #expect(abi.fallback == .payable)
        #expect(abi.hasReceive)
        let open = try #require(abi.function(named: "open"))
        #expect(open.signature == "open((uint64,address[],(bool)[2])[])")
        #expect(open.stateMutability == .payable)
        #expect(open.inputs[0].components.map(\.name) == ["start", "peers", "flags"])
        #expect(open.inputs[0].components[2].components.map(\.name) == ["ok"])
        #expect(open.inputs[0].internalType == "struct Escrow.Session[]")
        #expect(abi.function(selector: open.selector) == open)
        #expect(abi.function(named: "rate")?.stateMutability == .view)
        let event = try #require(abi.event(named: "SessionOpened"))
        #expect(event.inputs.map(\.indexed) == [true, true, false])
        #expect(abi.event(topic: event.topic) == event)
        #expect(
            abi.error(selector: ABIFunction.selector(of: "InsufficientBalance(uint256,uint256)"))?.name
                == "InsufficientBalance")
    }

    @Test func roundTripsThroughCodable() throws {
        let abi = try JSONABI(json: Self.solidity)
        let encoded = try JSONEncoder().encode(abi)
        #expect(try JSONDecoder().decode(JSONABI.self, from: encoded) == abi)
        let text = String(decoding: encoded, as: UTF8.self)
        #expect(text.contains(#""type":"tuple[]""#))
        #expect(text.contains(#""indexed":false"#))
    }

    @Test func readsVyperOutput() throws {
        // vyper -f abi: no internalType, events with "anonymous", structs as tuples; older versions add "gas".
        let vyper = """
            [{"name": "Settled", "inputs": [{"name": "session", "type": "uint256", "indexed": true},
                {"name": "amount", "type": "uint256", "indexed": false}], "anonymous": false, "type": "event"},
             {"stateMutability": "nonpayable", "type": "function", "name": "settle",
              "inputs": [{"name": "session", "type": "uint256"}], "outputs": [], "gas": 81234},
             {"stateMutability": "view", "type": "function", "name": "sessions",
              "inputs": [{"name": "arg0", "type": "uint256"}],
              "outputs": [{"name": "", "type": "tuple", "components": [
                  {"name": "student", "type": "address"}, {"name": "rate", "type": "uint256"},
                  {"name": "price", "type": "fixed168x10"}]}]}]
            """
        let abi = try JSONABI(json: vyper)
        #expect(abi.function(named: "settle")?.signature == "settle(uint256)")
        #expect(
            abi.function(named: "sessions")?.outputTypes == [
                .tuple([.address, .uint(256), .fixed(bits: 168, decimals: 10)])
            ])
        #expect(abi.events.first?.signature == "Settled(uint256,uint256)")
    }

    @Test func readsOldStyleAndArtifacts() throws {
        // Before stateMutability: "constant" and "payable"; "type" may be missing (a function).
        let old = """
            {"contractName": "Token", "abi": [
              {"constant": true, "inputs": [], "name": "totalSupply", "outputs": [{"name": "", "type": "uint256"}]},
              {"constant": false, "payable": true, "inputs": [], "name": "buy", "outputs": [], "type": "function"},
              {"payable": true, "type": "fallback"}],
             "bytecode": "0x"}
            """
        let abi = try JSONABI(json: old)
        #expect(abi.function(named: "totalSupply")?.stateMutability == .view)
        #expect(abi.function(named: "buy")?.stateMutability == .payable)
        #expect(abi.fallback == .payable)
    }

    @Test(arguments: [
        ("{", "abi: JSON ABI:"),
        ("[{\"type\": \"function\", \"name\": \"f\", \"inputs\": [{\"name\": \"x\"}]}]", "entry 0: missing \"type\""),
        (
            "[{\"type\": \"event\", \"name\": \"E\", \"inputs\": []}, {\"type\": \"banana\"}]",
            "entry 1: unknown entry type \"banana\""
        ),
        ("[{\"name\": \"f\", \"inputs\": [{\"type\": \"uint7\"}]}]", "entry 0: unknown type \"uint7\""),
        ("[{\"name\": \"f\", \"inputs\": [{\"type\": \"tuple\"}]}]", "entry 0: the tuple parameter has no components"),
        ("[{\"name\": \"f\", \"stateMutability\": \"cheap\"}]", "entry 0: unknown stateMutability \"cheap\""),
        ("[{\"type\": \"function\", \"inputs\": []}]", "entry 0: a function without a name"),
        ("[{\"name\": 5}]", "entry 0: expected a string"),
        ("{\"bytecode\": \"0x\"}", "missing \"abi\""),
    ])
    func reportsWhatIsWrong(json: String, message: String) {
        do {
            let abi = try JSONABI(json: json)
            Issue.record("accepted \(abi)")
        } catch {
            #expect(error.description.contains(message), "\(error)")
            #expect(error.description.hasPrefix("abi: "))
        }
    }

    @Test func buildsFromHumanReadableLines() throws {
        let abi = try JSONABI(humanReadable: [
            "// an ERC-20 subset",
            "function transfer(address to, uint256 amount) returns (bool)",
            "",
            "event Transfer(address indexed from, address indexed to, uint256 value)",
            "error InsufficientBalance(uint256 available, uint256 required)",
        ])
        #expect(abi.functions.map(\.signature) == ["transfer(address,uint256)"])
        #expect(abi.events.count == 1 && abi.errors.count == 1)
        #expect(
            throws: ABIError.invalidJSONABI(
                reason:
                    "unknown type \"uint7\" at offset 11 (integers are uint8…uint256 and int8…int256 in steps of 8, fixed bytes bytes1…bytes32)",
                item: 1)
        ) {
            try JSONABI(humanReadable: ["f()", "function g(uint7)"])
        }
    }

    @Test func overloadsAreFoundByName() throws {
        let abi = try JSONABI(humanReadable: ["function f(uint256)", "function f(address)"])
        #expect(abi.functions(named: "f").count == 2)
        #expect(abi.function(named: "f") == nil)
    }
}
