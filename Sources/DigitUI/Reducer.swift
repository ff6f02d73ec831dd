import DigitApp

/// The program's logic: state + action → new state + work to do. Pure, so tests drive it
/// directly. Keys follow htop/lazygit: Esc goes back, q quits, ? help, arrows and h j k l,
/// Enter confirms; each screen's keys are in its own table (Screens/).
public func reduce(_ state: AppState, _ action: Action) -> (AppState, [Effect]) {
    var s = state
    var effects: [Effect] = []
    switch action {
    case let .key(key):
        return resetDigit(state, reduceKey(s, key))
    case let .resize(w, h):
        s.width = w; s.height = h
    case let .modelsScanned(list):
        s.models = list
    case let .modelLoaded(name):
        s.modelName = name
        s.usingUnsaved = false
        s.message = "Loaded \(Path.display(name))"
        effects = GalleryScreen.open(&s)
    case let .modelFailed(error):
        s.message = error
    case let .folderScanned(files, labels, problem):
        s.files = files
        s.labels = labels
        if let problem { s.message = problem }
        s.items = Array(repeating: .pending, count: files.count)
        s.index = min(s.index, max(0, files.count - 1))
        s.fileList.selected = min(s.fileList.selected, max(0, files.count - 1))
        effects = GalleryScreen.recognizeIfNeeded(&s)
        if s.files != state.files { s.digit = 0 }
    case let .recognized(i, file, item):
        // A result for a list that was reloaded meanwhile belongs to another file.
        guard s.files.indices.contains(i), s.files[i] == file, s.items.indices.contains(i) else { break }
        s.items[i] = item
        effects = GalleryScreen.recognizeIfNeeded(&s)
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
        TrainingScreen.apply(event, to: &view)
        s.screen = .training(view)
    case .trainingDone, .fineTuneDone, .trainingFailed, .evaluating, .saved, .saveFailed, .saveExists, .nameSuggested:
        effects = TrainingFlow.apply(action, &s)
    case let .detailsRead(details):
        if case let .load(selected) = s.screen { s.screen = .details(details, selected: selected) }
    case let .detailsFailed(error):
        s.message = error
    }
    return (s, effects)
}

/// The selected digit belongs to one image: another image starts at its first digit.
func resetDigit(_ before: AppState, _ after: (AppState, [Effect])) -> (AppState, [Effect]) {
    var (s, effects) = after
    if s.index != before.index { s.digit = 0 }
    return (s, effects)
}

/// A key goes to the help overlay when it is open, then to the keys every screen has, then
/// to the screen (or its open overlay).
func reduceKey(_ state: AppState, _ key: Key) -> (AppState, [Effect]) {
    var s = state
    if s.showHelp {
        // Any key closes the help.
        s.showHelp = false
        return (s, [])
    }
    if KeyHints.global.command(for: key) == .help { s.showHelp = true; return (s, []) }
    s.message = nil
    if s.askQuit {
        let effects = QuitPrompt.handle(key, &s)
        return (s, effects)
    }
    var effects: [Effect]
    switch s.screen {
    case let .start(selected): effects = StartScreen.handle(key, selected: selected, &s)
    case let .load(selected): effects = LoadScreen.handle(key, selected: selected, &s)
    case let .trainForm(form, missing, download):
        effects = TrainFormScreen.handle(key, form: form, missing: missing, download: download, &s)
    case let .training(view): effects = TrainingScreen.handle(key, view: view, &s)
    case let .results(r): effects = ResultsScreen.handle(key, results: r, &s)
    case .gallery: effects = s.fileList.open ? FileListOverlay.handle(key, &s) : GalleryScreen.handle(key, &s)
    case let .details(details, selected): effects = DetailsScreen.handle(key, details: details, selected: selected, &s)
    }
    QuitPrompt.intercept(before: state, &s)
    if s.askQuit { effects = [] }
    return (s, effects)
}
