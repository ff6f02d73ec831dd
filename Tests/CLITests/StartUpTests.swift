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
