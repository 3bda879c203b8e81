import ABI
import Contracts
import EthPrimitives
import Foundation
import Testing

/// The bindings of the four contracts, by hand: what docs/bindings.md shows, deployment code, and the contracts'
/// deployments.
@Suite struct EscrowBindingsTests {
    let student = address("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC")
    let tutor = address("0x90F79bf6EB2c4f870365E785982E1f101E93b906")

    @Test func buildsStopSessionAtCalldata() throws {
        let stop = SessionEscrow.StopSessionAt(sessionId: 7, endedAt: 1_735_689_720)
        #expect(
            stop.calldata
                == [0x4c, 0x6d, 0xe7, 0x2d]
                + words(
                    """
                    0000000000000000000000000000000000000000000000000000000000000007
                    00000000000000000000000000000000000000000000000000000000677485f8
                    """))
        #expect(SessionEscrow.StopSessionAt.signature == "stopSessionAt(uint256,uint256)")
        #expect(SessionEscrow.StopSessionAt.selector == (try Selector(hex: "0x4c6de72d")))
        #expect(!SessionEscrow.StopSessionAt.isPayable && !SessionEscrow.StopSessionAt.isView)
        #expect(SessionEscrow.Deposit.isPayable && SessionEscrow.GetSession.isView)
        #expect(try SessionEscrow.StopSessionAt.decode(calldata: stop.calldata) == stop)
        #expect(try SessionEscrow.decodeFunction(calldata: stop.calldata) == .stopSessionAt(stop))
        #expect(stop.arguments == [.uint256(7), .uint256(1_735_689_720)])
    }

    @Test func decodesASettledLog() throws {
        let topics = [
            hash("0x321f57f44af402708b8b3bad0bd10012cd568d8696946e26edeb86178bb7c27e"),
            hash("0x0000000000000000000000000000000000000000000000000000000000000001"),
        ]
        let data = words(
            """
            0000000000000000000000000000000000000000000000000000da475abf0000
            000000000000000000000000000000000000000000000000000befe6f6720000
            """)
        let settled = try SessionEscrow.Settled.decode(topics: topics, data: data)
        #expect(
            settled
                == SessionEscrow.Settled(
                    sessionId: 1, tutorAmount: 240_000_000_000_000, studentRefund: 3_360_000_000_000_000))
        #expect(SessionEscrow.Settled.topic == topics[0])
        #expect(try SessionEscrow.decodeEvent(topics: topics, data: data) == .settled(settled))
        #expect(settled.encode().topics == topics && settled.encode().data == data)
        #expect(SessionEscrow.Settled.topicFilter(sessionId: 1) == [[topics[0]], [topics[1]]])
        #expect(SessionEscrow.Settled.topicFilter() == [[topics[0]]])
        // Wildcards before a value stay; trailing ones go.
        let deposited = SessionEscrow.Deposited.topicFilter(student: student)
        #expect(deposited == [[SessionEscrow.Deposited.topic], nil, [ContractCodec.topic(student)]])
    }

    @Test func readsGetSessionOutput() throws {
        let returnData = words(
            """
            0000000000000000000000003c44cdddb6a900fa2b585dd299e03d12fa4293bc
            00000000000000000000000090f79bf6eb2c4f870365e785982e1f101e93b906
            0000000000000000000000000000000000000000000000000000000000000000
            000000000000000000000000000000000000000000000000000001d1a94a2000
            0000000000000000000000000000000000000000000000000000000000000708
            0000000000000000000000000000000000000000000000000000000067748581
            00000000000000000000000000000000000000000000000000000000677485a9
            0000000000000000000000000000000000000000000000000000000067748621
            0000000000000000000000000000000000000000000000000000000000000003
            0000000000000000000000000000000000000000000000000000da475abf0000
            000000000000000000000000000000000000000000000000000befe6f6720000
            """)
        let session = try SessionEscrow.GetSession.decodeOutput(returnData)
        #expect(session.student == student && session.tutor == tutor && session.token == .zero)
        #expect(session.ratePerSecond == 2_000_000_000_000 && session.capSeconds == 1800)
        #expect(session.openedAt == 1_735_689_601 && session.startedAt == 1_735_689_641)
        #expect(session.endedAt == 1_735_689_761 && session.status == 3)
        #expect(session.tutorPaid == 240_000_000_000_000 && session.studentRefunded == 3_360_000_000_000_000)
        #expect(SessionEscrow.GetSession.encodeOutput(session) == returnData)
        let owed = try SessionEscrow.Owed.decodeOutput(Array(returnData[(9 * 32)...]))
        #expect(owed == SessionEscrow.Owed.Output(_0: 240_000_000_000_000, _1: 3_360_000_000_000_000))
    }

    @Test func codeAndDeploymentsMatchTheArtifacts() throws {
        let directory = packageRoot.appendingPathComponent("contracts-abi")
        func code(_ file: String) throws -> [UInt8] {
            try [UInt8](
                hex: String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
                    .trimmingCharacters(in: .whitespacesAndNewlines))
        }
        #expect(SessionEscrow.creationCode == (try code("SessionEscrow.bin")))
        #expect(SessionEscrow.runtimeCode == (try code("SessionEscrow.bin-runtime")))
        #expect(TestToken.creationCode == (try code("TestToken.bin")))
        #expect(SessionRatings.runtimeCode == (try code("SessionRatings.bin-runtime")))
        #expect(SessionEscrow.deploymentCode() == SessionEscrow.creationCode)
        #expect(try SessionEscrow.decodeConstructorArguments(SessionEscrow.creationCode) == SessionEscrow.Constructor())

        let json =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: directory.appendingPathComponent("deployments.json"))) as! [String: Any]
        let chain = json["31337"] as! [String: Any]
        let contracts = chain["contracts"] as! [String: [String: Any]]
        let deployment = Deployments.chain31337
        #expect(deployment.chainId == 31337)
        #expect(deployment.testToken == address(contracts["TestToken"]!["address"] as! String))
        #expect(deployment.sessionEscrow == address(contracts["SessionEscrow"]!["address"] as! String))
        #expect(deployment.sessionCredential == address(contracts["SessionCredential"]!["address"] as! String))
        #expect(deployment.sessionRatings == address(contracts["SessionRatings"]!["address"] as! String))
        #expect(deployment.relayers == [address("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")])
        #expect(deployment.accounts.count == 10 && deployment.deployer == deployment.accounts[0])
        #expect(deployment.mnemonic == "test test test test test test test test test test test junk")
        #expect(Deployments.chain(id: 31337) == deployment && Deployments.chain(id: 1) == nil)

        // The credential's constructor arguments, as the genesis deployed it.
        let encoded = bytes(contracts["SessionCredential"]!["constructorArgsEncoded"] as! String)
        let initCode = SessionCredential.deploymentCode(
            escrow: deployment.sessionEscrow, minSeconds: 60, name: "Metered Session Credential", symbol: "MSC",
            baseURI: "")
        #expect(initCode == SessionCredential.creationCode + encoded)
        let constructor = try #require(try SessionCredential.decodeConstructorArguments(initCode))
        #expect(constructor.escrow == deployment.sessionEscrow && constructor.minSeconds == 60)
        #expect(
            constructor.name == "Metered Session Credential" && constructor.symbol == "MSC"
                && constructor.baseURI.isEmpty)
        #expect(constructor.encodedArguments == encoded)
        // Init code of another contract is not this one's.
        #expect(try SessionCredential.decodeConstructorArguments(SessionRatings.creationCode) == nil)
        #expect(try SessionCredential.decodeConstructorArguments([]) == nil)
    }

    @Test func functionAndEventEnumsExposeTheirValues() throws {
        let call = SessionEscrow.Function.deposit(
            SessionEscrow.Deposit(tutor: tutor, token: .zero, ratePerSecond: 5, capSeconds: 60))
        #expect(call.signature == "deposit(address,address,uint256,uint256)")
        #expect(call.calldata == call.call.calldata)
        #expect(try SessionEscrow.decodeFunction(calldata: call.calldata) == call)
        let log = SessionEscrow.Event.relayerSet(SessionEscrow.RelayerSet(account: tutor, enabled: true))
        #expect(log.signature == "RelayerSet(address,bool)")
        let (topics, data) = log.encode()
        #expect(try SessionEscrow.decodeEvent(topics: topics, data: data) == log)
        #expect(SessionEscrow.customErrors.isEmpty)
        // The token's function and event both called Transfer: the event gets `Event` after its name.
        #expect(TestToken.Transfer.signature == "transfer(address,uint256)")
        #expect(TestToken.TransferEvent.signature == "Transfer(address,address,uint256)")
        #expect(SessionCredential.Locked.signature == "locked(uint256)")
        #expect(SessionCredential.LockedEvent.signature == "Locked(uint256)")
        #expect(
            SessionCredential.SafeTransferFromAddressAddressUint256Bytes.signature
                == "safeTransferFrom(address,address,uint256,bytes)")
    }
}
