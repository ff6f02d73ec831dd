import Dispatch
import DigitImage
import DigitApp
import Glibc
import Support

/// Options from the command line.
public struct AppOptions: Sendable {
    public var model: String?
    public var digits: String
    public var ascii: Bool
    public var data: String?
    /// `saved_models/` here, or digitrec's own when started elsewhere.
    public var modelsFolder = ModelStore.modelsFolder
    /// The image of `digits` to show first (`--digits` given an image's path).
    public var focus: String?
    public init(model: String?, digits: String, ascii: Bool, data: String?, focus: String? = nil) {
        self.model = model; self.digits = digits; self.ascii = ascii; self.data = data; self.focus = focus
    }
}

/// The interactive program's runtime: the loop that reads keys, applies `reduce`, draws
/// `render`, and performs the effects (files, models, training) the reducer asks for.
public final class App {
    private var state: AppState
    private let terminal: Terminal
    private let options: AppOptions
    private let inbox = Inbox()
    private let worker = Worker()
    private let drawingReader = DrawingReader()
    /// The model the gallery uses; set on the worker (load, save, "go on unsaved").
    private let model = Shared<Network?>(nil)
    /// The network the last training run produced (the gallery can use it unsaved).
    private let trained = Shared<Network?>(nil)
    /// The gallery's current image, for the worker to skip readings the user has moved past.
    private let shown = Shared<Int>(0)
    /// Training and download threads still running.
    private let threads = Shared<Int>(0)
    private let store: ModelStore
    /// The explore screens' data, statistics and model reports, computed once and kept.
    /// A new one when the data folder changes (typed in the train form).
    private var explore: ExploreSession
    private var cancel: CancelFlag?
    /// Whether a frame is rendered and drawn (`FrameGate`): every dispatch notes a change.
    private var frames = FrameGate()
    private var signalSources: [DispatchSourceSignal] = []

    /// Runs until the user quits or a signal arrives; the terminal is always restored.
    /// Returns the process exit status.
    public static func run(_ options: AppOptions) -> Int32 {
        let terminal: Terminal
        do { terminal = try Terminal(forceASCII: options.ascii) } catch {
            var message = "\(error)\n"
            message.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
            return 2
        }
        let app = App(terminal: terminal, options: options)
        let status = app.loop()
        terminal.end()
        if status == 0, let farewell = app.state.farewell {
            var line = farewell + "\n"
            line.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
        }
        if status != 0 || app.threads.value > 0 || !app.worker.waitUntilIdle(seconds: 0.5) || !app.drawingReader.waitUntilIdle(seconds: 0.5) {
            // A signal, or work still running on another thread (training, a download, a slow
            // file): exit() would run library destructors (OpenBLAS frees its buffers) under
            // its feet, and the user asked to leave now — so leave at once (output flushed).
            fflush(nil)
            _exit(status)
        }
        return status
    }

