import TestSupport
import Testing

/// `digitrec predict`'s everyday form is read without ArgumentParser (Sources/digitrec/
/// QuickPredict.swift), and every other form falls through to it: for each command line here —
/// the quick forms and the near misses — output, errors and exit status must be exactly what
/// ArgumentParser's parse gives (`DIGITREC_FULL_PARSE=1`).
@Suite(.requires(.shippedModel)) struct QuickPredictTests {
    static let model = "saved_models/default.safetensors", png = "digits/0_mnist_size.png"
    static let lines: [[String]] = [
        ["predict", png], ["predict", "--json", png, "digits/3_icon_alpha.png"], ["predict", "--art", "--ascii", png],
        ["predict", png, "--model", model, "--json"], ["predict", "--model", "missing.safetensors", png],
        ["predict", "missing.png"], ["predict", "digits"], ["predict", "help"], ["predict", "version"],
        // Not the quick form: ArgumentParser decides (and words its errors).
        ["predict"], ["predict", "--model"], ["predict", "--model", model], ["predict", "--json", "--json", png],
        ["predict", "--model", model, "--model", model, png], ["predict", "--model=\(model)", png],
        ["predict", "--", png], ["predict", "-x", png], ["predict", ""], ["predict", "--help"],
        // An empty --model is a usage error on both paths (it said ": no such file").
        ["predict", "--model", "", png], ["predict", "--model", "", "--json", png],
    ]

    @Test(arguments: lines) func sameAsArgumentParser(_ args: [String]) throws {
        let quick = try CLI.run(args), full = try CLI.run(args, env: ["DIGITREC_FULL_PARSE": "1"])
        #expect(quick.exit == full.exit)
        #expect(quick.stdout == full.stdout)
        #expect(quick.stderr == full.stderr)
        #expect(!(quick.stdout + quick.stderr).isEmpty, "the command said something")
        if args.contains("") && args.contains("--model") {
            #expect(quick.status == 2 && quick.stderr.contains("--model: empty path"), "\(quick.stderr)")
        }
    }
}
