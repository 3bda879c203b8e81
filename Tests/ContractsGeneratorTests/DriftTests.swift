import ContractsGenerator
import Foundation
import Testing

/// The committed bindings are what the generator makes now, byte for byte (run `swift run metered-bindgen` when
/// this fails).
@Suite struct DriftTests {
    static let sets = [
        ("contracts-abi", "Sources/Contracts/Generated", false),
        ("vectors/bindings/abi", "Tests/ContractsTests/Generated", true),
    ]

    @Test(arguments: sets)
    func committedBindingsAreCurrent(input: String, output: String, importsRuntime: Bool) throws {
        let generated = try BindingsGenerator.generate(
            directory: packageRoot.appendingPathComponent(input),
            options: BindingsGenerator.Options(importsRuntime: importsRuntime))
        #expect(!generated.isEmpty)
        let directory = packageRoot.appendingPathComponent(output)
        for (name, contents) in generated {
            let committed = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            #expect(committed == contents, "\(output)/\(name) is not current: run `swift run metered-bindgen`")
        }
        #expect(BindingsGenerator.drift(of: generated, in: directory).isEmpty)
    }

    @Test func theRuntimesOwnBindingsCoverEveryContract() throws {
        let generated = try BindingsGenerator.generate(
            directory: packageRoot.appendingPathComponent("contracts-abi"),
            options: BindingsGenerator.Options(importsRuntime: false))
        #expect(
            generated.keys.sorted() == [
                "Deployments.swift", "SessionCredential.swift", "SessionEscrow.swift", "SessionRatings.swift",
                "TestToken.swift",
            ])
        // build.json (the build manifest) is not an ABI, and is skipped.
        for (_, source) in generated { #expect(!source.contains("import Contracts")) }
    }
}
