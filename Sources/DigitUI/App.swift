import Dispatch
import DigitImage
import DigitApp
import Foundation

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
final class Inbox: Sendable {
    private let actions = Shared<[Action]>([])
    private let signalled = Shared<Int32>(0)
    /// Batch events arrive hundreds of times a second; 20 a second are plenty to draw.
    private let throttle = Throttle(interval: 0.05)

    func post(_ a: Action) { actions.update { $0.append(a) } }
    func postThrottled(_ a: Action) { if throttle.ready() { post(a) } }
    func take() -> [Action] { actions.update { list in defer { list.removeAll() }; return list } }
    func signal(_ s: Int32) { signalled.update { if $0 == 0 { $0 = s } } }
    var pendingSignal: Int32 { signalled.value }
}

/// The interactive program's runtime: the loop that reads keys, applies `reduce`, draws
/// `render`, and performs the effects (files, models, training) the reducer asks for.
public final class App {
    private var state: AppState
    private let terminal: Terminal
    private let options: AppOptions
    private let inbox = Inbox()
    private var network: Network?
    private let store: ModelStore
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
        self.store = ModelStore(folder: options.modelsFolder)
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
        ModelStore.removeStaleTemps(in: options.modelsFolder)
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
            dispatch(.modelsScanned(store.list()))
        case let .loadModel(path):
            do {
                network = try store.load(path).network
                dispatch(.modelLoaded(name: path))
            } catch {
                dispatch(.modelFailed("\(error)"))
            }
        case let .scanFolder(dir):
            dispatch(.folderScanned(files: (try? ImageFolder.scan(dir))?.files ?? []))
        case let .recognize(index):
            guard state.files.indices.contains(index) else { return }
            let file = state.files[index]
            guard let network else { dispatch(.recognized(index: index, .failed("no model loaded"))); return }
            do {
                dispatch(.recognized(index: index, .recognized(try Recognizer(network: network).recognize(file: file))))
            } catch {
                dispatch(.recognized(index: index, .failed("\(error)")))
            }
        case .checkData:
            do {
                _ = try MNISTData.locate(options.data)
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
        let inbox = self.inbox
        let target = options.data
        inbox.post(.download(.running(file: "starting", fraction: 0)))
        Thread.detachNewThread {
            do {
                try MNISTDownload.run(into: target) { event in
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
        let request = { var r = form.request; r.dataFolder = options.data; return r }()
        Thread.detachNewThread {
            do {
                let outcome = try TrainingRun.run(request, cancel: flag) { event in
                    switch event {
                    case let .training(e):
                        if case .batchFinished = e { inbox.postThrottled(.training(e)) } else { inbox.post(.training(e)) }
                    case let .dataLoaded(_, _, _, warnings):
                        if !warnings.isEmpty { inbox.post(.dataWarning(warnings.joined(separator: "; "))) }
                    case .evaluating:
                        break
                    }
                }
                inbox.post(.trainingDone(outcome))
            } catch {
                inbox.post(.trainingFailed("\(error)"))
            }
        }
    }

    private func save(_ name: String) {
        guard case let .results(view) = state.screen else { dispatch(.saveFailed("nothing to save")); return }
        do {
            let path = try store.save(view.outcome.network, metadata: view.outcome.metadata, name: name, overwrite: .replace)
            network = view.outcome.network
            dispatch(.saved(path: path))
        } catch {
            dispatch(.saveFailed("\(error)"))
        }
    }
}
