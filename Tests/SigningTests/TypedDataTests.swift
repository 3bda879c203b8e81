import EthPrimitives
import Secp256k1
import Testing

@testable import Signing

@Suite struct TypedDataTests {
    @Test(arguments: SigningVectors.shared.eip712)
    func matchesEthAccount(_ row: SigningVectors.TypedRow) throws {
        let typed = try TypedData(json: row.typedData)
        #expect(try typed.types.encodeType(typed.primaryType) == row.encodeType)
        #expect(try typed.types.typeHash(typed.primaryType).description == row.typeHash)
        #expect(typed.domainSeparator.description == row.domainSeparator)
        #expect(typed.messageHash?.description == row.hashStruct)
        #expect(typed.signingHash.description == row.signingHash)
        let key = try PrivateKey(hex: row.privateKey)
        let signature = try typed.sign(with: key)
        #expect(Hex.encode(signature.rsv) == row.signature)
        #expect(try typed.recoverSigner(signature).checksummed == row.address)
    }

    static let mailJSON = """
        {
          "types": {
            "EIP712Domain": [
              {"name": "name", "type": "string"}, {"name": "version", "type": "string"},
              {"name": "chainId", "type": "uint256"}, {"name": "verifyingContract", "type": "address"}
            ],
            "Person": [{"name": "name", "type": "string"}, {"name": "wallet", "type": "address"}],
            "Mail": [{"name": "from", "type": "Person"}, {"name": "to", "type": "Person"},
                     {"name": "contents", "type": "string"}]
          },
          "primaryType": "Mail",
          "domain": {"name": "Ether Mail", "version": "1", "chainId": 1,
                     "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"},
          "message": {
            "from": {"name": "Cow", "wallet": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},
            "to": {"name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},
            "contents": "Hello, Bob!"
          }
        }
        """

