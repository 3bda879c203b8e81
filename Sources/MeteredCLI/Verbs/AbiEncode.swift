import ABI
import ArgumentParser
import EthPrimitives

/// The value syntax, shared by the encoding verbs' help.
let valueSyntaxHelp = """
    Values: integers in decimal (-5 for intN) or 0x hex; addresses as 0x + 40 hex digits (EIP-55 checked when \
    mixed case); true/false; bytes and bytesN as 0x hex; strings as given; arrays [a,b] and tuples (a,b), nested, \
    where strings may be double-quoted with JSON escapes.
    """

/// Parses a signature's arguments from the command line.
///
/// - Throws: ``UsageError`` for the wrong number of arguments, ``ABIError`` (naming the argument) for a value that
///   is not of its parameter's type.
func parseArguments(_ texts: [String], for function: ABIFunction, verb: String) throws -> [ABIValue] {
    let types = function.inputTypes
    guard texts.count == types.count else {
        throw UsageError(
            "\(verb): \(function.signature) takes \(types.count) argument\(types.count == 1 ? "" : "s"), "
                + "got \(texts.count)")
    }
    var values: [ABIValue] = []
    for (index, (text, type)) in zip(texts, types).enumerated() {
        do {
            values.append(try ABIValue(parsing: text, as: type))
        } catch {
            throw UsageError("\(error.description) (argument \(index + 1))")
        }
    }
    return values
}

/// `metered abi-encode <signature> [args...]`: the ABI encoding of the arguments, without a selector.
struct AbiEncode: MeteredVerb {
    static let configuration = CommandConfiguration(
        commandName: "abi-encode",
        abstract: "ABI-encode arguments for a signature (no selector).",
        discussion: valueSyntaxHelp
    )

    @Argument(help: "The signature whose parameters the arguments are: f(uint256,address) or human-readable.")
    var signature: String

    @Argument(parsing: .allUnrecognized, help: "One value per parameter.")
    var arguments: [String] = []

    func result() throws -> String {
        let function = try ABIFunction(parsing: signature)
        let values = try parseArguments(arguments, for: function, verb: "abi-encode")
        return Hex.encode(try ABIEncoder.encode(values, as: function.inputTypes))
    }
}

/// `metered abi-encode-packed <signature> [args...]`: Solidity's `abi.encodePacked`.
struct AbiEncodePacked: MeteredVerb {
    static let configuration = CommandConfiguration(
        commandName: "abi-encode-packed",
        abstract: "Encode arguments as Solidity's abi.encodePacked does (non-standard packed mode).",
        discussion: valueSyntaxHelp
            + " Packed mode has no tuples, nested arrays or arrays of bytes and strings."
    )

    @Argument(help: "The signature whose parameters the arguments are.")
    var signature: String

    @Argument(parsing: .allUnrecognized, help: "One value per parameter.")
    var arguments: [String] = []

    func result() throws -> String {
        let function = try ABIFunction(parsing: signature)
        let values = try parseArguments(arguments, for: function, verb: "abi-encode-packed")
        return Hex.encode(try ABIEncoder.encodePacked(values, as: function.inputTypes))
    }
}

/// `metered calldata <signature> [args...]`: the selector followed by the encoded arguments.
struct Calldata: MeteredVerb {
    static let configuration = CommandConfiguration(
        commandName: "calldata",
        abstract: "Print calldata: the function's selector followed by the ABI-encoded arguments.",
        discussion: valueSyntaxHelp
    )

    @Argument(help: "The function signature: transfer(address,uint256) or human-readable.")
    var signature: String

    @Argument(parsing: .allUnrecognized, help: "One value per parameter.")
    var arguments: [String] = []

    func result() throws -> String {
        let function = try ABIFunction(parsing: signature)
        let values = try parseArguments(arguments, for: function, verb: "calldata")
        return Hex.encode(try function.encodeCall(values))
    }
}

/// `metered abi-decode <signature> <hex>`: decodes results (or, with `--input`, arguments) as a JSON array.
struct AbiDecode: MeteredVerb {
    static let configuration = CommandConfiguration(
        commandName: "abi-decode",
        abstract: "Decode ABI-encoded results (or arguments, with --input) and print them as a JSON array.",
        discussion: """
            The signature is name(inputs)(outputs), or human-readable with returns (...). The data is decoded as \
            the outputs, or as the inputs with --input, in which case it may start with the function's selector, \
            which must then match. Decoding is strict: only the canonical encoding is accepted. The JSON has \
            integers as decimal strings, addresses EIP-55 checksummed, bools as true/false, bytes as lowercase 0x \
            hex, strings as JSON strings, arrays and tuples as arrays.
            """
    )

    @Argument(help: "The signature: balanceOf(address)(uint256), or human-readable.")
    var signature: String

    @Argument(help: "The data, 0x hex.")
    var data: String

    @Flag(name: .long, help: "Decode the data as the function's inputs (calldata) rather than its outputs.")
    var input = false

    func result() throws -> String {
        let function = try ABIFunction(parsing: signature)
        let bytes = try Hex.decode(data, requirePrefix: true)
        let values: [ABIValue]
        if input {
            if bytes.count % 32 == 4 {
                values = try function.decodeCall(bytes)
            } else {
                values = try ABIDecoder.decode(function.inputTypes, from: bytes)
            }
        } else {
            guard !function.outputs.isEmpty || bytes.isEmpty else {
                throw UsageError(
                    "abi-decode: \(function.signature) declares no outputs; write it as name(inputs)(outputs) "
                        + "or pass --input to decode the arguments")
            }
            values = try function.decodeOutput(bytes)
        }
        return ABIValue.json(values)
    }
}

/// ABI errors already read as one sentence naming the problem and where it is.
extension ABIError: CommandLineError {}
