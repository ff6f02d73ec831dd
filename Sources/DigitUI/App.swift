import Dispatch
import DigitImage
import DigitModel
import Foundation
import MNIST
import Recognition

/// Options from the command line.
public struct AppOptions: Sendable {
    public var model: String?
    public var digits: String
    public var ascii: Bool
    public var data: String?
    public var modelsFolder = "saved_models"
    public init(model: String?, digits: String, ascii: Bool, data: String?) {
        self.model = model; self.digits = digits; self.ascii = ascii; self.data = data
    }
}

/// Actions reported from other threads (training, download, signals), taken by the UI loop.
final class Inbox: @unchecked Sendable {
    private let lock = NSLock()
    private var actions: [Action] = []
    private var lastBatch = 0.0
    private var signalled: Int32 = 0

    func post(_ a: Action) { lock.withLock { actions.append(a) } }

    /// Batch events arrive hundreds of times a second; 20 a second are plenty to draw.
    func postThrottled(_ a: Action) {
        let t = now()
        lock.withLock {
            if t - lastBatch >= 0.05 { lastBatch = t; actions.append(a) }
        }
    }

    func take() -> [Action] { lock.withLock { defer { actions.removeAll() }; return actions } }
    func signal(_ s: Int32) { lock.withLock { if signalled == 0 { signalled = s } } }
    var pendingSignal: Int32 { lock.withLock { signalled } }
}

/// The interactive program's runtime: the loop that reads keys, applies `reduce`, draws
/// `render`, and performs the effects (files, models, training) the reducer asks for.
public final class App {
    private var state: AppState
    private let terminal: Terminal
    private let options: AppOptions
    private let inbox = Inbox()
    private var network: Network?
    private var cancel: CancelFlag?
    private var signalSources: [DispatchSourceSignal] = []