    private init(terminal: Terminal, options: AppOptions) {
        self.terminal = terminal
        self.options = options
        self.store = ModelStore(folder: options.modelsFolder)
        self.explore = ExploreSession(dataFolder: options.data, cacheFolder: Path.join(options.modelsFolder, ExploreSession.cacheFolderName))
        let size = terminal.size
        state = AppState(width: size.width, height: size.height, capabilities: terminal.capabilities, digitsFolder: options.digits)
        state.galleryFocus = options.focus
        // SIGQUIT (Ctrl-\) too: its default would dump core and leave the terminal raw.
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
            Glibc.signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [inbox] in inbox.signal(sig) }
            source.resume()
            signalSources.append(source)
        }
    }

    private func loop() -> Int32 {
        let folder = options.modelsFolder
        worker.run { ModelStore.removeStaleTemps(in: folder) }
        if let model = options.model { perform(.loadModel(path: model)) }
        while !state.quit {
            let s = inbox.pendingSignal
            if s == SIGINT && (TrainingScreen.stopsOnInterrupt(state) || PromptInterrupt.closesPrompt(state) || QuitPrompt.asksOnInterrupt(state)) {
                inbox.clearSignal()
                dispatch(.interrupt)
            } else if s != 0 {
                cancel?.cancel()
                return 128 + s
            }
            for action in inbox.take() { dispatch(action) }
            if let frame = frames.next({ render(state) }) { terminal.draw(frame) }
            let (key, resized) = terminal.readKey(waiting: readingFolder ? Terminal.busyKeyTimeout : Terminal.keyTimeout)
            if resized {
                let size = terminal.size
                frames.forgetScreen()
                dispatch(.resize(width: size.width, height: size.height))
            }
            if let key { dispatch(.key(key)) }
        }
        cancel?.cancel()
        return 0
    }

    /// The gallery's folder is being read in the background: results are taken without the
    /// 50 ms wait. Only on the gallery, so a reading queued behind a long report or comparison
    /// on the worker does not keep the loop spinning meanwhile.
    private var readingFolder: Bool {
        guard state.backgroundIndex != nil, case .gallery = state.screen else { return false }
        return true
    }

    private func dispatch(_ action: Action) {
        let (next, effects) = reduce(state, action)
        state = next
        frames.noteChange()
        shown.set(state.wantedIndex)
        terminal.setMouseTracking(state.wantsMouse)
        for e in effects { perform(e) }
    }

    // MARK: effects

    private func perform(_ effect: Effect) {
        let (inbox, store, model) = (self.inbox, self.store, self.model)
        switch effect {
        case .scanModels:
            worker.run { inbox.post(.modelsScanned(store.list())) }
        case let .loadModel(path):
            worker.run {
                do {
                    let loaded = try store.load(path)
                    model.set(loaded.network)
                    inbox.post(.modelLoaded(name: path, learnt: LearntImages(metadata: loaded.metadata)))
                } catch {
                    // A bare name found nowhere says where it was looked for and what is there, as
                    // the subcommands do (walkthrough, session 28: only "nosuch: no such file").
                    inbox.post(.modelFailed(ModelStore.notFound(path) ?? "\(error)"))
                }
            }
        case let .scanFolder(dir):
            worker.run {
                let scan = try? ImageFolder.scan(dir)
                let files = scan?.files ?? []
                do {
                    let labels = try ImageLabels.load(folder: dir, subfolders: scan?.subfolders ?? [])
                    // Rows naming no image are said only when the folder could be listed (review).
                    let problems = [labels.warning, scan.flatMap { labels.unlistedWarning(among: $0.files) }].compactMap { $0 }
                    inbox.post(.folderScanned(files: files, labels: labels, labelsProblem: problems.isEmpty ? nil : problems.joined(separator: "; "),
                                              skippedImages: scan?.skippedImages ?? [], folder: dir))
                } catch {
                    inbox.post(.folderScanned(files: files, labels: ImageLabels(folder: dir), labelsProblem: "\(error)",
                                              skippedImages: scan?.skippedImages ?? [], folder: dir))
                }
            }
        case let .recognize(index):
            guard state.files.indices.contains(index) else { return }
            recognize(index: index, file: state.files[index])
        case let .readInBackground(index):
            guard state.files.indices.contains(index) else { return }
            let file = state.files[index]
            worker.run {
                guard let network = model.value else { inbox.post(.read(index: index, file: file, .failed("no model loaded"))); return }
                do {
                    // A blank page gives the same reading as when it is shown (its content id kept).
                    inbox.post(.read(index: index, file: file, Reading(try Recognizer(network: network).recognizeShowingBlank(file: file))))
                } catch {
                    inbox.post(.read(index: index, file: file, .failed("\(error)")))
                }
            }
        case let .saveLabel(folder, file, label):
            let subfolders = state.labels.folder == folder ? state.labels.subfolders : []
            worker.run {
                do {
                    inbox.post(.labelSaved(file: file, label: label,
                                           labels: try ImageLabels.update(folder: folder, file: file, label: label, subfolders: subfolders)))
                } catch {
                    inbox.post(.labelFailed(folder: folder, file: file, label: label, error: "\(error)"))
                }
            }
        case .checkData:
            let data = dataFolder
            worker.run {
                do {
                    inbox.post(.dataReady(folder: try MNISTData.locate(data)))
                } catch {
                    inbox.post(.dataMissing("\(error)"))
                }
            }
        case .download:
            startDownload()
        case let .startTraining(request):
            startTraining(request)
        case .cancelTraining:
            cancel?.cancel()
        case let .saveModel(name, replace):
            save(name, replace: replace)
        case let .explore(request):
            run(request)
        case .useTrainedModel:
            // On the worker, so readings queued before use the model they were asked with. The
            // model the results screen had chosen (a fine-tune's halfway average, maybe).
            let chosen = state.unsaved?.outcome.network ?? self.trained.value
            worker.run { model.set(chosen) }
        case let .suggestName(prefix):
            worker.run { inbox.post(.nameSuggested(store.freeName(base: "\(prefix)-\(Clock.localDay())"))) }
        case let .findFineTuneTarget(prefix):
            worker.run { inbox.post(.fineTuneTargetFound(store.path(forName: store.freeName(base: "\(prefix)-\(Clock.localDay())")))) }
        case let .startFineTune(request):
            startFineTune(request)
        case let .readDetails(path):
            worker.run {
                do { inbox.post(.detailsRead(try store.details(path))) } catch { inbox.post(.detailsFailed("\(error)")) }
            }
        case let .findParent(path):
            let galleryFolder = state.digitsFolder
            worker.run {
                // Where it was tuned, said only when that is not the gallery's folder (checked here,
                // on the disk, not in the reducer).
                let tunedOn = ModelParent.tunedOn(path).flatMap { Path.realPath($0) == Path.realPath(galleryFolder) ? nil : $0 }
                do { inbox.post(.parentFound(model: path, parent: try ModelParent.find(of: path), tunedOn: tunedOn)) } catch {
                    inbox.post(.parentMissing(model: path, why: "\(error)"))
                }
            }
        case let .recognizeDrawing(drawing, generation):
            drawingReader.submit(drawing, generation: generation, model: model, inbox: inbox)
        case let .openFolder(text):
            worker.run { inbox.post(FolderAccess.open(text)) }
        case let .completeFolder(text):
            worker.run { inbox.post(.folderListed(typed: text, folders: FolderAccess.folders(completing: text))) }
        case let .saveDrawing(drawing, label, generation, openGallery, folder):
            worker.run {
                do {
                    let path = try DrawingFile.save(drawing, label: label, folder: folder)
                    inbox.post(.drawingSaved(path: path, generation: generation, openGallery: openGallery))
                } catch {
                    inbox.post(.drawingSaveFailed("\(error)"))
                }
            }
        }
    }

    /// An explore screen's numbers, on the worker (the first time they take a second or two).
    private func run(_ request: ExploreRequest) {
        // Back to automatic too, when the form's field was emptied.
        if dataFolder != explore.dataFolder {
            explore = ExploreSession(dataFolder: dataFolder, cacheFolder: explore.cacheFolder)
        }
        let (inbox, explore, model) = (self.inbox, self.explore, self.model)
        let name = state.modelName ?? "unsaved model"
        worker.run {
            do {
                switch request {
                case .dataset: inbox.post(.explored(request, .dataset(try explore.exploreDataset())))
                case let .report(path?): inbox.post(.explored(request, .report(try explore.report(modelAt: path))))
                case .report(nil):
                    guard let network = model.value else { throw AppError.badOption("no model loaded") }
                    inbox.post(.explored(request, .report(try explore.report(network: network, name: name))))
                case let .compare(a, b): inbox.post(.explored(request, .comparison(try explore.compare(a, b))))
                case let .compareOnFolder(a, b, folder):
                    inbox.post(.explored(request, .folderComparison(try ModelComparison.run(a, b, imagesFolder: folder))))
                }
            } catch {
                inbox.post(.explored(request, .failed("\(error)")))
            }
        }
    }

    /// On the train form, its data folder (else the command line's); elsewhere the one typed
    /// there and found, else the last run's, else the command line's: where training and
    /// fine-tuning look, so the fine-tune panel's check looks where the run will (review).
    private var dataFolder: String? {
        // On the form, its field decides (empty: automatic), as for the run it starts (review:
        // a cleared field was "found in" the folder typed before, where training never looked).
        if case let .trainForm(form, _, _) = state.screen { return form.request.dataFolder ?? options.data }
        return state.dataFolder ?? state.lastForm?.request.dataFolder ?? options.data
    }

    private func recognize(index: Int, file: String) {
        let (inbox, model, shown) = (self.inbox, self.model, self.shown)
        worker.run {
            // Skip an image the user has already moved past (it is asked for again when shown).
            guard shown.value == index else { inbox.post(.recognized(index: index, file: file, .pending)); return }
            guard let network = model.value else { inbox.post(.recognized(index: index, file: file, .failed("no model loaded"))); return }
            do {
                inbox.post(.recognized(index: index, file: file, .recognized(try Recognizer(network: network).recognizeShowingBlank(file: file))))
            } catch {
                inbox.post(.recognized(index: index, file: file, .failed("\(error)")))
            }
        }
    }

    /// Runs `body` on a thread of its own, counted so quitting knows it is still running.
    private func detach(_ body: @escaping @Sendable () -> Void) {
        let threads = self.threads
        threads.update { $0 += 1 }
        DetachedThread.start {
            body()
            threads.update { $0 -= 1 }
        }
    }

    private func startDownload() {
        let inbox = self.inbox
        let target = dataFolder
        inbox.post(.download(.running(file: "starting", fraction: 0)))
        detach {
            do {
                try MNISTDownload.run(into: target) { event in
                    if case let .progress(file, received, total) = event {
                        inbox.postThrottled(.download(.running(file: file, fraction: total.map { Double(received) / Double(max($0, 1)) } ?? 0)))
                    }
                }
                inbox.post(.dataReady(folder: try? MNISTData.locate(target)))
            } catch {
                inbox.post(.download(.failed("\(error)")))
            }
        }
    }

    private func startTraining(_ formRequest: TrainingRequest) {
        let flag = CancelFlag()
        cancel = flag
        let (inbox, trained) = (self.inbox, self.trained)
        let request = { var r = formRequest; r.dataFolder = formRequest.dataFolder ?? options.data; return r }()
        let onEvent = App.relay(to: inbox)
        detach {
            do {
                let outcome = try TrainingRun.run(request, cancel: flag, onEvent: onEvent)
                trained.set(outcome.network)
                inbox.post(.trainingDone(outcome))
            } catch {
                inbox.post(.trainingFailed("\(error)"))
            }
        }
    }

    /// The gallery's `F`: the FineTuning use case on the same dashboard and events.
    private func startFineTune(_ fineTune: FineTuneRequest) {
        let flag = CancelFlag()
        cancel = flag
        let (inbox, trained) = (self.inbox, self.trained)
        let request = { var r = fineTune; r.dataFolder = fineTune.dataFolder ?? dataFolder; return r }()
        let onEvent = App.relay(to: inbox)
        detach {
            do {
                let outcome = try FineTuning.run(request, cancel: flag, onEvent: onEvent)
                trained.set(outcome.network)
                inbox.post(.fineTuneDone(outcome))
            } catch {
                inbox.post(.trainingFailed("\(error)"))
            }
        }
    }

    /// The warnings of a run's data as one message line: the files left out counted first, so
    /// a line cut at the screen's edge still says how many (walkthrough, session 35: "left out
    /// a.jpg: no label; left out b.png: no…" on the fine-tune results, the rest lost).
    static func dataWarning(_ warnings: [String], leftOut: [String]) -> String {
        let files = leftOut.isEmpty ? [] : [(leftOut.count == 1 ? "left out " : "\(leftOut.count) left out: ") + leftOut.joined(separator: "; ")]
        return (files + warnings).joined(separator: "; ")
    }

    /// A run's events as actions: batch progress throttled, data warnings, evaluation.
    private static func relay(to inbox: Inbox) -> @Sendable (TrainingRunEvent) -> Void {
        { event in
            switch event {
            case let .training(e):
                if case .batchFinished = e { inbox.postThrottled(.training(e)) } else { inbox.post(.training(e)) }
            case let .dataLoaded(_, _, _, warnings, leftOut):
                if !warnings.isEmpty || !leftOut.isEmpty { inbox.post(.dataWarning(dataWarning(warnings, leftOut: leftOut))) }
            case .evaluating:
                inbox.post(.evaluating)
            }
        }
    }

    /// Saves the results screen's model; an existing file is replaced only when the user said so.
    private func save(_ name: String, replace: Bool) {
        guard case let .results(view) = state.screen else { dispatch(.saveFailed("nothing to save")); return }
        let (inbox, store, model, outcome) = (self.inbox, self.store, self.model, view.outcome)
        worker.run {
            do {
                let path = try store.save(outcome.network, metadata: outcome.metadata, name: name, overwrite: replace ? .replace : .refuse)
                model.set(outcome.network)
                inbox.post(.saved(path: path))
            } catch AppError.modelExists {
                inbox.post(.saveExists(name: name))
            } catch {
                inbox.post(.saveFailed("\(error)"))
            }
        }
    }
}
