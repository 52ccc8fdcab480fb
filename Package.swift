// swift-tools-version: 6.0
// Segue: nightly playlists from a local music library.
// Linking FFmpeg and FFTW makes the project GPL-3.0-or-later (see LICENSE).
import PackageDescription

let strictSwift: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Segue",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "segue-scan", targets: ["segue-scan"]),
        .executable(name: "segue-analyze", targets: ["segue-analyze"]),
        .executable(name: "segue-genres", targets: ["segue-genres"]),
        .executable(name: "segue-index", targets: ["segue-index"]),
        .executable(name: "segue-export", targets: ["segue-export"]),
        .executable(name: "segue-dev", targets: ["segue-dev"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // System libraries and the small C shims over them.
        .systemLibrary(name: "CFFmpeg", path: "Sources/Shims/CFFmpeg", pkgConfig: "libavformat",
                       providers: [.apt(["libavformat-dev", "libavcodec-dev", "libswresample-dev", "libavutil-dev"])]),
        .systemLibrary(name: "CFFTW", path: "Sources/Shims/CFFTW", pkgConfig: "fftw3f",
                       providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(name: "CEBUR128", path: "Sources/Shims/CEBUR128", pkgConfig: "libebur128",
                       providers: [.apt(["libebur128-dev"])]),
        .systemLibrary(name: "CCurl", path: "Sources/Shims/CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CCrypto", path: "Sources/Shims/CCrypto", pkgConfig: "libcrypto",
                       providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "COpenBLAS", path: "Sources/Shims/COpenBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        // Linked into every program that links OpenBLAS: stops its thread pool at load.
        .target(name: "COpenBLASCallingThread", dependencies: ["COpenBLAS"], path: "Sources/Shims/COpenBLASCallingThread",
                publicHeadersPath: "."),
        .systemLibrary(name: "CWorkerProcess", path: "Sources/Shims/CWorkerProcess"),
        .target(name: "CTagLibShim", path: "Sources/Shims/CTagLibShim",
                linkerSettings: [.linkedLibrary("tag"), .linkedLibrary("stdc++")]),
        // Debian's FAISS is a static C++ library built with OpenMP over a BLAS.
        .target(name: "CFaissShim", path: "Sources/Shims/CFaissShim",
                linkerSettings: [.linkedLibrary("faiss"), .linkedLibrary("gomp"), .linkedLibrary("openblas"),
                                 .linkedLibrary("stdc++")]),

        // Libraries, one per concern.
        .target(name: "SegueCore", dependencies: [
            "CCrypto",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Yams", package: "Yams"),
        ], swiftSettings: strictSwift),
        .target(name: "SegueAudio", dependencies: ["SegueCore", "CFFmpeg", "CTagLibShim"], swiftSettings: strictSwift),
        .target(name: "SegueScan", dependencies: ["SegueCore", "SegueAudio"], swiftSettings: strictSwift),
        .target(name: "SegueDSP", dependencies: ["CFFTW", "CEBUR128"], swiftSettings: strictSwift),
        .target(name: "SegueEmbedding", dependencies: ["SegueCore", "SegueDSP", "COpenBLAS", "COpenBLASCallingThread"], swiftSettings: strictSwift),
        .target(name: "SegueAnalysis", dependencies: ["SegueCore", "SegueAudio", "SegueDSP", "SegueEmbedding", "CWorkerProcess"], swiftSettings: strictSwift),
        .target(name: "SegueHTTP", dependencies: ["SegueCore", "CCurl"], swiftSettings: strictSwift),
        .target(name: "SegueGenres", dependencies: ["SegueCore", "SegueHTTP"], swiftSettings: strictSwift),
        .target(name: "SegueIndex", dependencies: ["SegueCore", "COpenBLAS", "COpenBLASCallingThread", "CFaissShim"], swiftSettings: strictSwift),
        .target(name: "SeguePlaylists", dependencies: ["SegueCore", "SegueIndex"], swiftSettings: strictSwift),
        .target(name: "SeguePlayers", dependencies: ["SegueCore", "SegueHTTP"], swiftSettings: strictSwift),
        .target(name: "SegueReport", dependencies: ["SegueCore", "SegueIndex"], swiftSettings: strictSwift),
        .target(name: "SegueTestSupport", dependencies: ["SegueCore", "SegueIndex", "CTagLibShim"], swiftSettings: strictSwift),

        // Thin executables: argument parsing, then one call.
        .executableTarget(name: "segue-scan", dependencies: ["SegueCore", "SegueScan"], swiftSettings: strictSwift),
        .executableTarget(name: "segue-analyze", dependencies: ["SegueCore", "SegueAnalysis"], swiftSettings: strictSwift),
        .executableTarget(name: "segue-genres", dependencies: ["SegueCore", "SegueGenres"], swiftSettings: strictSwift),
        .executableTarget(name: "segue-index", dependencies: ["SegueCore", "SegueIndex"], swiftSettings: strictSwift),
        .executableTarget(name: "segue-export", dependencies: ["SegueCore", "SeguePlaylists", "SeguePlayers", "SegueReport"], swiftSettings: strictSwift),
        .executableTarget(name: "segue-dev", dependencies: ["SegueCore", "SegueIndex", "SegueTestSupport"], swiftSettings: strictSwift),
        // Benchmarks (bench/*.sh), built with -c release.
        .executableTarget(name: "segue-dsp-bench", dependencies: ["SegueDSP"], path: "bench/dsp", swiftSettings: strictSwift),
        .executableTarget(name: "segue-embedding-bench", dependencies: ["SegueEmbedding"], path: "bench/embedding",
                          swiftSettings: strictSwift),

        .testTarget(name: "SegueCoreTests", dependencies: ["SegueCore", "SegueTestSupport"], swiftSettings: strictSwift),
        .testTarget(name: "SegueScanTests", dependencies: ["SegueScan", "SegueAudio", "SegueTestSupport"], swiftSettings: strictSwift),
        .testTarget(name: "SegueDSPTests", dependencies: ["SegueDSP", "SegueTestSupport"], swiftSettings: strictSwift),
        .testTarget(name: "SegueEmbeddingTests", dependencies: ["SegueEmbedding", "SegueTestSupport"], swiftSettings: strictSwift),
        .testTarget(name: "SegueAnalysisTests", dependencies: ["SegueAnalysis", "SegueTestSupport"], swiftSettings: strictSwift),
        .testTarget(name: "SegueGenresTests", dependencies: ["SegueGenres", "SegueHTTP", "SegueTestSupport"], swiftSettings: strictSwift),
        .testTarget(name: "SeguePlayersTests", dependencies: ["SeguePlayers", "SegueHTTP", "SegueTestSupport"], swiftSettings: strictSwift),
        .testTarget(name: "SegueIndexTests", dependencies: ["SegueIndex", "SegueDSP", "SegueEmbedding", "SegueTestSupport"], swiftSettings: strictSwift),
        .testTarget(name: "SeguePlaylistsTests", dependencies: ["SeguePlaylists", "SeguePlayers", "SegueTestSupport"], swiftSettings: strictSwift),
        .testTarget(name: "SegueEndToEndTests", dependencies: ["SegueCore", "SegueTestSupport"], swiftSettings: strictSwift),
        .testTarget(name: "SegueReportTests", dependencies: ["SegueReport", "SegueTestSupport"], swiftSettings: strictSwift),
    ],
    swiftLanguageModes: [.v6]
)
