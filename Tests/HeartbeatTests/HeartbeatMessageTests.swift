import EthPrimitives
import Foundation
import Heartbeat
import PropertyBased
import Secp256k1
import Signing
import Testing

/// One row of vectors/heartbeat.json's `pings` (made by tools/vectors/gen_heartbeat.py with eth-account).
struct PingVector: Decodable, Sendable, CustomTestStringConvertible {
    var privateKey: String
    var chainId: UInt64
    var escrow: String
    var sessionId: String
    var participant: String
    var seq: String
    var issuedAt: String
    var domainSeparator: String
    var structHash: String
    var signingHash: String
    var signature: String

    var testDescription: String { "chain \(chainId) session \(sessionId) seq \(seq)" }

    var message: HeartbeatMessage {
        HeartbeatMessage(
            sessionID: UInt256(sessionId)!, participant: try! Address(hex: participant), seq: UInt64(seq)!,
            issuedAt: UInt64(issuedAt)!)
    }
    var domain: HeartbeatDomain { HeartbeatDomain(chainID: chainId, escrow: try! Address(hex: escrow)) }
}

/// One row of vectors/heartbeat.json's `webhooks` (Python's hmac).
struct WebhookVector: Decodable, Sendable, CustomTestStringConvertible {
    var secret: String
    var body: String
    var signature: String
    var testDescription: String { "body of \((body.count - 2) / 2) bytes" }
}

struct HeartbeatVectors: Decodable, Sendable {
    var typeHash: String
    var pings: [PingVector]
    var webhooks: [WebhookVector]

    static let shared: HeartbeatVectors = {
        let data = try! Data(contentsOf: packageRoot.appendingPathComponent("vectors/heartbeat.json"))
        return try! JSONDecoder().decode(HeartbeatVectors.self, from: data)
    }()
}

@Suite("Heartbeat message: EIP-712 hashing, signing and recovery")
struct HeartbeatMessageTests {
    @Test func typeHashMatchesEthAccount() {
        #expect(HeartbeatMessage.typeHash.hexString == HeartbeatVectors.shared.typeHash)
        #expect(
            HeartbeatMessage.encodedType
                == "Heartbeat(uint256 sessionId,address participant,uint64 seq,uint64 issuedAt)")
    }

    @Test(arguments: HeartbeatVectors.shared.pings)
    func hashesAndSignaturesMatchEthAccount(_ row: PingVector) throws {
        let message = row.message
        let domain = row.domain
        #expect(domain.separator.hexString == row.domainSeparator)
        #expect(message.structHash.hexString == row.structHash)
        #expect(message.signingHash(in: domain).hexString == row.signingHash)
        // The generic EIP-712 path of the Signing module gives the same digests.
        #expect(try message.hashStruct().hexString == row.structHash)
        #expect(try TypedData(domain: domain.eip712Domain, message: message).signingHash.hexString == row.signingHash)
        // RFC 6979 makes signatures deterministic: the same bytes as eth-account's.
        let key = try PrivateKey(hex: row.privateKey)
        let signature = try message.sign(in: domain, with: key)
        #expect(Hex.encode(signature.rsv) == row.signature)
        // The wallet's signature recovers to the participant.
        let walletSignature = try Signature(rsv: Hex.decode(row.signature))
        #expect(try message.recoverSigner(walletSignature, in: domain) == message.participant)
        try SignedPing(message: message, signature: walletSignature).verify(in: domain)
    }

    @Test func typedDataJSONAsAWalletReceivesItGivesTheSameDigest() throws {
        // The JSON a browser passes to eth_signTypedData_v4 (viem's signTypedData builds it), numbers as strings.
        let message = HeartbeatMessage(
            sessionID: 7, participant: Keys.student.address, seq: 12, issuedAt: 1_700_000_005)
        let json = """
            {"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},
            {"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],
            "Heartbeat":[{"name":"sessionId","type":"uint256"},{"name":"participant","type":"address"},
            {"name":"seq","type":"uint64"},{"name":"issuedAt","type":"uint64"}]},
            "primaryType":"Heartbeat",
            "domain":{"name":"Metered","version":"1","chainId":31337,"verifyingContract":"\(escrow.checksummed)"},
            "message":{"sessionId":"7","participant":"\(Keys.student.address.checksummed)","seq":"12","issuedAt":"1700000005"}}
            """
        let typed = try TypedData(json: json)
        #expect(typed.signingHash == message.signingHash(in: domain))
    }

    @Test func aSignatureBindsEveryMemberAndTheDomain() throws {
        let message = HeartbeatMessage(sessionID: 3, participant: Keys.tutor.address, seq: 5, issuedAt: 1_700_000_000)
        let signed = SignedPing(message: message, signature: try message.sign(in: domain, with: Keys.tutor))
        try signed.verify(in: domain)
        var changes: [(String, SignedPing, HeartbeatDomain)] = []
        var other = signed
        other.message.sessionID = 4
        changes.append(("session", other, domain))
        other = signed
        other.message.seq = 6
        changes.append(("seq", other, domain))
        other = signed
        other.message.issuedAt += 1
        changes.append(("issuedAt", other, domain))
        changes.append(("chain", signed, HeartbeatDomain(chainID: 1, escrow: escrow)))
        changes.append(("escrow", signed, HeartbeatDomain(chainID: 31337, escrow: Keys.outsider.address)))
        for (what, ping, checkDomain) in changes {
            #expect(throws: HeartbeatError.self, "a changed \(what) must not verify") {
                try ping.verify(in: checkDomain)
            }
        }
        // Claiming another participant with one's own signature.
        other = signed
        other.message.participant = Keys.student.address
        let error = #expect(throws: HeartbeatError.self) { try other.verify(in: domain) }
        if case .signatureMismatch(let claimed, _)? = error {
            #expect(claimed == Keys.student.address)
        } else {
            Issue.record("expected signatureMismatch, got \(String(describing: error))")
        }
    }

    @Test func highSAndOutOfRangeScalarsRecoverNothing() throws {
        let message = HeartbeatMessage(sessionID: 1, participant: Keys.student.address, seq: 1, issuedAt: 1)
        let good = try message.sign(in: domain, with: Keys.student)
        let highS = Signature(r: good.r, s: Signature.curveOrder - good.s, yParity: !good.yParity)
        let zeroR = Signature(r: 0, s: good.s, yParity: good.yParity)
        let bigS = Signature(r: good.r, s: Signature.curveOrder, yParity: good.yParity)
        for signature in [highS, zeroR, bigS] {
            let error = #expect(throws: HeartbeatError.self) { try message.recoverSigner(signature, in: domain) }
            #expect(error?.httpStatus == 401)
        }
    }

    @Test func fastStructHashEqualsTheGenericPathForRandomMessages() async {
        await propertyCheck(count: 200, input: Gen.uint64(), Gen.uint64(), Gen.uint64()) { session, seq, issuedAt in
            let message = HeartbeatMessage(
                sessionID: UInt256(session) << 190 | UInt256(seq), participant: Keys.outsider.address, seq: seq,
                issuedAt: issuedAt)
            #expect(message.structHash == (try! message.hashStruct()))
        }
    }
}
