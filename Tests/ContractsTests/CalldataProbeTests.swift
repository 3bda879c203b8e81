import ABI
import Contracts
import EthPrimitives
import Foundation
import Testing

/// vectors/bindings/calldata.json: crafted calldata run on a Vyper 0.4.3 contract taking one argument of each kind.
/// `decode(calldata:)` of its generated bindings (Generated/DecodeProbe.swift) accepts exactly what the contract
/// accepts, except where the vector says why not.
@Suite struct CalldataProbeTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let signature: String
        let calldata: String
        let contract: Bool
        let bindings: Bool
        let difference: String?
        var testDescription: String { name }
    }

    struct File: Decodable {
        let compiler: String
        let cases: [Case]
    }

    static let file = try! JSONDecoder().decode(
        File.self, from: Data(contentsOf: packageRoot.appendingPathComponent("vectors/bindings/calldata.json")))

    @Test(arguments: file.cases)
    func decodesWhatTheContractAccepts(_ row: Case) throws {
        let calldata = bytes(row.calldata)
        let result = Result { () throws(ContractsError) in try DecodeProbe.decodeFunction(calldata: calldata) }
        switch result {
        case .success(let function):
            #expect(row.bindings, "\(row.name): decoded, but the bindings should refuse it")
            #expect(function.signature == row.signature)
            // What decodes re-encodes to the canonical form, which decodes to the same values.
            #expect(try DecodeProbe.decodeFunction(calldata: function.calldata) == function)
        case .failure(let error):
            #expect(!row.bindings, "\(row.name): refused (\(error)), but the bindings should accept it")
            guard case .invalidEncoding(let context, _) = error else {
                Issue.record("\(row.name): \(error) is not an encoding error")
                return
            }
            #expect(context == "calldata of \(row.signature)")
        }
        #expect((row.contract == row.bindings) == (row.difference == nil))
    }

    @Test func theVectorsComeFromTheContractsCompiler() {
        #expect(Self.file.compiler == "vyper 0.4.3")
        #expect(Self.file.cases.filter { $0.difference != nil }.count < Self.file.cases.count / 4)
    }
}