    /// The example of EIP-712 itself (its `Example.js` and `Example.sol`): every intermediate value and the
    /// signature by the key keccak256("cow").
    @Test func eip712MailExample() throws {
        let typed = try TypedData(json: Self.mailJSON)
        #expect(
            try typed.types.encodeType("Mail")
                == "Mail(Person from,Person to,string contents)Person(string name,address wallet)")
        #expect(
            try typed.types.typeHash("Mail").description
                == "0xa0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2")
        #expect(
            typed.domainSeparator.description == "0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f")
        #expect(
            typed.messageHash?.description == "0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e")
        #expect(
            typed.signingHash.description == "0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2")
        let cow = try PrivateKey(bytes: Keccak256.hash("cow").bytes)
        #expect(cow.address.checksummed == "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826")
        let signature = try typed.sign(with: cow)
        #expect(signature.legacyV == 28)
        #expect(
            Hex.encode(signature.r.bigEndianBytes)
                == "0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d")
        #expect(
            Hex.encode(signature.s.bigEndianBytes)
                == "0x07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562")
    }

    struct Person: EIP712Struct {
        var name: String
        var wallet: Address
        static let eip712TypeName = "Person"
        static let eip712Members = [
            TypedDataMember(name: "name", type: "string"), TypedDataMember(name: "wallet", type: "address"),
        ]
        var eip712Values: [TypedDataValue] { [.string(name), .address(wallet)] }
    }

    struct Mail: EIP712Struct {
        var from: Person
        var to: Person
        var contents: String
        static let eip712TypeName = "Mail"
        static let eip712Members = [
            TypedDataMember(name: "from", type: "Person"), TypedDataMember(name: "to", type: "Person"),
            TypedDataMember(name: "contents", type: "string"),
        ]
        static let eip712ReferencedTypes: [any EIP712Struct.Type] = [Person.self]
        var eip712Values: [TypedDataValue] { [.structure(from), .structure(to), .string(contents)] }
    }

    @Test func swiftTypesHashLikeTheirJSON() throws {
        let mail = Mail(
            from: Person(name: "Cow", wallet: try Address(hex: "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826")),
            to: Person(name: "Bob", wallet: try Address(hex: "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB")),
            contents: "Hello, Bob!")
        let domain = EIP712Domain(
            name: "Ether Mail", version: "1", chainID: try UInt256(bigEndianBytes: [1]),
            verifyingContract: try Address(hex: "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"))
        let json = try TypedData(json: Self.mailJSON)
        #expect(domain.separator == json.domainSeparator)
        #expect(try mail.hashStruct() == json.messageHash)
        #expect(try mail.signingHash(domainSeparator: domain.separator) == json.signingHash)
        let typed = try TypedData(domain: domain, message: mail)
        #expect(typed.signingHash == json.signingHash)
        let cow = try PrivateKey(bytes: Keccak256.hash("cow").bytes)
        #expect(try mail.sign(domain: domain, with: cow) == json.sign(with: cow))
    }

    struct Heartbeat: EIP712Struct {
        var sessionId: UInt256
        var participant: Address
        var seq: UInt64
        var issuedAt: UInt64
        static let eip712TypeName = "Heartbeat"
        static let eip712Members = [
            TypedDataMember(name: "sessionId", type: "uint256"), TypedDataMember(name: "participant", type: "address"),
            TypedDataMember(name: "seq", type: "uint64"), TypedDataMember(name: "issuedAt", type: "uint64"),
        ]
        var eip712Values: [TypedDataValue] { [.uint(sessionId), .address(participant), .uint(seq), .uint(issuedAt)] }
    }

    /// Every subset of the domain's members: the Swift `EIP712Domain` agrees with eth-account's JSON path.
    @Test(arguments: SigningVectors.shared.eip712.filter { $0.name.hasPrefix("domain ") })
    func domainSubsetsFromSwift(_ row: SigningVectors.TypedRow) throws {
        let json = try TypedData(json: row.typedData)
        var domain = EIP712Domain()
        if case .string(let v)? = json.domain["name"] { domain.name = v }
        if case .string(let v)? = json.domain["version"] { domain.version = v }
        if case .uint(let v)? = json.domain["chainId"] { domain.chainID = v }
        if case .address(let v)? = json.domain["verifyingContract"] { domain.verifyingContract = v }
        if case .bytes(let v)? = json.domain["salt"] { domain.salt = try Hash(v) }
        #expect(domain.separator.description == row.domainSeparator)
        let heartbeat = Heartbeat(
            sessionId: try UInt256(bigEndianBytes: [7]),
            participant: try Address(hex: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), seq: 42,
            issuedAt: 1_767_225_600)
        #expect(try heartbeat.hashStruct().description == row.hashStruct)
        #expect(try heartbeat.signingHash(domainSeparator: domain.separator).description == row.signingHash)
    }

    /// What `Address(hex:)` says about `text` (the typed data error quotes it).
    static func addressError(_ text: String) -> String {
        do {
            _ = try Address(hex: text)
            return ""
        } catch {
            return error.description
        }
    }

    static func document(types: String, message: String, primary: String = "T") -> String {
        """
        {"types": {"EIP712Domain": [{"name": "name", "type": "string"}], "T": \(types)},
         "primaryType": "\(primary)", "domain": {"name": "x"}, "message": \(message)}
        """
    }

    @Test(arguments: [
        (
            document(types: #"[{"name":"a","type":"uint8"}]"#, message: #"{"a": 256}"#),
            SigningError.integerOutOfRange(path: "message.a", type: "uint8")
        ),
        (
            document(types: #"[{"name":"a","type":"uint8"}]"#, message: #"{"a": -1}"#),
            .integerOutOfRange(path: "message.a", type: "uint8")
        ),
        (
            document(types: #"[{"name":"a","type":"int8"}]"#, message: #"{"a": -129}"#),
            .integerOutOfRange(path: "message.a", type: "int8")
        ),
        (
            document(types: #"[{"name":"a","type":"int8"}]"#, message: #"{"a": "128"}"#),
            .integerOutOfRange(path: "message.a", type: "int8")
        ),
        (
            document(
                types: #"[{"name":"a","type":"uint256"}]"#,
                message: #"{"a": "0x1\#(String(repeating: "0", count: 64))"}"#),
            .integerOutOfRange(path: "message.a", type: "uint256")
        ),
        (
            document(types: #"[{"name":"a","type":"uint256"}]"#, message: #"{"a": 1.5}"#),
            .invalidInteger(path: "message.a")
        ),
        (
            document(types: #"[{"name":"a","type":"uint256"}]"#, message: #"{"a": "12a"}"#),
            .invalidInteger(path: "message.a")
        ),
        (
            document(types: #"[{"name":"a","type":"uint256"}]"#, message: #"{"a": true}"#),
            .invalidInteger(path: "message.a")
        ),
        (
            document(types: #"[{"name":"a","type":"bytes4"}]"#, message: #"{"a": "0x010203"}"#),
            .invalidBytes(path: "message.a", expected: "exactly 4 bytes (bytes4)")
        ),
        (
            document(types: #"[{"name":"a","type":"bytes"}]"#, message: #"{"a": "hello"}"#),
            .invalidBytes(path: "message.a", expected: "0x-prefixed hex bytes")
        ),
        (
            document(types: #"[{"name":"a","type":"bool"}]"#, message: #"{"a": 1}"#),
            .typeMismatch(path: "message.a", expected: "true or false")
        ),
        (
            document(
                types: #"[{"name":"a","type":"address"}]"#,
                message: #"{"a": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD8"}"#),
            .invalidAddress(path: "message.a", reason: addressError("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD8"))
        ),
        (
            document(types: #"[{"name":"a","type":"address"}]"#, message: #"{"a": 5}"#),
            .invalidAddress(path: "message.a", reason: "expected a 0x hex string")
        ),
        (
            document(types: #"[{"name":"a","type":"uint8[2]"}]"#, message: #"{"a": [1, 2, 3]}"#),
            .arrayLengthMismatch(path: "message.a", expected: 2, actual: 3)
        ),
        (
            document(types: #"[{"name":"a","type":"uint8[]"}]"#, message: #"{"a": 1}"#),
            .typeMismatch(path: "message.a", expected: "an array")
        ),
        (
            document(types: #"[{"name":"a","type":"uint8"},{"name":"b","type":"string"}]"#, message: #"{"a": 1}"#),
            .missingField(path: "message.b")
        ),
        (
            document(types: #"[{"name":"a","type":"Nope"}]"#, message: #"{"a": 1}"#),
            .unknownType("Nope", path: "T.a")
        ),
        (
            document(types: #"[{"name":"a","type":"uint"}]"#, message: #"{"a": 1}"#),
            .unknownType("uint", path: "T.a")
        ),
        (
            document(types: #"[{"name":"a","type":"uint7"}]"#, message: #"{"a": 1}"#),
            .unknownType("uint7", path: "T.a")
        ),
        (
            document(types: #"[{"name":"a","type":"uint8"}]"#, message: #"{"a": 1}"#, primary: "U"),
            .unknownType("U", path: "primaryType")
        ),
        (
            document(types: #"[{"name":"a","type":"uint8"},{"name":"a","type":"uint8"}]"#, message: #"{"a": 1}"#),
            .invalidTypeDefinition("T", reason: "member a appears twice")
        ),
        (#"{"types": {"T": []}, "primaryType": "T", "domain": {}}"#, .missingTypedDataMember("message")),
        (#"{"types": {"T": []}, "domain": {}, "message": {}}"#, .missingTypedDataMember("primaryType")),
        (
            #"{"types": {"T": []}, "primaryType": "T", "domain": {"nam": "x"}, "message": {}}"#,
            .typeMismatch(path: "domain.nam", expected: "a member declared in types.EIP712Domain")
        ),
        (
            #"{"types": {"T": []}, "primaryType": "T", "domain": {}, "message": {}"#,
            .invalidJSON("unexpected end of input in an object", offset: 68)
        ),
        (#"{"types": {"T": []}, "types": {}}"#, .invalidJSON("duplicate key \"types\"", offset: 21)),
    ])
    func invalidTypedData(_ json: String, _ expected: SigningError) {
        #expect(throws: expected) { try TypedData(json: json) }
    }

    @Test func integersInEveryForm() throws {
        func hash(_ value: String) throws -> Hash? {
            try TypedData(json: Self.document(types: #"[{"name":"a","type":"int256"}]"#, message: "{\"a\": \(value)}"))
                .messageHash
        }
        let reference = try hash("1000000000000000000000")
        for form in [
            #""1000000000000000000000""#, #""0x3635c9adc5dea00000""#, "1e21", "1.0e21", "10E20",
            "1000000000000000000000.000",
        ] {
            #expect(try hash(form) == reference, "\(form)")
        }
        #expect(try hash("-1") == hash(#""-1""#))
        #expect(try hash(#""-0x1""#) == hash("-1"))
        #expect(throws: SigningError.invalidJSON("expected ',' or '}'", offset: 167)) { try hash("0x1") }
    }

    @Test func badAddressChecksumIsNamed() throws {
        let mixed = "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD827"
        var reason = ""
        do { _ = try Address(hex: mixed) } catch { reason = error.description }
        #expect(!reason.isEmpty)
        #expect(throws: SigningError.invalidAddress(path: "message.a", reason: reason)) {
            try TypedData(
                json: Self.document(types: #"[{"name":"a","type":"address"}]"#, message: "{\"a\": \"\(mixed)\"}"))
        }
    }

    @Test func absentStructIsZeroWord() throws {
        let json = """
            {"types": {"EIP712Domain": [], "Inner": [{"name": "x", "type": "uint8"}],
                       "Outer": [{"name": "inner", "type": "Inner"}]},
             "primaryType": "Outer", "domain": {}, "message": {"inner": null}}
            """
        let typed = try TypedData(json: json)
        let typeHash = try typed.types.typeHash("Outer")
        #expect(typed.messageHash == Keccak256.hash(typeHash.bytes + [UInt8](repeating: 0, count: 32)))
    }

    @Test func domainOnlyPrimaryTypeSignsTheDomain() throws {
        let json = """
            {"types": {"EIP712Domain": [{"name": "name", "type": "string"}]},
             "primaryType": "EIP712Domain", "domain": {"name": "x"}, "message": {}}
            """
        let typed = try TypedData(json: json)
        #expect(typed.messageHash == nil)
        #expect(typed.signingHash == Keccak256.hash([0x19, 0x01] + typed.domainSeparator.bytes))
    }

    @Test func recursiveTypesEncodeOnce() throws {
        let types = try TypedDataTypes([
            "Node": [TypedDataMember(name: "value", type: "uint8"), TypedDataMember(name: "children", type: "Node[]")]
        ])
        #expect(try types.encodeType("Node") == "Node(uint8 value,Node[] children)")
        let leaf: TypedDataValue = .structure(["value": .uint(UInt8(2)), "children": .array([])])
        let root: [String: TypedDataValue] = ["value": .uint(UInt8(1)), "children": .array([leaf, leaf])]
        let leafHash = try types.hashStruct("Node", ["value": .uint(UInt8(2)), "children": .array([])])
        let expected = Keccak256.hash(
            try types.typeHash("Node").bytes + [UInt8](repeating: 0, count: 31) + [1]
                + Keccak256.hash(leafHash.bytes + leafHash.bytes).bytes)
        #expect(try types.hashStruct("Node", root) == expected)
    }
}