    /// Runs until the user quits or a signal arrives; the terminal is always restored.
    /// Returns the process exit status.
    public static func run(_ options: AppOptions) -> Int32 {
        let terminal: Terminal
        do { terminal = try Terminal(forceASCII: options.ascii) } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            return 2
        }
        let app = App(terminal: terminal, options: options)
        let status = app.loop()
        terminal.end()
        if status != 0 {
            // A signal: training may still be running on its thread. exit() would run library
            // destructors (OpenBLAS frees its buffers) under its feet, so leave at once.
            _exit(status)
        }
        return status
    }

    private init(terminal: Terminal, options: AppOptions) {
        self.terminal = terminal
        self.options = options
        let size = terminal.size
        state = AppState(width: size.width, height: size.height, capabilities: terminal.capabilities, digitsFolder: options.digits)
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            Glibc.signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [inbox] in inbox.signal(sig) }
            source.resume()
            signalSources.append(source)
        }
    }

    private func loop() -> Int32 {
        AtomicFile.removeStaleTemps(in: options.modelsFolder)
        if let model = options.model { perform(.loadModel(path: model)) }
        var last: ScreenBuffer? = nil
        while !state.quit {
            let s = inbox.pendingSignal
            if s != 0 {
                cancel?.cancel()
                return 128 + s
            }
            for action in inbox.take() { dispatch(action) }
            let frame = render(state)
            if frame != last { terminal.draw(frame); last = frame }
            let (key, resized) = terminal.readKey()
            if resized {
                let size = terminal.size
                dispatch(.resize(width: size.width, height: size.height))
                last = nil
            }
            if let key { dispatch(.key(key)) }
        }
        cancel?.cancel()
        return 0
    }

    private func dispatch(_ action: Action) {
        let (next, effects) = reduce(state, action)
        state = next
        for e in effects { perform(e) }
    }

    // MARK: effects

    private func perform(_ effect: Effect) {
        switch effect {
        case .scanModels:
            dispatch(.modelsScanned(App.scanModels(in: options.modelsFolder)))
        case let .loadModel(path):
            do {
                network = try ModelFile.load(path).network
                dispatch(.modelLoaded(name: path))
            } catch {
                dispatch(.modelFailed("\(error)"))
            }
        case let .scanFolder(dir):
            dispatch(.folderScanned(files: App.listPNGs(dir)))
        case let .recognize(index):
            guard state.files.indices.contains(index) else { return }
            let file = state.files[index]
            guard let network else { dispatch(.recognized(index: index, .failed("no model loaded"))); return }
            do {
                let r = try Recognizer(network: network).recognize(file: file)
                let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? nil
                dispatch(.recognized(index: index, .recognized(r, fileBytes: size ?? 0)))
            } catch {
                dispatch(.recognized(index: index, .failed("\(error)")))
            }
        case .checkData:
            do {
                _ = try DataLocator.locate(explicit: options.data, environment: ProcessInfo.processInfo.environment)
                dispatch(.dataReady)
            } catch {
                dispatch(.dataMissing("\(error)"))
            }
        case .download:
            startDownload()
        case let .startTraining(form):
            startTraining(form)
        case .cancelTraining:
            cancel?.cancel()
        case let .saveModel(name):
            save(name)
        }
    }

    private func startDownload() {
        let target = DataLocator.downloadTarget(explicit: options.data, environment: ProcessInfo.processInfo.environment)
        let inbox = self.inbox
        inbox.post(.download(.running(file: "starting", fraction: 0)))
        Thread.detachNewThread {
            let downloader = Downloader(mirrors: Downloader.mirrors(environment: ProcessInfo.processInfo.environment))
            do {
                try downloader.downloadAll(into: target) { event in
                    if case let .progress(file, received, total) = event {
                        inbox.postThrottled(.download(.running(file: file, fraction: total.map { Double(received) / Double(max($0, 1)) } ?? 0)))
                    }
                }
                inbox.post(.dataReady)
            } catch {
                inbox.post(.download(.failed("\(error)")))
            }
        }
    }

    private func startTraining(_ form: TrainForm) {
        let flag = CancelFlag()
        cancel = flag
        let inbox = self.inbox
        let dataOption = options.data
        let box = UncheckedBox<(Network, [String: String])?>(nil)
        Thread.detachNewThread {
            do {
                let folder = try DataLocator.locate(explicit: dataOption, environment: ProcessInfo.processInfo.environment)
                let (train, _) = try MNIST.load(.train, from: folder)
                let (test, _) = try MNIST.load(.test, from: folder)
                var config = TrainingConfig()
                config.layers = form.preset.layers
                config.architectureName = form.preset.rawValue
                config.epochs = form.epochs
                config.batchSize = form.batchSize
                config.learningRate = form.learningRate
                config.seed = form.seed
                config.augmentation = form.augment ? Augmentation() : nil
                let result = try Trainer.train(config, data: train, cancel: flag) { event in
                    if case .batchFinished = event { inbox.postThrottled(.training(event)) } else { inbox.post(.training(event)) }
                }
                let (_, metrics) = Trainer.evaluate(result.network, on: test)
                box.value = (result.network, [
                    "architecture_name": form.preset.rawValue, "epochs": String(result.epochs.count), "seed": String(form.seed),
                    "test_accuracy": String(metrics.accuracy),
                    "recipe": "interactive: --arch \(form.preset.rawValue) --epochs \(form.epochs) --batch-size \(form.batchSize) --lr \(form.learningRate)\(form.augment ? " --augment" : "") --seed \(form.seed)",
                ])
                inbox.post(.trainingDone(metrics: metrics, epochs: result.epochs, cancelled: result.cancelled, seconds: result.seconds))
            } catch {
                inbox.post(.trainingFailed("\(error)"))
            }
        }
        trainedBox = box
    }

    private var trainedBox: UncheckedBox<(Network, [String: String])?>?

    private func save(_ name: String) {
        guard let (net, meta) = trainedBox?.value else { dispatch(.saveFailed("nothing to save")); return }
        guard name != "default" && name != "mlp" else {
            dispatch(.saveFailed("\"\(name)\" is a shipped model; choose another name so it stays intact"))
            return
        }
        let path = "\(options.modelsFolder)/\(name).safetensors"
        do {
            try makeDirectories(options.modelsFolder)
            try ModelFile.save(net, metadata: meta.merging(["name": name]) { _, b in b }, to: path)
            network = net
            dispatch(.saved(path: path))
        } catch {
            dispatch(.saveFailed("\(error)"))
        }
    }

    // MARK: helpers

    /// Every model in the folder with its metadata; the shipped default first.
    static func scanModels(in dir: String) -> [ModelEntry] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
            .filter { $0.hasSuffix(".safetensors") && !$0.hasPrefix(".") }
            .sorted { a, b in a == "default.safetensors" ? true : b == "default.safetensors" ? false : a < b }
        return names.map { file in
            let path = "\(dir)/\(file)"
            let name = String(file.dropLast(".safetensors".count))
            do {
                let loaded = try ModelFile.load(path, threads: 1)
                let m = loaded.metadata
                return ModelEntry(path: path, name: name, architecture: m["architecture_name"] ?? "custom",
                                  parameters: loaded.network.parameterCount, testAccuracy: m["test_accuracy"].flatMap(Double.init),
                                  created: m["created"] ?? "")
            } catch {
                let text = "\(error)"
                return ModelEntry(path: path, name: name, error: text.hasPrefix(path + ": ") ? String(text.dropFirst(path.count + 2)) : text)
            }
        }
    }

    static func listPNGs(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
            .filter { $0.lowercased().hasSuffix(".png") && !$0.hasPrefix(".") }
            .sorted()
            .map { "\(dir)/\($0)" }
    }
}

final class UncheckedBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var _value: T
    init(_ v: T) { _value = v }
    var value: T {
        get { lock.withLock { _value } }
        set { lock.withLock { _value = newValue } }
    }
}
