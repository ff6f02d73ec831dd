import Foundation
import Testing
import TestSupport

/// What the kernel's CPUID check finds, as Linux reports it.
private let cpuHasBF16: Bool = {
    let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    return info.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ").contains("avx512_bf16") ?? false
}()

/// The opt-in bf16 Winograd products end to end (`DIGITREC_BF16=1`, CPUs with AVX512-BF16): the
/// shipped model reads MNIST's test set as in fp32, and the loss shows the bf16 path ran (its
/// rounding moves the loss; the kernel itself is checked in OwnKernelTests).
@Suite(.enabled(if: cpuHasBF16, "the CPU has no AVX512-BF16")) struct BF16EvalTests {

    func evaluate(bf16: Bool) throws -> (accuracy: Double, loss: Double) {
        let out = try ChildProcess.run([Env.digitrec, "eval", "--json", "--model", try Requirement.shippedModel.path(),
                                        "--data", try Requirement.mnist.path()],
                                       environment: ["DIGITREC_BF16": bf16 ? "1" : "0"], timeout: 300)
        #expect(out.status == 0, "\(out.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any]
        let accuracy = json?["accuracy"] as? Double, loss = json?["loss"] as? Double
        #expect(accuracy != nil && loss != nil, "\(out.stdout.prefix(300))")
        return (accuracy ?? 0, loss ?? 0)
    }

    @Test(.requires(.mnist, .shippedModel)) func shippedModelReadsTheSameInBF16() throws {
        let fp32 = try evaluate(bf16: false), bf16 = try evaluate(bf16: true)
        #expect(abs(bf16.accuracy - fp32.accuracy) <= 0.001, "fp32 \(fp32.accuracy), bf16 \(bf16.accuracy)")
        #expect(bf16.loss != fp32.loss && abs(bf16.loss - fp32.loss) <= 0.02 * fp32.loss, "fp32 \(fp32.loss), bf16 \(bf16.loss)")
    }
}
