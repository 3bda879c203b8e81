import ABI
import ContractsGenerator
import Foundation
import Testing

/// The generator on small hand-written ABIs: the names it gives, the code it writes, and what it refuses.
@Suite struct GeneratorTests {
    static let transfer = """
        {"type":"function","name":"transfer","inputs":[{"name":"to","type":"address"},\
        {"name":"amount","type":"uint256"}],"outputs":[{"name":"","type":"bool"}],"stateMutability":"nonpayable"}
        """

    @Test func overloadsAreSuffixedWithTheirTypes() throws {
        let source = try bindings(
            abi(
                Self.transfer,
                #"{"type":"function","name":"transfer","inputs":[{"name":"to","type":"address"},"#
                    + #"{"name":"ids","type":"uint256[2][]"},{"name":"data","type":"bytes"}],"outputs":[]}"#,
                #"{"type":"function","name":"transfer","inputs":[],"outputs":[]}"#))
        #expect(source.contains("public struct TransferAddressUint256: ContractFunction {"))
        #expect(source.contains("public struct TransferAddressUint256Array2ArrayBytes: ContractFunction {"))
        #expect(source.contains("public struct Transfer: ContractFunction {"))
        #expect(source.contains("case transferAddressUint256(TransferAddressUint256)"))
        #expect(source.contains("public static let signature = \"transfer(address,uint256[2][],bytes)\""))
    }

    @Test func clashingNamesGetTheirKindAfterThem() throws {
        let source = try bindings(
            abi(
                Self.transfer,
                #"{"type":"event","name":"Transfer","inputs":[{"name":"from","type":"address","indexed":true}],"#
                    + #""anonymous":false}"#,
                #"{"type":"error","name":"Transfer","inputs":[]}"#,
                #"{"type":"function","name":"address","inputs":[],"outputs":[],"stateMutability":"view"}"#,
                #"{"type":"function","name":"token","inputs":[],"outputs":[],"stateMutability":"view"}"#,
                #"{"type":"function","name":"Event","inputs":[],"outputs":[],"stateMutability":"view"}"#),
            name: "Token")
        #expect(source.contains("public struct Transfer: ContractFunction {"))
        #expect(source.contains("public struct TransferEvent: ContractEvent {"))
        #expect(source.contains("public struct TransferError: ContractCustomError {"))
        // Names of types the bindings use, and the contract's own name, are not shadowed.
        #expect(source.contains("public struct AddressCall: ContractFunction {"))
        #expect(source.contains("public struct TokenCall: ContractFunction {"))
        #expect(source.contains("public struct EventCall: ContractFunction {"))
    }

    @Test func keywordsAndMembersAreNotShadowed() throws {
        let source = try bindings(
            abi(
                #"{"type":"function","name":"f","inputs":[{"name":"in","type":"uint256"},"#
                    + #"{"name":"self","type":"bool"},{"name":"calldata","type":"bytes"},{"name":"","type":"bool"},"#
                    + #"{"name":"_in","type":"uint8"}],"outputs":[]}"#,
                #"{"type":"event","name":"E","inputs":[{"name":"encode","type":"uint256","indexed":false}],"#
                    + #""anonymous":false}"#,
                #"{"type":"error","name":"Failed","inputs":[{"name":"revertData","type":"bytes"}]}"#))
        #expect(source.contains("public var `in`: UInt256"))
        #expect(source.contains("public var selfValue: Bool"))
        #expect(source.contains("public var calldataValue: [UInt8]"))
        #expect(source.contains("public var _3: Bool"))
        #expect(source.contains("public var in2: UInt8"))
        #expect(source.contains("public var encodeValue: UInt256"))
        #expect(source.contains("public var revertDataValue: [UInt8]"))
        #expect(source.contains("                in: decoded.0,\n                selfValue: decoded.1,\n"))
    }

    @Test func tuplesBecomeStructs() throws {
        let info = #"{"name":"id","type":"uint256"},{"name":"who","type":"address"}"#
        let source = try bindings(
            abi(
                // Named by the ABI: declared once in the namespace.
                #"{"type":"function","name":"put","inputs":[{"name":"info","type":"tuple","components":[\#(info)],"#
                    + #""internalType":"struct Book.Info"}],"outputs":[]}"#,
                #"{"type":"function","name":"get","inputs":[],"outputs":[{"name":"","type":"tuple","#
                    + #""components":[\#(info)],"internalType":"struct Book.Info"}],"stateMutability":"view"}"#,
                // The same short name from another Solidity struct: qualified.
                #"{"type":"function","name":"other","inputs":[{"name":"x","type":"tuple[]","components":["#
                    + #"{"name":"flag","type":"bool"}],"internalType":"struct Shelf.Info[]"}],"outputs":[]}"#,
                // Unnamed by the ABI (Vyper): nested, named after the parameter, or by position.
                #"{"type":"function","name":"nest","inputs":[{"name":"outer","type":"tuple","components":["#
                    + #"{"name":"inner","type":"tuple[2]","components":[{"name":"v","type":"uint8"}]}]},"#
                    + #"{"name":"","type":"tuple","components":[{"name":"w","type":"bool"}]}],"#
                    + #""outputs":[{"name":"","type":"tuple","components":[{"name":"z","type":"string"}]}]}"#))
        #expect(source.contains("public struct BookInfo: Sendable, Hashable, ABICodable {"))
        #expect(source.contains("public struct ShelfInfo: Sendable, Hashable, ABICodable {"))
        #expect(source.components(separatedBy: "public struct BookInfo").count == 2)
        #expect(source.contains("public init(info: Sample.BookInfo)"))
        #expect(source.contains("public typealias Output = Sample.BookInfo"))
        #expect(source.contains("public var x: [Sample.ShelfInfo]"))
        #expect(source.contains("public struct Outer: Sendable, Hashable, ABICodable {"))
        #expect(source.contains("public private(set) var inner: [Sample.Nest.Outer.Inner]"))
        #expect(source.contains("public var _1: Sample.Nest.Tuple1"))
        // One unnamed tuple result: the function's `Output`.
        #expect(source.contains("public struct Output: Sendable, Hashable, ABICodable {"))
        #expect(source.contains("public var z: String"))
    }

    @Test func indexedDynamicValuesAreHashes() throws {
        let source = try bindings(
            abi(
                #"{"type":"event","name":"Named","inputs":[{"name":"name","type":"string","indexed":true},"#
                    + #"{"name":"ids","type":"uint256[]","indexed":true},{"name":"v","type":"uint8","indexed":false}],"#
                    + #""anonymous":false}"#))
        #expect(source.contains("public var name: Hash"))
        #expect(source.contains("public var ids: Hash"))
        #expect(source.contains("public static func nameTopic(_ value: String) -> Hash {"))
        #expect(source.contains("public static func idsTopic(_ value: [UInt256]) -> Hash {"))
        #expect(source.contains("public static func topicFilter(name: Hash? = nil, ids: Hash? = nil) -> [[Hash]?] {"))
    }

    @Test func bytecodeAddsDeploymentHelpers() throws {
        let contract = BindingsGenerator.Contract(
            name: "Sample",
            abi: abi(
                #"{"type":"constructor","inputs":[{"name":"owner_","type":"address"}],"stateMutability":"payable"}"#),
            creationCode: Array(repeating: 0x60, count: 100), runtimeCode: [0x00],
            sources: ["Sample.json", "Sample.bin"])
        let source = try BindingsGenerator.bindings(for: contract)
        #expect(source.hasPrefix("// Generated by metered-bindgen from Sample.json and Sample.bin.\n"))
        #expect(source.contains("public static func deploymentCode(owner: Address) -> [UInt8] {"))
        #expect(source.contains("public static let isPayable = true"))
        #expect(source.contains("        " + String(repeating: "60", count: 48) + "\n"))
        let without = try bindings(abi(#"{"type":"constructor","inputs":[],"stateMutability":"nonpayable"}"#))
        #expect(!without.contains("creationCode"))
        #expect(without.contains("public struct Constructor: ContractConstructor {"))
    }

    @Test func outputIsDeterministic() throws {
        let json = try String(
            contentsOf: packageRoot.appendingPathComponent("vectors/bindings/abi/Tricky.json"), encoding: .utf8)
        #expect(try bindings(json, name: "Tricky") == bindings(json, name: "Tricky"))
    }

    @Test(.enabled(if: swiftDriver != nil, "needs `swift format` from the toolchain"))
    func outputIsFormatted() throws {
        let tricky = try String(
            contentsOf: packageRoot.appendingPathComponent("vectors/bindings/abi/Tricky.json"), encoding: .utf8)
        let sources = [
            try bindings(tricky, name: "AVeryLongContractNameThatPushesEveryLineOfTheGeneratedBindingsCloserToTheEdge"),
            try bindings(
                abi(
                    #"{"type":"event","name":"ManyIndexedParametersWithLongNames","inputs":["#
                        + #"{"name":"firstParticipantAddress","type":"address","indexed":true},"#
                        + #"{"name":"secondParticipantAddress","type":"address","indexed":true},"#
                        + #"{"name":"sessionIdentifier","type":"uint256","indexed":true}],"anonymous":false}"#)),
            try BindingsGenerator.deployments(
                json: #"{"11155111":{"chainId":11155111,"contracts":{"A":{"address":"0x"#
                    + String(repeating: "1", count: 40) + #""}}}}"#),
        ]
        for source in sources {
            #expect(try swiftFormatted(source) == source)
        }
    }

    // MARK: Refusals

    @Test func refusesWhatItCannotBind() throws {
        #expect(throws: ContractsGeneratorError.invalidContractName("9lives")) {
            try bindings(abi(), name: "9lives")
        }
        #expect {
            try bindings(#"[{"type":"function","name":"f","inputs":[{"name":"x","type":"uint7"}]}]"#)
        } throws: { error in
            guard case .invalidABI(let file, _) = error as? ContractsGeneratorError else { return false }
            return file == "Sample.json"
        }
        #expect(throws: ContractsGeneratorError.unsupportedType("fixed128x18", parameter: "price")) {
            try bindings(abi(#"{"type":"function","name":"f","inputs":[{"name":"price","type":"fixed128x18"}]}"#))
        }
        #expect(
            throws: ContractsGeneratorError.selectorClash(
                first: "burn(uint256)", second: "collate_propagate_storage(bytes16)", selector: "0x42966c68")
        ) {
            try bindings(
                abi(
                    #"{"type":"function","name":"burn","inputs":[{"name":"a","type":"uint256"}]}"#,
                    #"{"type":"function","name":"collate_propagate_storage","inputs":[{"name":"b","type":"bytes16"}]}"#
                ))
        }
    }

    @Test func readsADirectoryOfArtifacts() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(abi(Self.transfer).utf8).write(to: directory.appendingPathComponent("Token.json"))
        try Data("0x6001\n".utf8).write(to: directory.appendingPathComponent("Token.bin"))
        try Data(#"{"compiler":"solc"}"#.utf8).write(to: directory.appendingPathComponent("build.json"))
        try Data(#"{"abi":[]}"#.utf8).write(to: directory.appendingPathComponent("empty_artifact.json"))
        let generated = try BindingsGenerator.generate(directory: directory)
        #expect(generated.keys.sorted() == ["EmptyArtifact.swift", "Token.swift"])
        #expect(generated["Token.swift"]!.hasPrefix("// Generated by metered-bindgen from Token.json and Token.bin."))
        #expect(generated["Token.swift"]!.contains("import Contracts\n"))

        try Data("0x60__$abcdef$__\n".utf8).write(to: directory.appendingPathComponent("Token.bin"))
        #expect(throws: ContractsGeneratorError.invalidBytecode(file: "Token.bin")) {
            try BindingsGenerator.generate(directory: directory)
        }
        #expect {
            try BindingsGenerator.generate(directory: directory.appendingPathComponent("missing"))
        } throws: { error in
            guard case .fileSystem = error as? ContractsGeneratorError else { return false }
            return true
        }
    }

    @Test func writesAndChecksOutputDirectories() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let generated = ["A.swift": BindingsGenerator.headerPrefix + "a.json.\n", "B.swift": "// b\n"]
        #expect(BindingsGenerator.drift(of: generated, in: directory) == ["A.swift", "B.swift"])
        #expect(try BindingsGenerator.write(generated, to: directory) == ["A.swift", "B.swift"])
        #expect(BindingsGenerator.drift(of: generated, in: directory).isEmpty)
        #expect(try BindingsGenerator.write(generated, to: directory).isEmpty)

        // A generated file no longer generated is stale; a hand-written one is left alone.
        try Data("// by hand\n".utf8).write(to: directory.appendingPathComponent("Extra.swift"))
        let fewer = ["B.swift": "// b, changed\n"]
        #expect(BindingsGenerator.drift(of: fewer, in: directory) == ["B.swift", "A.swift"])
        #expect(try BindingsGenerator.write(fewer, to: directory) == ["B.swift", "A.swift"])
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(names == ["B.swift", "Extra.swift"])
    }

    // MARK: Deployments

    @Test func deploymentsListEveryChain() throws {
        let source = try BindingsGenerator.deployments(
            json: """
                {
                  "11155111": {"chainId": 11155111, "contracts": {"Escrow": {"address": "0x\(String(repeating: "a", count: 40))"}}},
                  "31337": {"chainId": 31337, "deployer": "0x\(String(repeating: "b", count: 40))",
                            "contracts": {"Escrow": {"address": "0x\(String(repeating: "c", count: 40))"},
                                          "TestToken": {"address": "0x\(String(repeating: "d", count: 40))"}},
                            "relayers": ["0x\(String(repeating: "e", count: 40))"]}
                }
                """)
        #expect(source.contains("public let escrow: Address\n"))
        #expect(source.contains("public let testToken: Address?\n"))
        #expect(source.contains("public let deployer: Address?\n"))
        #expect(source.contains("public static let chain31337 = Chain("))
        #expect(source.contains("chainId: 11_155_111,"))
        #expect(source.contains("testToken: nil,"))
        #expect(source.contains("public static let all: [Chain] = [chain31337, chain11155111]"))
        #expect(!source.contains("mnemonic"))
    }

    @Test(arguments: [
        ("[]", "expected a JSON object of chains by chain id"),
        (#"{"1": 5}"#, "chain 1 is not an object"),
        (#"{"x": {"contracts": {}}}"#, "chain x: no chainId, and the key is not a chain id"),
        (#"{"1": {"chainId": 1}}"#, "chain 1: no \"contracts\" object"),
        (
            #"{"1": {"chainId": 1, "contracts": {"A": {"address": "0x12"}}}}"#,
            "chain 1: the address of A is not an address"
        ),
        (#"{"1": {"chainId": 1, "contracts": {}, "relayers": "0x"}}"#, "chain 1: relayers is not a list of addresses"),
    ])
    func refusesMalformedDeployments(json: String, reason: String) {
        #expect(throws: ContractsGeneratorError.invalidDeployments(file: "deployments.json", reason: reason)) {
            try BindingsGenerator.deployments(json: json)
        }
    }

    @Test func errorsDescribeThemselves() {
        #expect(
            ContractsGeneratorError.selectorClash(first: "a()", second: "b()", selector: "0x00000000").description
                == "contracts-generator: a() and b() share the selector 0x00000000; a contract cannot have both")
        #expect(
            ContractsGeneratorError.invalidBytecode(file: "X.bin").description
                == "contracts-generator: X.bin is not hex bytecode (link any library placeholders __$…$__ first)")
        #expect(
            ContractsGeneratorError.invalidABI(file: "X.json", reason: .invalidJSONABI(reason: "bad", item: 2))
                .description == "contracts-generator: X.json is not a JSON ABI: JSON ABI entry 2: bad")
    }
}
