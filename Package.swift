// swift-tools-version:6.0
import PackageDescription

// Release builds of the numeric kernels matter: -Ounchecked is not used, so every
// bounds check that protects file-derived data stays on.
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
        .systemLibrary(name: "CNCurses", pkgConfig: "ncursesw", providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Loaded with dlopen: libcurl when a download starts, libcrypto for SHA-256 (see their shim.h).
        .systemLibrary(name: "CCrypto"),
        .systemLibrary(name: "CCurl"),
        // CBLAS is not linked: OpenBLAS is dlopen-ed at run time (see Sources/CBLAS/shim.h).
        .systemLibrary(name: "CBLAS"),

        .target(name: "MNIST", dependencies: ["CZlib", "CCurl", "CCrypto"]),
        .target(name: "DigitModel", dependencies: ["CBLAS", "MNIST"]),
        .target(name: "DigitImage", dependencies: ["CPNG"]),
        .target(name: "Recognition", dependencies: ["DigitImage", "DigitModel"]),
        .target(name: "DigitUI", dependencies: ["CNCurses", "DigitModel", "DigitImage", "MNIST", "Recognition"]),
        .executableTarget(
            name: "digitrec",
            dependencies: [
                "DigitUI", "DigitModel", "DigitImage", "MNIST", "Recognition",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "DigitBench", dependencies: ["DigitModel", "DigitImage", "MNIST", "Recognition"],
                         exclude: ["peers.py"]),

        .testTarget(name: "MNISTTests", dependencies: ["MNIST", "CZlib"]),
        .testTarget(name: "DigitModelTests", dependencies: ["DigitModel", "MNIST"]),
        .testTarget(name: "DigitImageTests", dependencies: ["DigitImage", "DigitModel", "MNIST", "Recognition"]),
        .testTarget(name: "DigitUITests", dependencies: ["DigitUI", "DigitModel", "DigitImage", "Recognition"], exclude: ["Snapshots"]),
        .testTarget(name: "CLITests", dependencies: []),
    ],
    swiftLanguageModes: [.v6]
)
