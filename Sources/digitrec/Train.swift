import ArgumentParser
import DigitModel
import Glibc
import MNIST

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digitrec train",
        abstract: "Train a model on MNIST and save it.",
        discussion: """
            Progress goes to stderr; the result (test accuracy, saved file) to stdout.
            Ctrl-C stops after the current batch and keeps the best model so far.

            Examples:
              digitrec train --arch mlp --epochs 3
              digitrec train --arch fast --epochs 2 --validation 0     # 99 % in about 10 s
              digitrec train --arch cnn --epochs 3 --out saved_models/my-cnn.safetensors
              digitrec train --arch deep --epochs 15 --augment --optimizer adam --schedule onecycle --lr 0.003
            """)

    @Option(help: "Architecture preset: \(Preset.allCases.map(\.rawValue).joined(separator: ", ")).")
    var arch: Preset = .cnn
    @Option(help: "Passes over the training set.") var epochs: Int = 3
    @Option(name: .customLong("batch-size"), help: "Images per optimizer step.") var batchSize: Int = 128
    @Option(help: "Peak learning rate (default: tuned per architecture for Adam, 0.05 for SGD).") var lr: Float?
    @Option(help: "Random seed (weights, shuffling, dropout, augmentation).") var seed: UInt64 = 1
    @Flag(help: "Distort training images (rotation, scale, shear, shift, stroke width).") var augment = false
    @Option(help: "MNIST folder (default: $DIGITREC_DATA, ./data/mnist, ~/.cache/digitrec/mnist).") var data: String?
    @Option(help: "Where to save the model (default: saved_models/<arch>-<date>.safetensors).") var out: String?
    @Option(help: "Optimizer: sgd (momentum 0.9) or adam.") var optimizer: OptimizerKind = .adam
    @Option(help: "Learning-rate schedule: constant, step, cosine, onecycle.") var schedule: Schedule = .cosine
    @Option(name: .customLong("weight-decay"), help: "Decoupled weight decay.") var weightDecay: Float = 0
    @Option(help: "Training images held out for validation (0: train on all 60,000).") var validation: Int = 5000
    @Option(help: "Worker threads (default: all cores, or $DIGITREC_THREADS).") var threads: Int?

    func validate() throws {
        guard epochs > 0 && epochs <= 1000 else { throw ValidationError("--epochs must be between 1 and 1000") }
        guard batchSize > 0 && batchSize <= 4096 else { throw ValidationError("--batch-size must be between 1 and 4096") }
        if let lr, !(lr > 0 && lr < 10) { throw ValidationError("--lr must be a positive number below 10") }
        if let threads, !(1...64).contains(threads) { throw ValidationError("--threads must be between 1 and 64") }
        guard validation >= 0 && validation <= 30000 else { throw ValidationError("--validation must be between 0 and 30000") }
    }

    func run() throws {
        let folder: String
        let train: MNISTDataset, test: MNISTDataset
        do {
            folder = try Paths.dataFolder(data)
            let (tr, r1) = try MNIST.load(.train, from: folder)
            let (te, r2) = try MNIST.load(.test, from: folder)
            for f in r1.unofficialFiles + r2.unofficialFiles {
                Console.error("warning: \(f) differs from the official MNIST file (SHA-256 mismatch)")
            }
            train = tr; test = te
        } catch {
            Console.error("digitrec train: \(error)")
            throw ExitCode(1)
        }
        var config = TrainingConfig()
        config.layers = arch.layers
        config.architectureName = arch.rawValue
        config.epochs = epochs
        config.batchSize = batchSize
        config.learningRate = lr ?? (optimizer == .adam ? arch.defaultLearningRate : 0.05)
        config.optimizer = optimizer
        config.schedule = schedule
        config.weightDecay = weightDecay
        config.seed = seed
        config.augmentation = augment ? Augmentation() : nil
        config.validationSize = validation
        if let threads { config.threads = threads }

        let cancel = CancelFlag()
        Interrupts.onInterrupt {
            cancel.cancel()
            Console.error("\nstopping after this batch (Ctrl-C again to quit now)…")
        }
        let reporter = ProgressReporter(terminal: Console.stderrIsTerminal)
        let result: TrainingResult
        do {
            result = try Trainer.train(config, data: train, cancel: cancel, onEvent: reporter.handle)
        } catch {
            Console.error("digitrec train: \(error)")
            throw ExitCode(1)
        }
        let start = now()
        let (_, metrics) = Trainer.evaluate(result.network, on: test)
        let evalSeconds = now() - start
        let path = out ?? "saved_models/\(arch.rawValue)-\(timestamp()).safetensors"
        var meta: [String: String] = [
            "name": baseName(path),
            "architecture_name": arch.rawValue,
            "epochs": String(result.epochs.count),
            "seed": String(seed),
            "test_accuracy": String(metrics.accuracy),
            "recipe": recipe(),
            "threads": String(config.threads),
        ]
        if result.cancelled { meta["note"] = "training was cancelled; best epoch kept" }
        do {
            try makeDirectories(dirName(path))
            try ModelFile.save(result.network, metadata: meta, to: path)
        } catch {
            Console.error("digitrec train: \(error)")
            throw ExitCode(1)
        }
        Console.out("test accuracy \(ProgressText.fixed(metrics.accuracy * 100, 2))% (\(metrics.correct)/\(metrics.total), evaluated in \(ProgressText.fixed(evalSeconds, 2)) s)")
        Console.out("trained \(result.epochs.count) epoch(s) in \(ProgressText.fixed(result.seconds, 1)) s\(result.cancelled ? " (cancelled)" : "")")
        Console.out("saved \(path)")
    }

    func recipe() -> String {
        "digitrec train --arch \(arch.rawValue) --epochs \(epochs) --batch-size \(batchSize) --lr \(lr.map { "\($0)" } ?? "default")"
            + " --optimizer \(optimizer.rawValue) --schedule \(schedule.rawValue) --weight-decay \(weightDecay)"
            + " --validation \(validation) --seed \(seed)\(augment ? " --augment" : "")"
    }
}

