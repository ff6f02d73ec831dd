import DigitApp

/// The program's logic: state + action → new state + work to do. Pure, so tests drive it
/// directly. Keys follow htop/nnn: q quit, ? help, arrows and h j k l, Enter confirms.
public func reduce(_ state: AppState, _ action: Action) -> (AppState, [Effect]) {
    var s = state
    var effects: [Effect] = []
    switch action {
    case let .resize(w, h):
        s.width = w; s.height = h
    case let .modelsScanned(list):
        s.models = list
    case let .modelLoaded(name):
        s.modelName = name
        s.message = "Loaded \(name)"
        s.screen = .gallery
        s.index = 0
        effects.append(.scanFolder(s.digitsFolder))
    case let .modelFailed(error):
        s.message = error
    case let .folderScanned(files):
        s.files = files
        s.items = Array(repeating: .pending, count: files.count)
        s.index = min(s.index, max(0, files.count - 1))
        if !files.isEmpty { effects.append(.recognize(index: s.index)) }
    case let .recognized(i, item):
        if s.items.indices.contains(i) { s.items[i] = item }
    case let .dataWarning(text):
        s.message = "warning: " + text
    case let .dataMissing(why):
        if case let .trainForm(form, _, dl) = s.screen { s.screen = .trainForm(form, missingData: why, download: dl) }
    case .dataReady:
        if case let .trainForm(form, _, _) = s.screen { s.screen = .trainForm(form, missingData: nil, download: .idle) }
    case let .download(view):
        if case let .trainForm(form, missing, _) = s.screen { s.screen = .trainForm(form, missingData: missing, download: view) }
    case let .training(event):
        guard case var .training(view) = s.screen else { break }
        switch event {
        case let .started(plan): view.plan = plan
        case let .batchFinished(p): view.latest = p
        case let .epochFinished(e): view.epochs.append(e)
        default: break
        }
        s.screen = .training(view)
    case let .trainingDone(outcome):
        guard case let .training(view) = s.screen else { break }
        s.screen = .results(ResultsView(form: view.form, outcome: outcome, saveName: view.form.name, saveError: nil))
    case let .trainingFailed(error):
        s.message = error
        s.screen = .trainForm(TrainForm(), missingData: nil, download: .idle)
    case let .saved(path):
        s.modelName = path
        s.message = "Saved \(path)"
        s.screen = .gallery
        s.index = 0
        effects.append(.scanFolder(s.digitsFolder))
        effects.append(.scanModels)
    case let .saveFailed(error):
        if case var .results(r) = s.screen { r.saveError = error; s.screen = .results(r) }
    case let .key(key):
        return reduceKey(s, key)
    }
    return (s, effects)
}

