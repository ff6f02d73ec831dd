import ArgumentParser
import DigitApp

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model on MNIST and save it.",
        discussion: """
            Progress goes to stderr; the result (test accuracy, saved file) to stdout.
            Ctrl-C (or SIGTERM) stops after the current batch and saves the best completed
            epoch, exit 130 (143). An existing --out is only ever replaced by a finished
            run, and only when it is a digitrec model: a cancelled or diverged run goes
            beside it as <name>-cancelled / <name>-diverged. A run stopped before its
            first epoch ends saves nothing.

            Examples:
              digitrec train --arch mlp --epochs 3
              digitrec train --arch sprint --validation 0   # 99 % in 1 epoch, ~2 s
              digitrec train --arch fast --epochs 2 --validation 0   # 99 % in ~10 s
              digitrec train --arch cnn --epochs 3 --out saved_models/my-cnn.safetensors
              digitrec train --arch deep --epochs 15 --augment --schedule onecycle
              digitrec train --init saved_models/mlp.safetensors --epochs 1 --lr 0.0005
            """)

    // The values are listed by the parser (walkthrough, session 28: they were there twice).
    @Option(help: "Architecture preset: cnn is the classic, sprint the fastest, deep the shipped model's.")
    var arch: Preset = .cnn
    @Option(help: "Passes over the training set, 1 to 1000 (default: 3; 1 for sprint).") var epochs: Int?
    @Option(name: .customLong("batch-size"), help: "Images per optimizer step, 1 to 4096.") var batchSize: Int = 128
    @Option(help: "Peak learning rate (default: tuned per architecture for Adam, 0.05 for SGD).") var lr: Float?
    @Option(help: "Random seed, a whole number from 0 (weights, shuffling, dropout, augmentation).") var seed: UInt64 = 1
    @Flag(help: "Distort training images (rotation, scale, shear, shift, stroke width).") var augment = false
    @Option(name: .customLong("augment-extra"),
            help: ArgumentHelp("More distortions with --augment, separated by commas: elastic (smooth random bending), "
                               + "fade (strokes faded or broken at a place or two), styles (3 % of each epoch's images are "
                               + "digits drawn in pen styles MNIST lacks; styles=F sets the share).", valueName: "list"))
    var augmentExtra: String?
    @OptionGroup var dataOption: DataOption
    @Option(help: ArgumentHelp("Where to save the model (default: saved_models/<arch>-<date>.safetensors).", valueName: "path"))
    var out: String?
    @Option(help: "Optimizer: sgd (momentum 0.9) or adam.") var optimizer: OptimizerKind = .adam
    @Option(help: "Learning-rate schedule: constant, step, cosine, onecycle, triangle (default: cosine; triangle for sprint).")
    var schedule: Schedule?
    @Option(name: .customLong("weight-decay"), help: "Decoupled weight decay, from 0 up to 1.") var weightDecay: Float = 0
    @Option(help: "Training images held out for validation, 0 to 30000 (0: train on all 60,000).") var validation: Int = 5000
    @Option(help: "Worker threads, 1 to 64 (default: all cores, or $DIGITREC_THREADS).") var threads: Int?
    @Option(name: .customLong("init"), help: ArgumentHelp("Start from this model's weights (its architecture replaces --arch).", valueName: "path"))
    var initModel: String?
    @Option(help: ArgumentHelp("How pictures become 28×28 inputs: digits (each digit found, fitted and centred, as MNIST) "
                               + "or whole (the whole picture scaled, as Fashion-MNIST); default: the data's own.", valueName: "style"))
    var input: InputStyle?

    var request: TrainingRequest {
        var r = TrainingRequest(preset: arch)
        if let epochs { r.epochs = epochs }
        if let schedule { r.schedule = schedule }
        r.batchSize = batchSize; r.learningRate = lr
        r.optimizer = optimizer; r.weightDecay = weightDecay; r.seed = seed
        r.augment = augment
        if let augmentExtra, let parsed = try? TrainingRequest.parseExtraList(augmentExtra) {
            r.augmentExtras = parsed.extras
            if let f = parsed.styleFraction { r.styleFraction = f }
        }
        r.validation = validation; r.threads = threads; r.dataFolder = dataOption.data
        r.initModel = initModel.map(ModelStore.resolve)
        r.inputStyle = input
        return r
    }

    func validate() throws {
        do {
            if let augmentExtra { _ = try TrainingRequest.parseExtras(augmentExtra) }
            try request.validate()
            try refuseEmptyPaths([("--out", out), ("--init", initModel)])
        } catch { throw ValidationError("\(error)") }
    }

    func run() throws {
        let path = out ?? "saved_models/\(arch.rawValue)-\(Clock.localStamp()).safetensors"
        let madeFolders: [String]
        do {
            // Checked before training, so a bad --out cannot throw the run away at the end.
            madeFolders = try ModelStore.checkTarget(path, overwrite: .replace)
        } catch {
            Console.error("digitrec train: \(error)")
            throw ExitCode(1)
        }
        let cancel = CancelFlag()
        Interrupts.onInterrupt {
            cancel.cancel()
            Console.error("\nstopping after this batch (\(Interrupts.againToQuit))…")
        }
        let reporter = TrainingProgress(terminal: Console.stderrIsTerminal)
        let outcome: TrainingOutcome
        do {
            outcome = try TrainingRun.run(request, cancel: cancel, onEvent: reporter.handle)
        } catch {
            Path.removeEmptyFolders(madeFolders)
            Console.error("digitrec train: \(error)")
            throw ExitCode(Interrupts.exitStatus(or: 1))
        }
        // A cancelled or diverged run never replaces a model: it goes to --out only while that
        // is free (decided now, not before the minutes of training), else beside it.
        let unfinished = outcome.cancelled ? "cancelled" : outcome.divergence != nil ? "diverged" : nil
        var target = path
        do {
            if let why = unfinished {
                do {
                    try ModelStore.save(outcome.network, metadata: outcome.metadata, to: path, overwrite: .refuse)
                } catch let e as AppError {
                    guard case .modelExists = e else { throw e }
                    target = ModelStore.sideName(for: path, why: why)
                    Console.error("kept the existing \(Path.display(path)); the \(why) run's best epoch goes to \(Path.display(target))")
                    try ModelStore.save(outcome.network, metadata: outcome.metadata, to: target, overwrite: .refuse)
                }
            } else {
                if Path.exists(path) { Console.error("replacing the existing \(Path.display(path))") }
                try ModelStore.save(outcome.network, metadata: outcome.metadata, to: path, overwrite: .replace)
            }
        } catch {
            Console.error("digitrec train: \(error)")
            throw ExitCode(1)
        }
        let m = outcome.metrics
        Console.out("test accuracy \(Format.fixed(m.accuracy * 100, 2))% (\(m.correct)/\(m.total), evaluated in \(Format.fixed(outcome.evaluationSeconds, 2)) s)")
        Console.out("trained \(EpochCount.text(outcome.epochs)) in \(Format.fixed(outcome.seconds, 1)) s\(outcome.cancelled ? " (cancelled)" : "")")
        Console.out("saved \(Path.display(target))")
        if let d = outcome.divergence {
            Console.error("digitrec train: training diverged at epoch \(d.epoch), batch \(d.batch): \(d.what) — try a lower --lr; the best finite epoch was saved")
            throw ExitCode(1)
        }
        // A script must see that the run it started did not finish.
        if outcome.cancelled { throw ExitCode(Interrupts.exitStatus(or: 130)) }
    }
}