/// Prints training events to stderr: a live bar on a terminal, plain lines otherwise.
final class ProgressReporter: @unchecked Sendable {
    let terminal: Bool
    private var lastPrint = 0.0
    private var lastDecile = -1

    init(terminal: Bool) { self.terminal = terminal }

    func handle(_ event: TrainingEvent) {
        switch event {
        case let .started(plan):
            Console.error("training \(ProgressText.grouped(plan.parameters)) parameters on \(ProgressText.grouped(plan.trainCount)) images (\(ProgressText.grouped(plan.validationCount)) held out for validation), \(plan.epochs) epoch(s) of \(plan.batchesPerEpoch) batches")
        case .epochStarted:
            lastDecile = -1
        case let .batchFinished(p):
            if terminal {
                let t = now()
                if t - lastPrint > 0.1 || p.batch == p.batches {
                    lastPrint = t
                    Console.status(ProgressText.trainingLine(p))
                }
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
            // The epoch's bar is still on the line.
            if terminal { Console.endStatus() }
        case .finished:
            break
        }
    }
}

func timestamp() -> String {
    var t = time(nil)
    var tmv = tm()
    localtime_r(&t, &tmv)
    var buf = [CChar](repeating: 0, count: 32)
    let n = strftime(&buf, 32, "%Y%m%d-%H%M%S", &tmv)
    return String(decoding: buf.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

func baseName(_ path: String) -> String {
    var name = path.split(separator: "/").last.map(String.init) ?? path
    if name.hasSuffix(".safetensors") { name.removeLast(".safetensors".count) }
    return name
}

func dirName(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    let d = String(path[..<slash])
    return d.isEmpty ? "/" : d
}
