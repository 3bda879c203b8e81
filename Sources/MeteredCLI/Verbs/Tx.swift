import ArgumentParser
import EthPrimitives
import Transactions

/// `metered tx …`: sign and decode raw transactions.
struct Tx: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tx",
        abstract: "Sign a transaction given as JSON, or decode a raw signed transaction.",
        discussion: """
            Legacy (with or without EIP-155), EIP-2930 and EIP-1559 transactions. 'tx sign' reads the private key \
            from --private-key, from the METERED_PRIVATE_KEY environment variable, or from --keystore <file> with \
            --password-file <file>; no output or error message ever contains it.
            """,
        subcommands: [TxSign.self, TxDecode.self]
    )
}

/// `tx sign`: the raw signed transaction of a JSON transaction object.
struct TxSign: MeteredVerb {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a transaction given as a JSON-RPC transaction object; print the raw transaction.",
        discussion: """
            Fields: type (0, 1 or 2; absent means 2 when maxFeePerGas is given, else 0), chainId, nonce, to (absent \
            or null creates a contract), value, gas, gasPrice (types 0 and 1) or maxFeePerGas and \
            maxPriorityFeePerGas (type 2), data or input, accessList (types 1 and 2), and optionally from, which \
            must be the key's address. Numbers may be JSON numbers, decimal strings or 0x quantities. A type-0 \
            transaction with chainId is signed per EIP-155, without it as a pre-EIP-155 one (valid on every chain). \
            Unknown fields and fields the type does not have are errors.

            Example:
              metered tx sign '{"chainId": 1, "nonce": 0, "to": "0x…", "value": "1000000000000000000", \
            "gas": 21000, "maxFeePerGas": "0x9502f9000", "maxPriorityFeePerGas": "0x3b9aca00"}'
            """)

    @OptionGroup var key: KeySourceOptions

    @Argument(help: "The transaction object as JSON.")
    var json: String

    func result() throws -> String {
        let request = try TransactionRequest(json: json)
        let privateKey = try key.loadPrivateKey()
        if let from = request.from, from != privateKey.address {
            throw UsageError(
                "transaction JSON: from: \(from.checksummed) is not the signing key's address "
                    + privateKey.address.checksummed)
        }
        return Hex.encode(try request.envelope.sign(with: privateKey).encode())
    }
}

/// `tx decode`: the fields, sender and hash of a raw transaction.
struct TxDecode: MeteredVerb {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode a raw signed transaction; print it as a JSON object.",
        discussion: """
            The input is checked strictly: canonical RLP, the right number of fields, 20-byte addresses, 64-bit \
            nonces, gas limits and chain ids, a valid v or yParity, r and s in range and s low (EIP-2), nothing \
            after the transaction. Prints type, chainId (absent for a pre-EIP-155 transaction), nonce, gasPrice or \
            maxPriorityFeePerGas and maxFeePerGas, gas, to (null for a creation), value, input, accessList (types 1 \
            and 2), v, r, s, yParity (types 1 and 2), from (the recovered sender, checksummed) and hash, numbers as \
            0x quantities.
            """)

    @Argument(help: "The raw transaction: 0x followed by its bytes in hex.")
    var raw: String

    func result() throws -> String {
        let bytes: [UInt8]
        do {
            bytes = try Hex.decode(raw, requirePrefix: true)
        } catch {
            throw UsageError("raw transaction must be 0x followed by hex bytes: \(error)")
        }
        let transaction = try SignedTransaction.decode(bytes)
        return transaction.decodedJSON(from: try transaction.recoverSender()).compactText
    }
}