/// Prints training events to stderr: a live bar on a terminal, plain lines otherwise.
final class TrainingProgress: @unchecked Sendable {
    let terminal: Bool
    private let throttle = Throttle(interval: 0.1)
    private var lastDecile = -1

    init(terminal: Bool) { self.terminal = terminal }

    func handle(_ event: TrainingRunEvent) {
        switch event {
        case let .dataLoaded(_, _, _, warnings, leftOut):
            for file in leftOut { Console.error("warning: left out \(file)") }
            for w in warnings { Console.error("warning: \(w)") }
        case let .training(e):
            handle(e)
        case .evaluating:
            break
        }
    }

    func handle(_ event: TrainingEvent) {
        switch event {
        case let .started(plan):
            // A fine-tune holds none out (its check is the held-back digits): "(0 held out…)" under
            // "20 held back" read as a contradiction (walkthrough).
            let held = plan.validationCount > 0 ? " (\(Format.grouped(plan.validationCount)) held out for validation)" : ""
            Console.error("training \(Format.grouped(plan.parameters)) parameters on \(Format.grouped(plan.trainCount)) images\(held), \(Format.count(plan.epochs, "epoch")) of \(Format.count(plan.batchesPerEpoch, "batch", plural: "batches"))")
        case .epochStarted:
            lastDecile = -1
        case let .batchFinished(p):
            if terminal {
                if throttle.ready(force: p.batch == p.batches) { Console.status(ProgressText.trainingLine(p)) }
            } else {
                let decile = p.batch * 10 / max(p.batches, 1)
                if decile != lastDecile && decile % 2 == 0 {
                    lastDecile = decile
                    Console.error(ProgressText.trainingLine(p))
                }
            }
        case let .epochFinished(e):
            if terminal { Console.endStatus() }
            Console.error(ProgressText.epochLine(e))
        case .cancelled:
            if terminal { Console.endStatus() }  // the epoch's bar is still on the line
        case .finished:
            break
        }
    }
}
