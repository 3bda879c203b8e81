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
        .executable(name: "metered", targets: ["metered"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
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

        // MARK: Command line
        .target(
            name: "MeteredCLI",
            dependencies: [
                "EthPrimitives",
                "RLP",
                "ABI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "metered", dependencies: ["MeteredCLI"], swiftSettings: strict),
        .testTarget(
            name: "MeteredCLITests", dependencies: ["MeteredCLI", "EthPrimitives", "RLP", "ABI"],
            swiftSettings: strict),
    ]
)
