/// One entry of a contract's interface: a function, event, error, the constructor, fallback or receive function.
public enum ABIItem: Hashable, Sendable {
    /// A function.
    case function(ABIFunction)
    /// An event.
    case event(ABIEvent)
    /// A custom error.
    case error(ABICustomError)
    /// The constructor.
    case constructor(ABIConstructor)
    /// The fallback function, called when no other matches; `payable` when it accepts ether.
    case fallback(StateMutability)
    /// The receive function, called for plain ether transfers (always `payable`).
    case receive

    /// Parses a human-readable declaration, as Solidity writes it and ethers' "human-readable ABI" takes it:
    ///
    /// ```
    /// function transfer(address to, uint256 amount) external returns (bool)
    /// function getSession(uint256 id) view returns ((address tutor, uint64 start) session)
    /// event Transfer(address indexed from, address indexed to, uint256 value)
    /// event Anything(bytes32 tag) anonymous
    /// error InsufficientBalance(uint256 available, uint256 required)
    /// constructor(address token) payable
    /// fallback() external payable
    /// receive() external payable
    /// ```
    ///
    /// Without a leading keyword the text is a function (`transfer(address,uint256)`), and a second parameter
    /// list gives its results as `cast` writes them (`balanceOf(address)(uint256)`). Visibility (`external`,
    /// `public`, …), `virtual`, `override`, data locations and a final `;` are accepted and ignored.
    ///
    /// - Throws: ``ABIError/invalidSyntax(text:offset:expected:)`` or ``ABIError/unknownType(_:offset:)`` with the
    ///   character offset of the problem.
    public init(parsing text: String) throws(ABIError) {
        self = try ABIItem(parsing: text, defaultKind: "function")
    }

    /// Parses a declaration; `defaultKind` (`function`, `event` or `error`) applies when no keyword starts it.
    init(parsing text: String, defaultKind: String) throws(ABIError) {
        var scanner = TextScanner(text)
        scanner.skipSpaces()
        var kind = defaultKind
        let keywords = ["function", "event", "error", "constructor", "fallback", "receive"]
        if let word = scanner.peekIdentifier(), keywords.contains(word) {
            var lookahead = scanner
            _ = lookahead.identifier()
            lookahead.skipSpaces()
            // `event Transfer(…)` or `constructor(…)`, not a function that happens to be called `error(…)`.
            let followedByName = lookahead.peekIdentifier() != nil
            // `function` is reserved, so `function (uint256)` is a function without a name.
            if followedByName || ["function", "constructor", "fallback", "receive"].contains(word) {
                kind = word
                scanner = lookahead
            }
        }
        var name = ""
        if !["constructor", "fallback", "receive"].contains(kind) {
            if let identifier = scanner.identifier() {
                name = identifier
                scanner.skipSpaces()
            } else if kind != "function" || scanner.peek() != UInt8(ascii: "(") {
                // Only a function may go without a name (`(uint256,address)`, as `cast abi-encode` allows).
                throw scanner.error(expected: "a name")
            }
        }
        try self.init(scanner: &scanner, kind: kind, name: name)
    }

