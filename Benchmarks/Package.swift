// swift-tools-version:6.1
// Benchmarks for Metered, kept out of the main package so its users never build package-benchmark.
// Run: swift package --package-path Benchmarks benchmark   (tools/bench/compare.py runs the peers side by side)
import PackageDescription

let benchmarkDependencies: [Target.Dependency] = [
    .product(name: "Benchmark", package: "benchmark")
]
let benchmarkPlugins: [Target.PluginUsage] = [
    .plugin(name: "BenchmarkPlugin", package: "benchmark")
]

let package = Package(
    name: "MeteredBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Metered", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        // MatchmakerLoad: an HTTP client, the service group and logs (the same packages Metered depends on).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "Primitives",
            dependencies: benchmarkDependencies + [
                .product(name: "EthPrimitives", package: "Metered"),
                .product(name: "RLP", package: "Metered"),
            ],
            path: "Benchmarks/Primitives",
            plugins: benchmarkPlugins
        ),
        // Not "ABI": target names are unique across the package graph, and Metered has an ABI module.
        .executableTarget(
            name: "ABIBenchmarks",
            dependencies: benchmarkDependencies + [
                .product(name: "ABI", package: "Metered"),
                .product(name: "EthPrimitives", package: "Metered"),
            ],
            path: "Benchmarks/ABI",
            plugins: benchmarkPlugins
        ),
        // Named SigningBenchmarks: a target may not share the name of Metered's `Signing` library target.
        .executableTarget(
            name: "SigningBenchmarks",
            dependencies: benchmarkDependencies + [
                .product(name: "EthPrimitives", package: "Metered"),
                .product(name: "Secp256k1", package: "Metered"),
                .product(name: "Signing", package: "Metered"),
            ],
            path: "Benchmarks/Signing",
            plugins: benchmarkPlugins
        ),
        // Named ContractsBenchmarks: a target may not share the name of Metered's `Contracts` library target.
        .executableTarget(
            name: "ContractsBenchmarks",
            dependencies: benchmarkDependencies + [
                .product(name: "Contracts", package: "Metered"),
                .product(name: "EthPrimitives", package: "Metered"),
            ],
            path: "Benchmarks/Contracts",
            plugins: benchmarkPlugins
        ),
        // Named TransactionsBenchmarks: a target may not share the name of Metered's `Transactions` library target.
        .executableTarget(
            name: "TransactionsBenchmarks",
            dependencies: benchmarkDependencies + [
                .product(name: "EthPrimitives", package: "Metered"),
                .product(name: "Secp256k1", package: "Metered"),
                .product(name: "Transactions", package: "Metered"),
            ],
            path: "Benchmarks/Transactions",
            plugins: benchmarkPlugins
        ),
        // Named ChainSimBenchmarks: a target may not share the name of Metered's `ChainSim` library target.
        .executableTarget(
            name: "ChainSimBenchmarks",
            dependencies: benchmarkDependencies + [
                .product(name: "ChainSim", package: "Metered"),
                .product(name: "Contracts", package: "Metered"),
                .product(name: "EthPrimitives", package: "Metered"),
                .product(name: "JSONRPC", package: "Metered"),
                .product(name: "Secp256k1", package: "Metered"),
                .product(name: "Transactions", package: "Metered"),
            ],
            path: "Benchmarks/ChainSim",
            plugins: benchmarkPlugins
        ),
        // Named NodeBenchmarks: a target may not share the name of Metered's `Node` library target.
        .executableTarget(
            name: "NodeBenchmarks",
            dependencies: benchmarkDependencies + [
                .product(name: "ChainSim", package: "Metered"),
                .product(name: "Contracts", package: "Metered"),
                .product(name: "EthPrimitives", package: "Metered"),
                .product(name: "JSONRPC", package: "Metered"),
                .product(name: "JSONRPCClient", package: "Metered"),
                .product(name: "Node", package: "Metered"),
            ],
            path: "Benchmarks/Node",
            plugins: benchmarkPlugins
        ),
        // Named HeartbeatBenchmarks: a target may not share the name of Metered's `Heartbeat` library target.
        .executableTarget(
            name: "HeartbeatBenchmarks",
            dependencies: benchmarkDependencies + [
                .product(name: "EthPrimitives", package: "Metered"),
                .product(name: "Heartbeat", package: "Metered"),
                .product(name: "Secp256k1", package: "Metered"),
            ],
            path: "Benchmarks/Heartbeat",
            plugins: benchmarkPlugins
        ),
        // The heartbeat's load tool (not a package-benchmark target, so outside Benchmarks/ where the plugin looks):
        // pings over HTTP from concurrent keep-alive connections, detection latency, drop to settled, memory per
        // session. Run: swift run -c release --package-path Benchmarks heartbeat-load --help
        .executableTarget(
            name: "heartbeat-load",
            dependencies: [
                .product(name: "Backend", package: "Metered"),
                .product(name: "ChainSim", package: "Metered"),
                .product(name: "Contracts", package: "Metered"),
                .product(name: "EthPrimitives", package: "Metered"),
                .product(name: "Heartbeat", package: "Metered"),
                .product(name: "JSONRPC", package: "Metered"),
                .product(name: "JSONRPCClient", package: "Metered"),
                .product(name: "Secp256k1", package: "Metered"),
                .product(name: "Signing", package: "Metered"),
                .product(name: "Transactions", package: "Metered"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Load/HeartbeatLoad",
            swiftSettings: [.swiftLanguageMode(.v6), .enableUpcomingFeature("ExistentialAny")]
        ),
        // A load generator rather than a package-benchmark target (it reports requests per second and latency
        // percentiles of a closed loop over HTTP), so it lives outside Benchmarks/, where the plugin looks:
        // swift run -c release --package-path Benchmarks MatchmakerLoad
        .executableTarget(
            name: "MatchmakerLoad",
            dependencies: [
                .product(name: "ChainSim", package: "Metered"),
                .product(name: "EthPrimitives", package: "Metered"),
                .product(name: "JSONRPC", package: "Metered"),
                .product(name: "JSONRPCClient", package: "Metered"),
                .product(name: "Matchmaker", package: "Metered"),
                .product(name: "Node", package: "Metered"),
                .product(name: "Secp256k1", package: "Metered"),
                .product(name: "Signing", package: "Metered"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Load/MatchmakerLoad",
            swiftSettings: [.swiftLanguageMode(.v6), .enableUpcomingFeature("ExistentialAny")]
        ),
    ]
)
