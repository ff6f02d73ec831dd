import ArgumentParser
import DigitApp

struct FineTune: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finetune",
        abstract: "Teach a model your own digits: fine-tune it on a folder of labelled images.",
        discussion: """
            Labels come from labels.csv in the folder (header file,label) or the file
            names (7_mine.png). Half of each label's images, and half of the images of
            numbers, are held back whole: the report compares the model you started from
            and the new one on them, and on the MNIST test set. Images the model you start
            from was fine-tuned on are learnt again, never held back. The new model is
            saved under a new name; the one you started from is never replaced. When
            MNIST falls by more than one image in a thousand, the average of the two
            models (digitrec average, half each) is measured too and printed with the
            command that makes it: it gives MNIST back, and often also what was learnt
            of your digits — you choose.

            Examples:
              digitrec finetune --images my-digits/
              digitrec finetune --model saved_models/mlp.safetensors --images mine/
              digitrec finetune --images mine/ --json    # the figures for a script
            """)

    @OptionGroup var modelOption: ModelOption
    @Option(help: ArgumentHelp("Folder of your labelled digit images.", valueName: "dir")) var images: String
    @Option(help: "Passes over your digits (each augmented many times) and the MNIST replay sample, 1 to 100.") var epochs: Int = 4
    @Option(help: "Learning rate (small: the model already knows digits).") var lr: Float = 0.0005
    @Option(help: "Random seed, a whole number from 0 (held-back split, augmentation, replay sample).") var seed: UInt64 = 1
    @Option(help: ArgumentHelp("Where to save the new model (default: saved_models/<model>-tuned-<date>.safetensors; a tuned model keeps its first name).", valueName: "path"))
    var out: String?
    @OptionGroup var dataOption: DataOption
    @Flag(help: "Print one JSON object with the figures of the report (progress stays on stderr).") var json = false

    func validate() throws {
        guard (1...100).contains(epochs) else { throw ValidationError("--epochs must be between 1 and 100") }
        guard lr.isFinite, lr > 0, lr < 1 else { throw ValidationError("--lr must be a positive number below 1") }
        try refuseEmptyPaths([("--images", images), ("--out", out)])
    }

    func run() throws {
        let cancel = CancelFlag()
        Interrupts.onInterrupt { cancel.cancel() }
        let reporter = TrainingProgress(terminal: Console.stderrIsTerminal)
        var madeFolders: [String] = [], cancelled = false
        do {
            var request = FineTuneRequest(model: try modelOption.path(), images: images)
            request.epochs = epochs; request.learningRate = lr; request.seed = seed; request.dataFolder = dataOption.data
            let store = ModelStore()
            let path = out ?? store.path(forName: store.freeName(base: "\(ModelStore.tunedPrefix(for: request.model))-\(Clock.localDay())"))
            guard Path.realPath(path) != Path.realPath(request.model) else {
                throw AppError.badOption("--out names the model being fine-tuned; the model you start from is never replaced")
            }
            madeFolders = try ModelStore.checkTarget(path, overwrite: .refuse)
            // The files passed over are said before training (`.dataLoaded`'s warnings), not
            // after it, when a user may have waited minutes for a run missing half their digits.
            let outcome = try FineTuning.run(request, cancel: cancel, onEvent: reporter.handle)
            try ModelStore.save(outcome.network, metadata: outcome.metadata, to: path, overwrite: .refuse)
            if outcome.cancelled { cancelled = true }
            if json {
                Console.data(ReportJSON.fineTune(outcome, model: request.model, saved: path))
            } else {
                printReport(outcome, request: request, saved: path)
            }
        } catch {
            // Nothing was saved: the folders the early check made for --out go again.
            Path.removeEmptyFolders(madeFolders)
            Console.error("digitrec finetune: \(error)")
            throw ExitCode(Interrupts.exitStatus(or: 1))
        }
        // A script must see that the run it started did not finish, as after `train`.
        if cancelled { throw ExitCode(Interrupts.exitStatus(or: 130)) }
    }

    /// The text report: what was learnt from, the held-back digits before and after, MNIST.
    func printReport(_ outcome: FineTuneOutcome, request: FineTuneRequest, saved: String) {
        let d = outcome.digits
        let before = d.learntBefore > 0 ? " (\(d.learntBefore) learnt before, learnt again)" : ""
        Console.out("your digits: \(Format.count(d.filesUsed, "image"))\(before), \(Format.count(d.train.count, "digit")) to learn from, \(d.heldBack.count) held back")
        Console.out(FineTuneText.heldBack(before: outcome.heldBackBefore, after: outcome.heldBackAfter, digits: d.heldBack.count))
        Console.out(FineTuneText.confidence(before: outcome.heldBackConfidenceBefore, after: outcome.heldBackConfidenceAfter, digits: d.heldBack.count))
        for line in FineTuneText.changes(outcome.changes) { Console.out("  " + line) }
        Console.out("MNIST test: \(Format.fixed(outcome.mnistBefore * 100, 2))% → \(Format.fixed(outcome.mnistAfter * 100, 2))%")
        Console.out("trained \(EpochCount.text(outcome.epochs)) in \(Format.fixed(outcome.seconds, 1)) s\(outcome.cancelled ? " (cancelled)" : "")")
        Console.out("saved \(Path.display(saved))")
        // The next step of the loop (walkthrough, session 32: comparing the two was found only through the load list).
        // Both named: the start may be anywhere (review, session 33).
        Console.out("every image of the folder, read by both: digitrec compare \(Path.display(Path.shellQuoted(request.model))) "
                    + "\(Path.display(Path.shellQuoted(saved))) --images \(Path.display(Path.shellQuoted(request.images)))")
        if let h = outcome.halfwayModel {
            // Half of each weight back from the start (WiSE-FT): measured, so the user can choose.
            Console.out("halfway back to the start: held back \(Format.fixed(h.heldBack * 100, 1))%, confidence \(Format.fixed(h.heldBackConfidence * 100, 1))%, "
                        + "MNIST test \(Format.fixed(h.mnistMetrics.accuracy * 100, 2))%"
                        + " (digitrec average \(Path.display(Path.shellQuoted(request.model))) \(Path.display(Path.shellQuoted(saved))) --out BLEND.safetensors"
                        + (dataOption.data.map { " --data \(Path.display(Path.shellQuoted($0)))" } ?? "") + ")")
        }
    }
}