    private init(scanner: inout TextScanner, kind: String, name: String) throws(ABIError) {
        let inputs = try scanner.componentList(depth: 0, allowIndexed: kind == "event")
        var outputs: [ABIParameter] = []
        var declaredOutputs = false
        var mutability: StateMutability?
        var anonymous = false
        while true {
            scanner.skipSpaces()
            if scanner.isAtEnd || scanner.peek() == UInt8(ascii: ";") { break }
            let wordStart = scanner.position
            if kind == "function", !declaredOutputs, scanner.peek() == UInt8(ascii: "(") {
                outputs = try scanner.componentList(depth: 0)
                declaredOutputs = true
                continue
            }
            guard let word = scanner.identifier() else { throw scanner.error(expected: "a modifier or the end") }
            switch (kind, word) {
            case ("event", "anonymous") where !anonymous:
                anonymous = true
            case ("function", "returns") where !declaredOutputs:
                scanner.skipSpaces()
                outputs = try scanner.componentList(depth: 0)
                declaredOutputs = true
            case (_, "pure"), (_, "view"), (_, "payable"), (_, "nonpayable"):
                guard kind != "event", kind != "error", mutability == nil else {
                    throw scanner.error(expected: "a modifier or the end", at: wordStart)
                }
                mutability = StateMutability(rawValue: word)
            case (_, "external"), (_, "public"), (_, "internal"), (_, "private"), (_, "virtual"), (_, "override"):
                guard kind != "event", kind != "error" else {
                    throw scanner.error(expected: "the end", at: wordStart)
                }
            default:
                throw scanner.error(expected: "a modifier or the end", at: wordStart)
            }
        }
        _ = scanner.consume(UInt8(ascii: ";"))
        scanner.skipSpaces()
        try scanner.expectEnd()
        switch kind {
        case "event":
            self = .event(ABIEvent(name: name, inputs: inputs, anonymous: anonymous))
        case "error":
            self = .error(ABICustomError(name: name, inputs: inputs))
        case "constructor":
            self = .constructor(ABIConstructor(inputs: inputs, stateMutability: mutability ?? .nonpayable))
        case "fallback":
            guard inputs.isEmpty else { throw .invalidSyntax(text: scanner.text, offset: 0, expected: "fallback()") }
            self = .fallback(mutability ?? .nonpayable)
        case "receive":
            guard inputs.isEmpty else { throw .invalidSyntax(text: scanner.text, offset: 0, expected: "receive()") }
            self = .receive
        default:
            self = .function(
                ABIFunction(name: name, inputs: inputs, outputs: outputs, stateMutability: mutability ?? .nonpayable))
        }
    }

    /// The declaration in Solidity's words (what ``init(parsing:)`` reads).
    public var humanReadable: String {
        switch self {
        case .function(let function): function.humanReadable
        case .event(let event): event.humanReadable
        case .error(let error): error.humanReadable
        case .constructor(let constructor): constructor.humanReadable
        case .fallback(let mutability): "fallback() external" + (mutability == .payable ? " payable" : "")
        case .receive: "receive() external payable"
        }
    }
}

extension ABIFunction {
    /// Parses a function signature (`transfer(address,uint256)`), a `cast`-style one with results
    /// (`balanceOf(address)(uint256)`) or a human-readable declaration
    /// (`function transfer(address to, uint256 amount) external returns (bool)`).
    ///
    /// - Throws: ``ABIError/invalidSyntax(text:offset:expected:)`` (also when the text declares something other
    ///   than a function) or ``ABIError/unknownType(_:offset:)``.
    public init(parsing text: String) throws(ABIError) {
        guard case .function(let function) = try ABIItem(parsing: text, defaultKind: "function") else {
            throw .invalidSyntax(text: text, offset: 0, expected: "a function")
        }
        self = function
    }
}

extension ABIEvent {
    /// Parses an event signature (`Transfer(address,address,uint256)`, where `indexed` may follow a type) or a
    /// human-readable declaration (`event Transfer(address indexed from, address indexed to, uint256 value)`,
    /// `anonymous` after the list).
    ///
    /// - Throws: ``ABIError/invalidSyntax(text:offset:expected:)`` or ``ABIError/unknownType(_:offset:)``.
    public init(parsing text: String) throws(ABIError) {
        guard case .event(let event) = try ABIItem(parsing: text, defaultKind: "event") else {
            throw .invalidSyntax(text: text, offset: 0, expected: "an event")
        }
        self = event
    }
}

extension ABICustomError {
    /// Parses an error signature (`InsufficientBalance(uint256,uint256)`) or a human-readable declaration
    /// (`error InsufficientBalance(uint256 available, uint256 required)`).
    ///
    /// - Throws: ``ABIError/invalidSyntax(text:offset:expected:)`` or ``ABIError/unknownType(_:offset:)``.
    public init(parsing text: String) throws(ABIError) {
        guard case .error(let error) = try ABIItem(parsing: text, defaultKind: "error") else {
            throw .invalidSyntax(text: text, offset: 0, expected: "an error")
        }
        self = error
    }
}
