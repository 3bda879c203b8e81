import EthPrimitives
import Foundation

/// Writes `enum Deployments` from a deployments file: the contracts' addresses per chain.
struct DeploymentsEmitter {
    /// One chain's entry.
    private struct ChainEntry {
        var chainId: UInt64
        var contracts: [String: Address]
        var deployer: Address?
        var relayers: [Address]
        var accounts: [Address]
        var mnemonic: String?
        var derivationPath: String?
    }

    private let file: String
    private let importsRuntime: Bool
    private let chains: [ChainEntry]

    init(json: String, file: String, importsRuntime: Bool) throws(ContractsGeneratorError) {
        self.file = file
        self.importsRuntime = importsRuntime
        guard let data = json.data(using: .utf8), let root = try? JSONSerialization.jsonObject(with: data),
            let object = root as? [String: Any]
        else {
            throw .invalidDeployments(file: file, reason: "expected a JSON object of chains by chain id")
        }
        var chains: [ChainEntry] = []
        for (key, value) in object {
            guard let entry = value as? [String: Any] else {
                throw .invalidDeployments(file: file, reason: "chain \(key) is not an object")
            }
            chains.append(try Self.chain(key, entry, file: file))
        }
        self.chains = chains.sorted { $0.chainId < $1.chainId }
    }

    private static func chain(_ key: String, _ entry: [String: Any], file: String) throws(ContractsGeneratorError)
        -> ChainEntry
    {
        func fail(_ reason: String) -> ContractsGeneratorError {
            .invalidDeployments(file: file, reason: "chain \(key): \(reason)")
        }
        func address(_ value: Any?, _ what: String) throws(ContractsGeneratorError) -> Address {
            guard let text = value as? String, let address = try? Address(hex: text) else {
                throw fail("\(what) is not an address")
            }
            return address
        }
        func addresses(_ value: Any?, _ what: String) throws(ContractsGeneratorError) -> [Address] {
            guard let value else { return [] }
            guard let list = value as? [Any] else { throw fail("\(what) is not a list of addresses") }
            var result: [Address] = []
            for item in list { result.append(try address(item, "an entry of \(what)")) }
            return result
        }
        let chainId: UInt64
        if let number = entry["chainId"] as? NSNumber, let value = UInt64(exactly: number.doubleValue) {
            chainId = value
        } else if let value = UInt64(key) {
            chainId = value
        } else {
            throw fail("no chainId, and the key is not a chain id")
        }
        guard let contractEntries = entry["contracts"] as? [String: Any] else { throw fail("no \"contracts\" object") }
        var contracts: [String: Address] = [:]
        for (name, value) in contractEntries {
            guard let contract = value as? [String: Any] else { throw fail("contract \(name) is not an object") }
            contracts[name] = try address(contract["address"], "the address of \(name)")
        }
        return ChainEntry(
            chainId: chainId, contracts: contracts,
            deployer: try entry["deployer"].map { (value) throws(ContractsGeneratorError) in
                try address(value, "deployer")
            },
            relayers: try addresses(entry["relayers"], "relayers"),
            accounts: try addresses(entry["accounts"], "accounts"),
            mnemonic: entry["mnemonic"] as? String, derivationPath: entry["derivationPath"] as? String)
    }

