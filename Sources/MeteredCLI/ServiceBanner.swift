import Backend
import ChainSim
import EthPrimitives
import Foundation

/// Pieces of the banners the backend's service verbs print as they start.
enum ServiceBanner {
    /// The development accounts with their balances and keys, and the warning that the keys are public.
    static func accounts(chain: Chain) -> [String] {
        let accounts = chain.config.devAccounts
        var lines = ["Available Accounts", "==================", ""]
        for (index, account) in accounts.enumerated() {
            let balance = (try? chain.balance(of: account.address)) ?? 0
            lines.append("(\(index)) \(account.address) (\(NodeVerb.ether(balance)) ETH)")
        }
        lines += ["", "Private Keys", "==================", ""]
        for (index, account) in accounts.enumerated() {
            lines.append("(\(index)) \(account.privateKey.revealedHex())")
        }
        lines += [
            "",
            "WARNING: These accounts, and their private keys, are publicly known.",
            "Any funds sent to them on Mainnet or any other live network WILL BE LOST.",
        ]
        return lines
    }

    /// One line per contract, `Name  address`, then the relayer.
    static func contracts(_ contracts: ContractAddresses, relayer: Address?) -> [String] {
        var rows: [(String, String)] = []
        if let token = contracts.testToken { rows.append(("TestToken", token.checksummed)) }
        rows += [
            ("SessionEscrow", contracts.escrow.checksummed), ("SessionCredential", contracts.credential.checksummed),
            ("SessionRatings", contracts.ratings.checksummed),
        ]
        if let relayer {
            let index = MeteredGenesis.accounts.firstIndex(of: relayer).map { " (account \($0))" } ?? ""
            rows.append(("Relayer", relayer.checksummed + index))
        }
        return rows.map { $0.0.padding(toLength: 19, withPad: " ", startingAt: 0) + $0.1 }
    }

    /// `10 s`, `2.5 s`.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}

/// Turning a service's failure into the one line the CLI prints.
enum ServiceErrors {
    /// The error's description on one line, with the usual reasons said plainly (`address already in use`).
    static func oneLine(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("Address already in use") || text.contains("EADDRINUSE") {
            return "cannot listen: address already in use (is another metered up or node running? pick other ports "
                + "with the port options, 0 for any free one)"
        }
        return firstLine(text)
    }

    private static func firstLine(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: " ")
    }
}
