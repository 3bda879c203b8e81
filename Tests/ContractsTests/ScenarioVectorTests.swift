import ABI
import Contracts
import EthPrimitives
import Testing

/// Replays every call, log, return value and revert of the contract-behaviour vectors (vectors/contracts, recorded on
/// the compiled Vyper contracts in py-evm) through the generated bindings.
@Suite struct ScenarioVectorTests {
    static let scenarios = Scenario.all.map(\.name)

    static func scenario(_ name: String) -> Scenario { Scenario.all.first { $0.name == name }! }

    @Test func everyScenarioIsRead() {
        #expect(Scenario.all.count >= 14)
    }

    /// Every call of one of the four contracts with a known function: decoding the calldata gives the arguments the
    /// vector lists (and the dynamic path's), encoding them gives the calldata back.
    @Test(arguments: scenarios)
    func callsDecodeToTheirArgumentsAndBack(_ name: String) throws {
        let scenario = Self.scenario(name)
        var checked = 0
        for step in scenario.steps {
            guard let signature = step.function, let contract = scenario.contract(at: step.to) else { continue }
            let binding = try #require(Binding.all[contract])
            let data = bytes(step.data)
            let call = try binding.decodeFunction(data)
            #expect(type(of: call).signature == signature, "\(name): \(step.note ?? "")")
            #expect(call.calldata == data, "\(name): \(signature) re-encodes to other calldata")
            let function = try #require(binding.abi.functions.first { $0.signature == signature })
            let expected = try zip(step.args ?? [], function.inputTypes).map { try ABIValue(json: $0.text, as: $1) }
            #expect(call.arguments == expected, "\(name): \(signature) \(step.note ?? "")")
            #expect(try function.decodeCall(data) == call.arguments)
            #expect(type(of: call).isPayable == (function.stateMutability == .payable))
            #expect(type(of: call).isView == [.view, .pure].contains(function.stateMutability))
            checked += 1
        }
        #expect(checked > 0 || ["failed-push-and-withdraw"].contains(name))
    }

    /// Every successful call's return data decodes as the function's results and encodes back to the same bytes.
    @Test(arguments: scenarios)
    func returnDataDecodesAndEncodesBack(_ name: String) throws {
        let scenario = Self.scenario(name)
        for step in scenario.steps where step.expect.status == 1 {
            guard step.function != nil, let contract = scenario.contract(at: step.to) else { continue }
            let call = try Binding.all[contract]!.decodeFunction(bytes(step.data))
            let returnData = bytes(step.expect.returnData ?? "0x")
            #expect(try outputRoundTrip(call, returnData) == returnData, "\(name): \(step.function!)")
        }
    }

    /// Every log of the four contracts decodes as its event and encodes back to the same topics and data; the
    /// dynamic path reads it as the same event.
    @Test(arguments: scenarios)
    func logsDecodeAndEncodeBack(_ name: String) throws {
        let scenario = Self.scenario(name)
        for step in scenario.steps {
            for expected in step.expect.logs {
                guard let contract = scenario.contract(at: expected.address) else { continue }
                let binding = Binding.all[contract]!
                let topics = expected.topics.map(hash)
                let data = bytes(expected.data)
                let log = try binding.decodeEvent(topics, data)
                #expect(type(of: log).signature.hasPrefix(expected.event + "("), "\(name): \(expected.event)")
                let encoded = log.encode()
                #expect(encoded.topics == topics && encoded.data == data, "\(name): \(expected.event)")
                #expect(try binding.abi.decodeLog(topics: topics, data: data)?.event.name == expected.event)
            }
        }
    }

    /// Every revert's data reads as the reason the vector gives (`Error(string)`), or as a bare revert, and gives the
    /// same bytes back.
    @Test(arguments: scenarios)
    func revertDataDecodesToTheReason(_ name: String) throws {
        let scenario = Self.scenario(name)
        for step in scenario.steps where step.expect.status == 0 {
            let data = bytes(step.expect.revertData ?? "0x")
            let revert = ContractRevert(data: data)
            if let reason = step.expect.revertReason {
                #expect(revert == .error(reason), "\(name): \(step.note ?? "")")
                #expect(revert.reason == reason)
                #expect(revert.description == "reverted: \(reason)")
            } else if data.isEmpty {
                #expect(revert == .bare)
            } else {
                Issue.record("\(name): revert data \(step.expect.revertData!) without a reason")
            }
            #expect(revert.data == data)
            if let contract = scenario.contract(at: step.to) {
                #expect(Binding.all[contract]!.decodeRevert(data) == revert)
            }
        }
    }
}
