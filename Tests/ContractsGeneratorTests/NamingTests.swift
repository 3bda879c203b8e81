import Testing

@testable import ContractsGenerator

@Suite struct NamingTests {
    @Test(arguments: [
        ("stopSessionAt", "StopSessionAt", "stopSessionAt"),
        ("get_session", "GetSession", "getSession"),
        ("_owner", "Owner", "owner"),
        ("escrow_", "Escrow", "escrow"),
        ("rate_per_second", "RatePerSecond", "ratePerSecond"),
        ("URI", "URI", "uri"),
        ("URIPrefix", "URIPrefix", "uriPrefix"),
        ("tokenURI", "TokenURI", "tokenURI"),
        ("ERC20Token", "ERC20Token", "erc20Token"),
        ("ID", "ID", "id"),
        ("A", "A", "a"),
        ("$ether", "Ether", "ether"),
        ("x$y", "XY", "xy"),
        ("_0", "0", "_0"),
        ("__", "", ""),
        ("", "", ""),
    ])
    func namesBecomeSwiftNames(abiName: String, upper: String, lower: String) {
        #expect(Naming.upperCamel(abiName) == upper)
        #expect(Naming.lowerCamel(abiName) == lower)
    }

    @Test func keywordsAreEscaped() {
        #expect(Naming.escaped("default") == "`default`")
        #expect(Naming.escaped("in") == "`in`")
        #expect(Naming.escaped("protocol") == "`protocol`")
        #expect(Naming.escaped("amount") == "amount")
        // Call sites need backticks only for these three.
        #expect(Naming.label("default") == "default")
        #expect(Naming.label("inout") == "`inout`")
        #expect(Naming.label("let") == "`let`")
    }

    @Test func stringLiteralsEscapeWhatSwiftNeeds() {
        #expect(Naming.stringLiteral("transfer(address,uint256)") == "\"transfer(address,uint256)\"")
        #expect(Naming.stringLiteral("a\"b\\c\nd\u{7}") == "\"a\\\"b\\\\c\\nd\\u{7}\"")
        #expect(Naming.stringLiteral("é") == "\"é\"")
    }

    @Test func scopesGiveEachNameOnce() {
        var scope = NameScope(reserved: ["Output"])
        #expect(scope.claim("Transfer", suffix: "Event") == "Transfer")
        #expect(scope.claim("Transfer", suffix: "Event") == "TransferEvent")
        #expect(scope.claim("Transfer", suffix: "Event") == "TransferEvent2")
        #expect(scope.claim("Output", suffix: "Struct") == "OutputStruct")
        #expect(scope.claim("value", suffix: "") == "value")
        #expect(scope.claim("value", suffix: "") == "value2")
    }
}
