import Foundation
import Testing

/// Runs the built `digitrec` binary and checks stdout, stderr and exit codes.
enum CLI {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let binary = ProcessInfo.processInfo.environment["DIGITREC_BIN"] ?? root + "/.build/release/digitrec"
    static let mnist = ProcessInfo.processInfo.environment["DIGITREC_DATA"]
    static let testdata = ProcessInfo.processInfo.environment["DIGITREC_TESTDATA"] ?? root + "/../shared/testdata"
    static let require = ProcessInfo.processInfo.environment["DIGITREC_REQUIRE_DATA"] == "1"
    static let shippedModel = root + "/saved_models/default.safetensors"

    struct Output { var status: Int32; var stdout: String; var stderr: String }

    static func run(_ args: [String], env: [String: String] = [:], stdin: FileHandle? = nil, cwd: String? = nil) throws -> Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: cwd ?? root)
        p.environment = ProcessInfo.processInfo.environment.merging(env) { _, new in new }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = stdin ?? FileHandle(forReadingAtPath: "/dev/null")
        try p.run()
        // Read both pipes fully before waiting, so a chatty process cannot block.
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Output(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func available(_ path: String?, what: String) -> Bool {
        if let path, FileManager.default.fileExists(atPath: path) { return true }
        if require { Issue.record("\(what) is required but missing at \(path ?? "(unset)")") }
        else { print("SKIP: \(what) not found at \(path ?? "(unset)")") }
        return false
    }

    static func json(_ line: Substring) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
    }
}

@Suite struct CLIContractTests {
    @Test func helpListsCommandsAndExamples() throws {
        let r = try CLI.run(["--help"])
        #expect(r.status == 0)
        for word in ["train", "eval", "predict", "download", "Examples"] { #expect(r.stdout.contains(word)) }
        for cmd in ["train", "eval", "predict", "download"] {
            let h = try CLI.run([cmd, "--help"])
            #expect(h.status == 0, "\(cmd) --help")
            #expect(h.stdout.contains("Examples"), "\(cmd) --help has examples")
            #expect(h.stdout.contains("digitrec \(cmd)"))
        }
    }

    /// libcurl (and URLSession, which links it) is loaded only by `download`: linked, it and the
    /// ~30 libraries behind it cost every `digitrec predict` 7 ms of start-up.
    @Test func startsWithoutLoadingNetworkingLibraries() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
        p.arguments = [CLI.binary]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(text.contains("libc.so"), "ldd listed the binary's libraries: \(text)")
        #expect(!text.contains("libcurl"), "\(text)")
        #expect(!text.contains("FoundationNetworking"), "\(text)")
    }

    @Test(arguments: [["train", "--epochs", "0"], ["predict"], ["--bogus"], ["train", "--arch", "nope"], ["eval", "--json", "extra"]])
    func usageErrorsExitWith2(_ args: [String]) throws {
        let r = try CLI.run(args)
        #expect(r.status == 2, "\(args): \(r.stderr)")
        #expect(!r.stderr.isEmpty)
    }

    @Test func interactiveProgramRefusesWithoutATerminal() throws {
        let r = try CLI.run([])
        #expect(r.status == 2)
        #expect(r.stderr.contains("digitrec --help"))
        #expect(r.stderr.contains("predict"))
    }

