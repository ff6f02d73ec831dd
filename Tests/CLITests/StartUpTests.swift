import Foundation
import Testing
import TestSupport

/// What a `digitrec` process loads before `main`: every library is paid for by every command,
/// and Foundation with its ICU cost ~2 ms of a ~15 ms `digitrec predict` (README, Speed). The
/// command line reads JSON with its own reader (Support/JSON+Parse.swift) and does not link it.
@Suite struct StartUpTests {
    /// The libraries the dynamic loader maps for the test build's binary (`ldd`'s own mechanism).
    static let loaded: String = {
        let out = try? ChildProcess.run([Env.digitrec, "--version"], environment: ["LD_TRACE_LOADED_OBJECTS": "1"], timeout: 30)
        return out?.stdout ?? ""
    }()

    /// A `make build` binary has the Swift runtime inside (nothing to list); the test build links
    /// it dynamically, so its list shows whether Foundation came along.
    @Test(.enabled(if: loaded.contains("libswiftCore"), "needs a binary linking the Swift runtime dynamically (swift build)"))
    func theCommandLineDoesNotLoadFoundation() {
        #expect(Self.loaded.contains("libFoundationEssentials"), "ArgumentParser's FoundationEssentials is expected")
        #expect(!Self.loaded.contains("libFoundation.so"), "\(Self.loaded)")
        #expect(!Self.loaded.contains("FoundationInternationalization"))
        #expect(!Self.loaded.contains("FoundationICU"))
    }
}

/// OpenBLAS (36 MB mapped, its relocations and constructor: ~2.5 ms of a ~13 ms process) loads
/// on the first GEMM that needs it, not when a network is built: a one-image prediction with the
/// shipped model runs on the own kernels where the CPU has AVX-512. `DIGITREC_VERBOSE` says
/// when it loads; the control (`DIGITREC_OWN_GEMM=0`, OpenBLAS for the dense layers) shows it
/// would say so.
@Suite(.enabled(if: cpuHasAVX512, "the own kernels run inference only on AVX-512 CPUs")) struct LazyBLASTests {
    /// What `digitrec predict` says on stderr with `ownGemm` "0" (OpenBLAS) or unset (the own kernels, fp32).
    func predictStderr(ownGemm: String?) throws -> String {
        let out = try ChildProcess.run([Env.digitrec, "predict", "--model", try Requirement.shippedModel.path(),
                                        Env.root + "/digits/0_mnist_size.png"],
                                       environment: ["DIGITREC_VERBOSE": "1", "DIGITREC_OWN_GEMM": ownGemm, "DIGITREC_BF16": nil], timeout: 60)
        #expect(out.status == 0, "\(out.stderr)")
        return out.stderr
    }

    @Test(.requires(.shippedModel)) func predictingOneImageDoesNotLoadOpenBLAS() throws {
        #expect(!(try predictStderr(ownGemm: nil)).contains("GEMM from"))
        #expect(try predictStderr(ownGemm: "0").contains("GEMM from OpenBLAS"))
    }
}

/// Whether Linux reports AVX-512 (foundation) for this CPU.
private let cpuHasAVX512: Bool = {
    let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    return info.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ").contains("avx512f") ?? false
}()