func reduceKey(_ state: AppState, _ key: Key) -> (AppState, [Effect]) {
    var s = state
    var effects: [Effect] = []
    if s.showHelp {
        // Any key closes the help.
        s.showHelp = false
        return (s, [])
    }
    let isTextEntry: Bool = {
        if case .results = s.screen { return true }
        if case let .trainForm(form, _, _) = s.screen { return form.selected == 6 }
        return false
    }()
    if key == .char("?") && !isTextEntry { s.showHelp = true; return (s, []) }
    s.message = nil

    switch s.screen {
    case let .start(selected):
        let options = 3
        switch key {
        case .up, .char("k"): s.screen = .start(selected: (selected + options - 1) % options)
        case .down, .char("j"), .tab: s.screen = .start(selected: (selected + 1) % options)
        case .char("l"): s.screen = .load(selected: 0); effects.append(.scanModels)
        case .char("t"): s.screen = .trainForm(TrainForm(), missingData: nil, download: .idle); effects.append(.checkData)
        case .char("q"), .escape: s.quit = true
        case .enter:
            switch selected {
            case 0: s.screen = .load(selected: 0); effects.append(.scanModels)
            case 1: s.screen = .trainForm(TrainForm(), missingData: nil, download: .idle); effects.append(.checkData)
            default: s.quit = true
            }
        default: break
        }

    case let .load(selected):
        let count = s.models.count
        switch key {
        case .up, .char("k"): s.screen = .load(selected: max(0, selected - 1))
        case .down, .char("j"): s.screen = .load(selected: min(max(0, count - 1), selected + 1))
        case .escape, .char("b"), .left, .char("h"): s.screen = .start(selected: 0)
        case .char("q"): s.quit = true
        case .enter:
            guard s.models.indices.contains(selected) else { break }
            let m = s.models[selected]
            if let error = m.error { s.message = "cannot load: \(error)" } else { effects.append(.loadModel(path: m.path)) }
        default: break
        }

    case .trainForm(var form, let missing, let download):
        if form.selected == 6 {
            // Typing the model name.
            switch key {
            case let .char(c) where c.isLetter || c.isNumber || c == "-" || c == "_" || c == ".":
                if form.name.count < 40 { form.name.append(c) }
            case .backspace: if !form.name.isEmpty { form.name.removeLast() }
            case .up: form.selected = 5
            case .down, .enter, .tab: form.selected = 7
            case .escape: s.screen = .start(selected: 1); return (s, [])
            default: break
            }
            s.screen = .trainForm(form, missingData: missing, download: download)
            return (s, [])
        }
        switch key {
        case .up, .char("k"): form.selected = max(0, form.selected - 1)
        case .down, .char("j"), .tab: form.selected = min(TrainForm.fields.count - 1, form.selected + 1)
        case .left, .char("h"): form.adjust(-1)
        case .right, .char("l"): form.adjust(+1)
        case .char("d"):
            if missing != nil { effects.append(.download) }
        case .escape, .char("b"): s.screen = .start(selected: 1); return (s, [])
        case .char("q"): s.quit = true
        case .enter:
            if form.selected == 7 {
                if missing != nil {
                    s.message = "MNIST is missing: press d to download it, or put the files where shown"
                } else {
                    s.screen = .training(TrainingView(form: form))
                    effects.append(.startTraining(form))
                    return (s, effects)
                }
            } else {
                form.selected = min(TrainForm.fields.count - 1, form.selected + 1)
            }
        default: break
        }
        s.screen = .trainForm(form, missingData: missing, download: download)

    case var .training(view):
        switch key {
        case .char("c"), .char("q"), .escape:
            if !view.cancelling {
                view.cancelling = true
                effects.append(.cancelTraining)
            }
        default: break
        }
        s.screen = .training(view)

    case var .results(r):
        switch key {
        case let .char(c) where c.isLetter || c.isNumber || c == "-" || c == "_" || c == ".":
            if r.saveName.count < 40 { r.saveName.append(c) }
        case .backspace: if !r.saveName.isEmpty { r.saveName.removeLast() }
        case .enter:
            if r.saveName.isEmpty { r.saveError = "type a name first" } else { effects.append(.saveModel(name: r.saveName)) }
        case .escape:
            // Leave without saving: straight to the gallery with the trained model.
            s.screen = .gallery
            s.index = 0
            effects.append(.scanFolder(s.digitsFolder))
            return (s, effects)
        default: break
        }
        s.screen = .results(r)

    case .gallery:
        let count = s.files.count
        if s.fileList.open {
            switch key {
            case .up, .char("k"): s.fileList.selected = max(0, s.fileList.selected - 1)
            case .down, .char("j"): s.fileList.selected = min(max(0, count - 1), s.fileList.selected + 1)
            case .pageUp: s.fileList.selected = max(0, s.fileList.selected - 10)
            case .pageDown: s.fileList.selected = min(max(0, count - 1), s.fileList.selected + 10)
            case .enter:
                s.fileList.open = false
                s.index = s.fileList.selected
                effects += recognizeIfNeeded(s)
            case .escape, .char("q"), .char("/"), .char("f"): s.fileList.open = false
            default: break
            }
            return (s, effects)
        }
        switch key {
        case .right, .char("n"), .char(" "), .char("l"), .pageDown:
            if count > 0 { s.index = min(count - 1, s.index + 1) }
        case .left, .char("p"), .char("h"), .pageUp:
            s.index = max(0, s.index - 1)
        case .home, .char("g"): s.index = 0
        case .end, .char("G"): s.index = max(0, count - 1)
        case .char("/"), .char("f"): s.fileList = (true, s.index)
        case .char("r"): effects.append(.scanFolder(s.digitsFolder)); return (s, effects)
        case .char("m"), .char("b"): s.screen = .start(selected: 0); return (s, effects)
        case .char("q"), .escape: s.quit = true
        default: break
        }
        effects += recognizeIfNeeded(s)
    }
    return (s, effects)
}

func recognizeIfNeeded(_ s: AppState) -> [Effect] {
    guard s.items.indices.contains(s.index), case .pending = s.items[s.index] else { return [] }
    return [.recognize(index: s.index)]
}

extension TrainForm {
    static let epochChoices = [1, 2, 3, 5, 8, 10, 15, 20, 30]
    static let batchChoices = [32, 64, 128, 256, 512]
    static let rateChoices: [Float] = [0.0003, 0.0005, 0.001, 0.002, 0.003, 0.005, 0.01]

    mutating func adjust(_ step: Int) {
        func cycle<T: Equatable>(_ list: [T], _ value: T) -> T {
            let i = list.firstIndex(of: value) ?? 0
            return list[min(list.count - 1, max(0, i + step))]
        }
        switch selected {
        case 0:
            let all = Preset.allCases
            let i = all.firstIndex(of: preset) ?? 0
            preset = all[(i + step + all.count) % all.count]
            learningRate = TrainingRequest.defaultLearningRate(preset, .adam)
        case 1: epochs = cycle(TrainForm.epochChoices, epochs)
        case 2: batchSize = cycle(TrainForm.batchChoices, batchSize)
        case 3: learningRate = cycle(TrainForm.rateChoices, learningRate)
        case 4: augment.toggle()
        case 5: seed = UInt64(max(0, Int(seed) + step))
        default: break
        }
    }
}
