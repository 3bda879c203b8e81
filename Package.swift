// swift-tools-version:6.1
// Metered: an Ethereum toolchain in Swift and the backend of a pay-per-second tutoring marketplace.
// Layers (see docs/architecture in ../shared/design/ARCHITECTURE.md): each module depends only on those above it.
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Metered",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "EthPrimitives", targets: ["EthPrimitives"]),
        .library(name: "ABI", targets: ["ABI"]),
        .library(name: "RLP", targets: ["RLP"]),
        .library(name: "Secp256k1", targets: ["Secp256k1"]),
        .library(name: "Signing", targets: ["Signing"]),
        .library(name: "Transactions", targets: ["Transactions"]),
        .library(name: "JSONRPC", targets: ["JSONRPC"]),
        .library(name: "Contracts", targets: ["Contracts"]),
        .library(name: "ContractsGenerator", targets: ["ContractsGenerator"]),
        .executable(name: "metered-bindgen", targets: ["metered-bindgen"]),
        .library(name: "ChainSim", targets: ["ChainSim"]),
        .library(name: "JSONRPCClient", targets: ["JSONRPCClient"]),
        .library(name: "Node", targets: ["Node"]),
        .library(name: "Matchmaker", targets: ["Matchmaker"]),
        .executable(name: "metered", targets: ["metered"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // Heartbeat: SQLite, HTTP, lifecycle, logs and metrics.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Matchmaker
    ],
    targets: [
        // MARK: Primitives
        .target(name: "EthPrimitives", swiftSettings: strict),
        .testTarget(
            name: "EthPrimitivesTests",
            dependencies: [
                "EthPrimitives",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),

        // MARK: Encodings
        .target(name: "RLP", dependencies: ["EthPrimitives"], swiftSettings: strict),
        .testTarget(
            name: "RLPTests",
            dependencies: [
                "RLP",
                "EthPrimitives",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),

        .target(name: "ABI", dependencies: ["EthPrimitives"], swiftSettings: strict),
        .testTarget(
            name: "ABITests",
            dependencies: [
                "ABI",
                "EthPrimitives",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),

        // MARK: Keys and signing
        .systemLibrary(
            name: "CSecp256k1",
            pkgConfig: "libsecp256k1",
            providers: [.apt(["libsecp256k1-dev"])]
        ),
        .target(name: "Secp256k1", dependencies: ["CSecp256k1", "EthPrimitives"], swiftSettings: strict),
        .testTarget(
            name: "Secp256k1Tests",
            dependencies: [
                "Secp256k1",
                "EthPrimitives",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Signing",
            dependencies: [
                "Secp256k1",
                "EthPrimitives",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SigningTests",
            dependencies: [
                "Signing",
                "Secp256k1",
                "EthPrimitives",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),

        // MARK: Transactions
        .target(
            name: "Transactions", dependencies: ["EthPrimitives", "RLP", "Secp256k1"], swiftSettings: strict),
        .testTarget(
            name: "TransactionsTests",
            dependencies: [
                "Transactions",
                "Secp256k1",
                "RLP",
                "EthPrimitives",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),

        // MARK: JSON-RPC
        .target(name: "JSONRPC", dependencies: ["EthPrimitives"], swiftSettings: strict),
        .testTarget(
            name: "JSONRPCTests",
            dependencies: [
                "JSONRPC",
                "EthPrimitives",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),

        // MARK: Contract bindings
        .target(name: "Contracts", dependencies: ["ABI", "EthPrimitives"], swiftSettings: strict),
        .target(name: "ContractsGenerator", dependencies: ["ABI", "EthPrimitives"], swiftSettings: strict),
        .executableTarget(
            name: "metered-bindgen",
            dependencies: [
                "ContractsGenerator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ContractsTests",
            dependencies: [
                "Contracts",
                "ABI",
                "EthPrimitives",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ContractsGeneratorTests",
            dependencies: ["ContractsGenerator", "ABI", "EthPrimitives"],
            swiftSettings: strict
        ),

        // MARK: Chain simulator
        .target(
            name: "ChainSim",
            dependencies: [
                "EthPrimitives", "RLP", "ABI", "Secp256k1", "Signing", "Transactions", "JSONRPC", "Contracts",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ChainSimTests",
            dependencies: [
                "ChainSim",
                "EthPrimitives",
                "RLP",
                "ABI",
                "Secp256k1",
                "Signing",
                "Transactions",
                "JSONRPC",
                "Contracts",
                "ContractsGenerator",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),

        // MARK: JSON-RPC client and node
        .target(
            name: "JSONRPCClient",
            dependencies: [
                "JSONRPC",
                "EthPrimitives",
                "Contracts",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "JSONRPCClientTests",
            dependencies: [
                "JSONRPCClient",
                "Contracts",
                "JSONRPC",
                "EthPrimitives",
                "Node",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Node",
            dependencies: [
                "JSONRPC",
                "EthPrimitives",
                "ChainSim",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "NodeTests",
            dependencies: [
                "Node",
                "JSONRPC",
                "JSONRPCClient",
                "EthPrimitives",
                "ChainSim",
                "Transactions",
                "Secp256k1",
                "Contracts",
                "ABI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict
        ),

        // MARK: Heartbeat service
        .target(
            name: "Heartbeat",
            dependencies: [
                "EthPrimitives",
                "Secp256k1",
                "Signing",
                "JSONRPC",
                "JSONRPCClient",
                "Contracts",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HeartbeatTests",
            dependencies: [
                "Heartbeat",
                "EthPrimitives",
                "Secp256k1",
                "Signing",
                "JSONRPC",
                "JSONRPCClient",
                "Contracts",
                "ChainSim",
                "Node",
                "Transactions",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),

        // MARK: Matchmaker
        .target(
            name: "Matchmaker",
            dependencies: [
                "EthPrimitives",
                "ABI",
                "Secp256k1",
                "Signing",
                "JSONRPC",
                "JSONRPCClient",
                "Contracts",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "MatchmakerTests",
            dependencies: [
                "Matchmaker",
                "EthPrimitives",
                "Secp256k1",
                "Signing",
                "JSONRPC",
                "Contracts",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                "JSONRPCClient",
                "ChainSim",
                "Node",
                "Transactions",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),

        // MARK: Command line
        .target(
            name: "MeteredCLI",
            dependencies: [
                "EthPrimitives",
                "RLP",
                "ABI",
                "Secp256k1",
                "Signing",
                "Transactions",
                "ChainSim",
                "JSONRPC",
                "JSONRPCClient",
                "Node",
                "Heartbeat",
                "Relayer",
                "Matchmaker",
                "Backend",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "metered", dependencies: ["MeteredCLI"], swiftSettings: strict),
        .testTarget(
            name: "MeteredCLITests",
            dependencies: [
                "MeteredCLI", "EthPrimitives", "RLP", "ABI", "Secp256k1", "Signing", "Transactions", "JSONRPC",
                "JSONRPCClient",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
    ]
)

// MARK: Relayer
// Kept in one block (dependencies, product and targets) so that parallel branches merge without touching each other.
// A dependency another block already declares is not declared twice (SwiftPM refuses duplicate identities).
func relayerSourceURL(_ dependency: Package.Dependency) -> String? {
    if case .sourceControl(_, let location, _) = dependency.kind { return location }
    return nil
}
for dependency: Package.Dependency in [
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
    .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
] where !package.dependencies.contains(where: { relayerSourceURL($0) == relayerSourceURL(dependency) }) {
    package.dependencies.append(dependency)
}
package.products += [.library(name: "Relayer", targets: ["Relayer"])]
package.targets += [
    .target(
        name: "Relayer",
        dependencies: [
            "EthPrimitives", "ABI", "Secp256k1", "Signing", "Transactions", "JSONRPC", "JSONRPCClient", "Contracts",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ],
        swiftSettings: strict
    ),
    // The relayer as a process of its own, killed and restarted by the crash-consistency test.
    .executableTarget(
        name: "relayer-crash-harness",
        dependencies: [
            "Relayer", "EthPrimitives", "JSONRPCClient",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ],
        path: "Tests/RelayerCrashHarness",
        swiftSettings: strict
    ),
    .testTarget(
        name: "RelayerTests",
        dependencies: [
            "Relayer", "relayer-crash-harness", "EthPrimitives", "ABI", "Secp256k1", "Signing", "Transactions",
            "JSONRPC", "JSONRPCClient", "Contracts", "ChainSim", "Node",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "PropertyBased", package: "swift-property-based"),
        ],
        swiftSettings: strict
    ),
]

// MARK: Backend
// `metered up`, `metered demo` and the single-service verbs: the wiring of the chain and the services. Kept in one
// block so that parallel branches merge without touching each other; it adds itself to the command line's targets.
package.products += [.library(name: "Backend", targets: ["Backend"])]
package.targets += [
    .target(
        name: "Backend",
        dependencies: [
            "EthPrimitives", "ABI", "Secp256k1", "Signing", "Transactions", "JSONRPC", "JSONRPCClient", "Contracts",
            "ChainSim", "Node", "Heartbeat", "Relayer", "Matchmaker",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ],
        swiftSettings: strict
    ),
    .testTarget(
        name: "BackendTests",
        dependencies: [
            "Backend", "MeteredCLI", "EthPrimitives", "Secp256k1", "Signing", "Transactions", "JSONRPC",
            "JSONRPCClient", "Contracts", "ChainSim", "Heartbeat",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Crypto", package: "swift-crypto"),
        ],
        swiftSettings: strict
    ),
]

// MARK: Heartbeat product
// The heartbeat as a library product, so the Benchmarks package (its load tool and micro-benchmarks) can import it.
package.products += [.library(name: "Heartbeat", targets: ["Heartbeat"])]
