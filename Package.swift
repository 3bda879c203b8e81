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
        .executable(name: "metered", targets: ["metered"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
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
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "metered", dependencies: ["MeteredCLI"], swiftSettings: strict),
        .testTarget(
            name: "MeteredCLITests",
            dependencies: ["MeteredCLI", "EthPrimitives", "RLP", "ABI", "Secp256k1", "Signing", "Transactions"],
            swiftSettings: strict
        ),
    ]
)
