// swift-tools-version: 6.2
// keyship: delivers software licence keys to marketplace buyers from a git store repository.
import PackageDescription

/// Settings every Swift target shares: Swift 6 language mode is the package default,
/// and these upcoming features keep APIs explicit about existentials and imports.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// Targets that call C also check memory safety, so every unsafe construct is marked `unsafe`.
let cInteropSettings: [SwiftSetting] = strictSettings + [.strictMemorySafety()]

let package = Package(
    name: "keyship",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "keyship", targets: ["keyship"]),
        .executable(name: "fake-mirakl", targets: ["fake-mirakl"]),
        .executable(name: "keyship-bench", targets: ["keyship-bench"]),
    ],
    targets: [
        // C libraries from Debian, one module each.
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),

        // The domain: store model, planning, templates, ledger, texts. No C, no I/O.
        .target(name: "KeyshipCore", swiftSettings: strictSettings),

        // Adapters at the edges.
        .target(name: "KeyshipYAML", dependencies: ["KeyshipCore", "CYAML"], swiftSettings: cInteropSettings),
        .target(name: "KeyshipCrypto", dependencies: ["KeyshipCore", "CSodium"], swiftSettings: cInteropSettings),
        .target(name: "KeyshipGit", dependencies: ["KeyshipCore", "CGit2"], swiftSettings: cInteropSettings),
        .target(name: "KeyshipNet", dependencies: ["KeyshipCore", "CCurl"], swiftSettings: cInteropSettings),
        .target(
            name: "KeyshipStore",
            dependencies: ["KeyshipCore", "KeyshipYAML", "KeyshipGit", "KeyshipCrypto"],
            swiftSettings: strictSettings),
        .target(
            name: "KeyshipChannels",
            dependencies: ["KeyshipCore", "KeyshipNet"],
            swiftSettings: strictSettings),
        .target(
            name: "KeyshipFulfil",
            dependencies: ["KeyshipCore", "KeyshipStore", "KeyshipChannels", "KeyshipNet", "KeyshipCrypto"],
            swiftSettings: strictSettings),
        .target(
            name: "KeyshipCLI",
            dependencies: ["KeyshipCore", "KeyshipStore", "KeyshipFulfil", "KeyshipChannels", "KeyshipCrypto", "KeyshipYAML"],
            swiftSettings: strictSettings),
        .executableTarget(name: "keyship", dependencies: ["KeyshipCLI"], swiftSettings: strictSettings),

        // A minimal HTTP/1.1 server on 127.0.0.1 for fake marketplaces, and a Mirakl seller API on
        // top of it that follows the documented contract, for tests and demos.
        .target(name: "LoopbackHTTP", swiftSettings: cInteropSettings),
        .target(name: "FakeMirakl", dependencies: ["KeyshipCore", "LoopbackHTTP"], swiftSettings: strictSettings),
        .executableTarget(name: "fake-mirakl", dependencies: ["FakeMirakl"], swiftSettings: strictSettings),

        // Builds a large synthetic store and times a fulfilment run over it.
        .executableTarget(
            name: "keyship-bench",
            dependencies: ["KeyshipCore", "KeyshipStore", "KeyshipFulfil", "KeyshipCrypto", "KeyshipGit"],
            swiftSettings: strictSettings),

        // Tests mirror the source targets; KeyshipTestSupport holds shared fixtures.
        .target(
            name: "KeyshipTestSupport",
            dependencies: ["KeyshipCore", "KeyshipGit", "KeyshipCrypto"],
            path: "Tests/KeyshipTestSupport",
            swiftSettings: strictSettings),
        .testTarget(
            name: "KeyshipCoreTests",
            // The YAML parser turns test fixtures written as text into the nodes schemas decode.
            dependencies: ["KeyshipCore", "KeyshipYAML", "KeyshipTestSupport"],
            swiftSettings: strictSettings),
        .testTarget(name: "KeyshipYAMLTests", dependencies: ["KeyshipYAML", "KeyshipCore"], swiftSettings: strictSettings),
        .testTarget(name: "KeyshipCryptoTests", dependencies: ["KeyshipCrypto", "KeyshipTestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "KeyshipGitTests", dependencies: ["KeyshipGit", "KeyshipTestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "KeyshipNetTests", dependencies: ["KeyshipNet", "LoopbackHTTP", "KeyshipTestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "KeyshipStoreTests", dependencies: ["KeyshipStore", "KeyshipTestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "KeyshipChannelsTests",
            dependencies: ["KeyshipChannels", "KeyshipNet", "FakeMirakl", "LoopbackHTTP", "KeyshipTestSupport"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "KeyshipFulfilTests",
            dependencies: ["KeyshipFulfil", "FakeMirakl", "KeyshipTestSupport"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "KeyshipCLITests",
            dependencies: ["KeyshipCLI", "FakeMirakl", "KeyshipTestSupport"],
            swiftSettings: strictSettings),
    ]
)