    func emit() -> String {
        var writer = SwiftWriter()
        writer.line(BindingsGenerator.headerPrefix + "\(file).")
        writer.line("// Do not edit: change the deployments, then run `swift run metered-bindgen`.")
        writer.line("")
        var imports = ["EthPrimitives"]
        if importsRuntime { imports.append("Contracts") }
        for module in imports.sorted() { writer.line("import \(module)") }
        writer.line("")

        // Contracts every chain has are plain addresses; the others optional.
        let allNames = Set(chains.flatMap(\.contracts.keys)).sorted { lhs, rhs in
            // Deployment order would be best, but JSON objects have none: sort by name, stably.
            lhs < rhs
        }
        let everywhere = Set(allNames.filter { name in chains.allSatisfy { $0.contracts[name] != nil } })
        var propertyNames = NameScope(
            reserved: ["chainId", "deployer", "relayers", "accounts", "mnemonic", "derivationPath", "hashValue"])
        let properties = allNames.map { ($0, propertyNames.claim(Naming.lowerCamel($0), suffix: "Contract")) }
        let hasDeployer = chains.contains { $0.deployer != nil }
        let hasMnemonic = chains.contains { $0.mnemonic != nil }
        let hasPath = chains.contains { $0.derivationPath != nil }

        writer.doc("Where the contracts are deployed, chain by chain (from `\(file)`).")
        writer.block("public enum Deployments {") { writer in
            writer.doc("The contracts' addresses on one chain, and the accounts that deployed and run them.")
            writer.block("public struct Chain: Sendable, Hashable {") { writer in
                writer.doc("The chain id.")
                writer.line("public let chainId: UInt64")
                for (contract, property) in properties {
                    writer.doc(
                        "`\(contract)`'s address\(everywhere.contains(contract) ? "" : " (nil where not deployed)").")
                    writer.line(
                        "public let \(Naming.escaped(property)): Address\(everywhere.contains(contract) ? "" : "?")")
                }
                if hasDeployer {
                    writer.doc("The account that deployed the contracts.")
                    writer.line("public let deployer: Address?")
                }
                writer.doc("The relayers enabled at deployment.")
                writer.line("public let relayers: [Address]")
                writer.doc("The development accounts funded at genesis (local chains).")
                writer.line("public let accounts: [Address]")
                if hasMnemonic {
                    writer.doc("The mnemonic of the development accounts (public knowledge: test chains only).")
                    writer.line("public let mnemonic: String?")
                }
                if hasPath {
                    writer.doc("The derivation path of account `i` of the mnemonic.")
                    writer.line("public let derivationPath: String?")
                }
            }
            for chain in chains {
                writer.line("")
                writer.doc("The deployment on chain \(chain.chainId).")
                // Each argument is a label and either one value or a list of values (the address lists).
                var arguments: [(label: String, values: [String]?, value: String)] = [
                    ("chainId", nil, Self.integerLiteral(chain.chainId))
                ]
                func address(_ address: Address) -> String { "ContractCodec.address(\"\(address.checksummed)\")" }
                for (contract, property) in properties {
                    arguments.append((property, nil, chain.contracts[contract].map(address) ?? "nil"))
                }
                if hasDeployer { arguments.append(("deployer", nil, chain.deployer.map(address) ?? "nil")) }
                arguments.append(("relayers", chain.relayers.map(address), ""))
                arguments.append(("accounts", chain.accounts.map(address), ""))
                if hasMnemonic {
                    arguments.append(("mnemonic", nil, chain.mnemonic.map(Naming.stringLiteral) ?? "nil"))
                }
                if hasPath {
                    arguments.append(("derivationPath", nil, chain.derivationPath.map(Naming.stringLiteral) ?? "nil"))
                }
                let items = arguments.map { argument in
                    argument.values.map { SwiftWriter.ListItem("\(argument.label): [", $0, "]") }
                        ?? SwiftWriter.ListItem("\(argument.label): \(argument.value)")
                }
                writer.list("public static let chain\(chain.chainId) = Chain(", nested: items, ")")
            }
            writer.line("")
            writer.doc("Every chain listed, by chain id.")
            writer.list("public static let all: [Chain] = [", chains.map { "chain\($0.chainId)" }, "]")
            writer.line("")
            writer.doc("The deployment on the chain with this id, if any.")
            writer.block("public static func chain(id: UInt64) -> Chain? {") {
                $0.line("all.first { $0.chainId == id }")
            }
        }
        return writer.text
    }

    /// A decimal literal grouped as `swift-format` wants it (`11_155_111`).
    static func integerLiteral(_ value: UInt64) -> String {
        let digits = String(value)
        guard digits.count > 6 else { return digits }
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return groups.joined(separator: "_")
    }
}
