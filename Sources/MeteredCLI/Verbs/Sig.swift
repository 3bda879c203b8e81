import ABI
import ArgumentParser

/// `metered sig <signature>`: the 4-byte selector of a function.
struct Sig: MeteredVerb {
    static let configuration = CommandConfiguration(
        commandName: "sig",
        abstract: "Print the 4-byte selector of a function signature.",
        discussion: """
            The signature is canonical (transfer(address,uint256)) or human-readable \
            (function transfer(address to, uint256 amount) external returns (bool)); aliases such as uint are \
            normalized before hashing.
            """
    )

    @Argument(help: "The function signature.")
    var signature: String

    func result() throws -> String {
        try ABIFunction(parsing: signature).selector.description
    }
}

/// `metered sig-event <signature>`: the topic of an event.
struct SigEvent: MeteredVerb {
    static let configuration = CommandConfiguration(
        commandName: "sig-event",
        abstract: "Print the topic (Keccak-256 of the signature) of an event.",
        discussion: """
            The signature is canonical (Transfer(address,address,uint256)) or human-readable \
            (event Transfer(address indexed from, address indexed to, uint256 value)).
            """
    )

    @Argument(help: "The event signature.")
    var signature: String

    func result() throws -> String {
        try ABIEvent(parsing: signature).topic.description
    }
}
