// swift-tools-version:6.0
import Foundation
import PackageDescription

// Release builds of the numeric kernels matter: -Ounchecked is not used, so every
// bounds check that protects file-derived data stays on.
// The engine's own loops (SIMD8 kernels, Winograd's transforms, the first layer) compiled for
// Haswell's AVX2 on x86-64 instead of the SSE2 baseline: evaluating the 10k test images is
// 7-13 % faster, and the results are bit-identical (the same operations, wider; Swift does not
// contract a·b + c into an FMA). The image pipeline (DigitImage) too: a 12-MP photo's decode +
// preprocessing 113 -> 107 ms, `digitrec predict --json` byte-identical over 5030 files. The
// command line refuses an older CPU with a message (Sources/digitrec/main.swift) rather than
// dying of an illegal instruction, and `DIGITREC_PORTABLE=1` (`make clean build
// DIGITREC_PORTABLE=1`) builds for the SSE2 baseline.
#if arch(x86_64)
let haswell = ProcessInfo.processInfo.environment["DIGITREC_PORTABLE"] != "1"
#else
let haswell = false
#endif
let engineSettings: [SwiftSetting] = haswell ? [.unsafeFlags(["-target-cpu", "haswell"])] : []
/// Tells the command line and the benchmark to check the CPU for what the engine was compiled for.
let startupSettings: [SwiftSetting] = haswell ? [.define("ENGINE_NEEDS_HASWELL")] : []

let package = Package(
    name: "digitrec",
    products: [
        .executable(name: "digitrec", targets: ["digitrec"]),
        .executable(name: "DigitBench", targets: ["DigitBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CPNG", pkgConfig: "libpng16", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(name: "CNCurses", pkgConfig: "ncursesw", providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Loaded with dlopen: libcurl when a download starts, libcrypto for SHA-256 (see their shim.h).
        .systemLibrary(name: "CCrypto"),
        .systemLibrary(name: "CCurl"),
        // CBLAS is not linked: OpenBLAS is dlopen-ed at run time (see Sources/CBLAS/shim.h).
        .systemLibrary(name: "CBLAS"),
        // glibc's mallopt, for the command line's start-up (Sources/digitrec/main.swift).
        .systemLibrary(name: "CStartup"),
        // The engine's own C: the CPU check (CPUID) and the kernels written with intrinsics, each
        // compiled for its instruction set by a function attribute and chosen at run time.
        .target(name: "CKernels"),

        // Support: what every module needs and none owns (hashing, atomic writes, capped reads,
        // paths, the clock, the environment, JSON, the lock).
        .target(name: "Support", dependencies: ["CCrypto"]),

        // Data, engine and images: siblings that know nothing of each other.
        .target(name: "MNIST", dependencies: ["CZlib", "CCurl", "Support"]),
        .target(name: "DigitModel", dependencies: ["CBLAS", "CKernels", "Support"], swiftSettings: engineSettings),
        .target(name: "DigitImage", dependencies: ["CPNG", "CJPEG", "Support"], swiftSettings: engineSettings),

        // The application layer: the use cases both front ends call.
        .target(name: "DigitApp", dependencies: ["DigitModel", "DigitImage", "MNIST", "Support"]),

        // Front ends: the interactive program and the command line.
        .target(name: "DigitUI", dependencies: ["CNCurses", "DigitApp", "DigitImage", "Support"]),
        .executableTarget(
            name: "digitrec",
            dependencies: ["DigitUI", "DigitApp", "CStartup", "CKernels", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: startupSettings),
        .executableTarget(name: "DigitBench", dependencies: ["DigitApp", "DigitModel", "DigitImage", "MNIST", "Support", "CJPEG", "CKernels"],
                         exclude: ["peers.py", "HISTORY.md"], swiftSettings: startupSettings),

        // What the test targets share: paths, the data they need (skip or, in CI, fail), one
        // process runner, temporary folders, text snapshots.
        .target(name: "TestSupport", dependencies: ["Support"], path: "Tests/TestSupport"),
        .testTarget(name: "MNISTTests", dependencies: ["MNIST", "Support", "CZlib", "TestSupport"]),
        .testTarget(name: "DigitModelTests", dependencies: ["DigitModel", "MNIST", "Support", "TestSupport"]),
        .testTarget(name: "DigitImageTests", dependencies: ["DigitImage", "DigitModel", "MNIST", "Support", "DigitApp", "CJPEG", "TestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "DigitAppTests", dependencies: ["DigitApp", "DigitImage", "TestSupport"]),
        .testTarget(name: "DigitUITests", dependencies: ["DigitUI", "DigitApp", "DigitImage"], exclude: ["Snapshots"]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport"], exclude: ["Snapshots"]),
    ],
    swiftLanguageModes: [.v6]
)
