import ArgumentParser
import ContractsGenerator
import Foundation

/// `metered-bindgen`: writes typed Swift bindings (for the `Contracts` runtime) of every contract in a directory
/// of artifacts, or checks that the written ones are current.
@main
struct MeteredBindgen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metered-bindgen",
        abstract: "Generates typed Swift bindings of contracts from their JSON ABIs.",
        discussion: """
            Reads every <Name>.json holding a JSON ABI in the input directory (with <Name>.bin and \
            <Name>.bin-runtime when present, and deployments.json) and writes <Name>.swift (and Deployments.swift) \
            into the output directory, removing files it generated before that it no longer generates. Run from \
            the package root: `swift run metered-bindgen`.
            """
    )

    @Option(help: "The directory of artifacts.")
    var input = "contracts-abi"

    @Option(help: "The directory the bindings go to.")
    var output = "Sources/Contracts/Generated"

    @Flag(help: "Write nothing; exit 1 listing the files that differ from a fresh generation.")
    var check = false

    @Flag(
        inversion: .prefixedNo,
        help: """
            Whether the files `import Contracts`. By default they do, unless the output directory is inside \
            Sources/Contracts (the runtime module itself).
            """)
    var runtimeImport: Bool?

    func run() throws {
        let inputURL = URL(fileURLWithPath: input)
        let outputURL = URL(fileURLWithPath: output)
        let components = outputURL.standardizedFileURL.pathComponents
        let insideRuntime = zip(components, components.dropFirst()).contains { $0 == "Sources" && $1 == "Contracts" }
        let options = BindingsGenerator.Options(importsRuntime: runtimeImport ?? !insideRuntime)
        let generated = try BindingsGenerator.generate(directory: inputURL, options: options)
        if check {
            let drifted = BindingsGenerator.drift(of: generated, in: outputURL)
            guard drifted.isEmpty else {
                for name in drifted { print((output as NSString).appendingPathComponent(name)) }
                FileHandle.standardError.write(
                    Data(
                        ("metered-bindgen: \(drifted.count) file\(drifted.count == 1 ? " differs" : "s differ") from a fresh "
                            + "generation; run `swift run metered-bindgen`\n").utf8))
                throw ExitCode(1)
            }
            FileHandle.standardError.write(Data("metered-bindgen: \(generated.count) files current\n".utf8))
            return
        }
        let changed = try BindingsGenerator.write(generated, to: outputURL)
        for name in changed {
            print((generated[name] == nil ? "removed " : "wrote ") + (output as NSString).appendingPathComponent(name))
        }
        if changed.isEmpty {
            FileHandle.standardError.write(Data("metered-bindgen: \(generated.count) files current\n".utf8))
        }
    }
}
