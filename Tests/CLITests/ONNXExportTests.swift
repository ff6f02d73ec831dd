import Foundation
import Testing
import TestSupport

/// `digitrec export --onnx` checked by the real ONNX tools: onnx's full checker and onnxruntime's
/// outputs on all 10,000 MNIST test images against digitrec's own (max |Δp| ≤ 1e-4, every
/// argmax equal), for both shipped models and a fresh network of every preset. The tools live
/// in a venv under .build/ that `make test` prepares from PyPI (`make test-venv`); without it
/// the test is skipped with that reason, and DIGITREC_REQUIRE_DATA=1 makes it required.
@Suite struct ONNXExportTests {
    static let python = Env.root + "/.build/test-venv/bin/python"
    static let tools = Requirement("onnx and onnxruntime in .build/test-venv (make test-venv)", at: python) { python in
        Requirement.isExecutable(python)
            && (try? ChildProcess.run([python, "-c", "import onnx, onnxruntime, numpy"], timeout: 120))?.status == 0
    }

    static let models: [(name: String, path: String?)] = [
        ("default", Env.shippedModel), ("mlp", Env.root + "/saved_models/mlp.safetensors"),
        ("fresh mlp", nil), ("fresh cnn", nil), ("fresh small", nil), ("fresh deep", nil), ("fresh fast", nil),
        ("fresh fast, 3 classes", nil),
    ]

    @Test(.requires(.mnist, tools), arguments: models.map(\.name))
    func exportMatchesDigitrecOnEveryTestImage(_ name: String) throws {
        let data = try Requirement.mnist.path(), python = try Self.tools.path()
        let dir = try TempDir()
        defer { dir.remove() }
        var model = try #require(Self.models.first { $0.name == name }).path ?? ""
        if model.isEmpty {
            model = dir.file("fresh.safetensors")
            let words = name.dropFirst("fresh ".count).split(separator: ",")
            let preset = String(words[0]), classes = words.count > 1 ? ["cat,dog,bird"] : []
            let made = try ChildProcess.run([Env.digitBench, "init-model", preset, model] + classes, in: Env.root)
            #expect(made.status == 0, "\(made.stderr)")
        }
        let export = try ChildProcess.run([Env.digitrec, "export", "--onnx", dir.file("m.onnx"), "--model", model], in: Env.root)
        #expect(export.status == 0 && export.stdout == "wrote \(dir.file("m.onnx"))\n", "\(export.stderr)")
        let probs = try ChildProcess.run([Env.digitBench, "probabilities", model, dir.file("p.f32")],
                                         environment: ["DIGITREC_DATA": data], in: Env.root)
        #expect(probs.status == 0, "\(probs.stderr)")
        let check = try ChildProcess.run([python, Env.root + "/Tests/ONNX/check.py", dir.file("m.onnx"), dir.file("p.f32"), data])
        #expect(check.status == 0, "onnx checker or onnxruntime failed: \(check.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any], "\(check.stdout)")
        print("onnx \(name): \(check.stdout)", terminator: "")
        #expect(report["images"] as? Int == 10_000)
        #expect((report["max_abs_diff"] as? Double ?? 1) <= 1e-4)
        #expect(report["argmax_agreement"] as? Double == 1)
        let classes = name.hasSuffix("3 classes") ? ["cat", "dog", "bird"] : (0..<10).map(String.init)
        #expect(report["classes"] as? [String] == classes, "the class names in metadata_props")
    }
}
