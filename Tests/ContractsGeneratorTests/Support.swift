import Foundation

@testable import ContractsGenerator

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A JSON ABI from a list of entries written as JSON text.
func abi(_ entries: String...) -> String { "[" + entries.joined(separator: ",") + "]" }

/// The bindings of a contract called `name` with this ABI (importing the runtime, as a user's would).
func bindings(_ json: String, name: String = "Sample") throws -> String {
    try BindingsGenerator.bindings(for: BindingsGenerator.Contract(name: name, abi: json))
}

/// A fresh empty directory under the temporary directory.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("bindgen-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The path of the `swift` driver, when the toolchain is on PATH (for `swift format`).
let swiftDriver: String? = {
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        let path = "\(directory)/swift"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}()

/// `source` as `swift format` with the repository's configuration writes it.
func swiftFormatted(_ source: String) throws -> String {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("Bindings.swift")
    try Data(source.utf8).write(to: file)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: swiftDriver!)
    process.arguments = [
        "format", "--configuration", packageRoot.appendingPathComponent(".swift-format").path, file.path,
    ]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}