    @Test func missingModelIsAClearError() throws {
        let r = try CLI.run(["eval", "--model", "/nonexistent/m.safetensors"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("/nonexistent/m.safetensors"))
    }

    @Test func damagedModelIsAClearError() throws {
        let path = NSTemporaryDirectory() + "digitrec-bad-\(UUID().uuidString).safetensors"
        FileManager.default.createFile(atPath: path, contents: Data("this is not a model".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try CLI.run(["predict", "--model", path, "x.png"])
        #expect(r.status == 1)
        #expect(r.stderr.contains(path))
    }

    @Test func missingDataSaysWhereToPutIt() throws {
        let r = try CLI.run(["eval", "--data", "/nonexistent/mnist"], env: ["DIGITREC_DATA": ""])
        #expect(r.status == 1)
        #expect(r.stderr.contains("digitrec download") || r.stderr.contains("no such file"))
    }

    @Test func predictJSONReportsEveryFileAndKeepsGoing() throws {
        guard CLI.available(CLI.shippedModel, what: "the shipped model") else { return }
        let hostile = CLI.testdata + "/png-hostile"
        guard CLI.available(hostile, what: "shared/testdata") else { return }
        let files = [hostile + "/digit-7-gray8-28x28.png", "/nonexistent.png", hostile + "/jpeg-renamed.png",
                     hostile + "/digit-7-rgba-alpha-only.png", hostile + "/all-white-28x28.png"]
        let r = try CLI.run(["predict", "--json"] + files)
        #expect(r.status == 1, "some input failed")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == files.count)
        let objects = try lines.map(CLI.json)
        #expect(objects.map { $0["file"] as? String } == files)
        #expect(objects[0]["prediction"] as? String == "7")
        let digits = objects[0]["digits"] as! [[String: Any]]
        #expect(digits.count == 1)
        #expect((digits[0]["probabilities"] as! [Double]).count == 10)
        #expect((digits[0]["box"] as! [Int]).count == 4)
        #expect((objects[1]["error"] as? String)?.contains("no such file") == true)
        #expect(objects[2]["prediction"] as? String == "7", "a JPEG named .png: the content decides")
        #expect(objects[3]["prediction"] as? String == "7")
        #expect((objects[4]["error"] as? String)?.contains("no digit found") == true)
    }
}

/// Training and evaluating on the real MNIST from $DIGITREC_DATA.
@Suite struct CLITrainingTests {
    @Test func mlpOneEpochReaches95PercentAndEvalJSONFollowsTheContract() throws {
        guard CLI.available(CLI.mnist, what: "MNIST ($DIGITREC_DATA)") else { return }
        let out = NSTemporaryDirectory() + "digitrec-mlp-\(UUID().uuidString).safetensors"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let t = try CLI.run(["train", "--arch", "mlp", "--epochs", "1", "--out", out])
        #expect(t.status == 0, "\(t.stderr)")
        let accLine = t.stdout.split(separator: "\n").first { $0.hasPrefix("test accuracy") } ?? ""
        let percent = Double(accLine.split(separator: " ")[2].dropLast()) ?? 0
        #expect(percent >= 95, "\(accLine)")
        #expect(t.stderr.contains("epoch 1:"), "progress lines on stderr")

        let e = try CLI.run(["eval", "--json", "--model", out])
        #expect(e.status == 0, "\(e.stderr)")
        let obj = try CLI.json(Substring(e.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let accuracy = obj["accuracy"] as! Double
        #expect(abs(accuracy * 100 - percent) < 0.01)
        let confusion = obj["confusion"] as! [[Int]]
        #expect(confusion.count == 10 && confusion.allSatisfy { $0.count == 10 })
        #expect(confusion.joined().reduce(0, +) == 10000)
        let perClass = obj["per_class"] as! [[String: Double]]
        #expect(perClass.count == 10 && perClass.allSatisfy { $0["precision"] != nil && $0["recall"] != nil })
        #expect(obj["seconds"] is Double)
    }

    /// The time-to-99 % recipe of `make bench` (the bench times it; this pins its accuracy).
    /// Two threads, so the result is the same on any machine with two or more cores.
    @Test func fastPresetReaches99PercentInTwoEpochs() throws {
        guard CLI.available(CLI.mnist, what: "MNIST ($DIGITREC_DATA)") else { return }
        let out = NSTemporaryDirectory() + "digitrec-fast-\(UUID().uuidString).safetensors"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let t = try CLI.run(["train", "--arch", "fast", "--epochs", "2", "--validation", "0", "--threads", "2", "--out", out])
        #expect(t.status == 0, "\(t.stderr)")
        let accLine = t.stdout.split(separator: "\n").first { $0.hasPrefix("test accuracy") } ?? ""
        let percent = Double(accLine.split(separator: " ").dropFirst(2).first?.dropLast() ?? "") ?? 0
        #expect(percent >= 99.0, "\(accLine)")
    }
}
