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
    case .interrupt:
        if !TrainingScreen.stopsOnInterrupt(s), PromptInterrupt.closesPrompt(s) { return PromptInterrupt.interrupt(s) }
        effects = TrainingScreen.stopsOnInterrupt(s) ? TrainingScreen.interrupt(&s) : QuitPrompt.interrupt(&s)
    case let .resize(w, h):
        s.width = w; s.height = h
        // Widened: the compare screen's picture of the selected file is asked for.
        effects = CompareScreen.readSelected(&s)
    case let .modelsScanned(list):
        s.models = list
        // The first scan since the list opened: its cursor goes to the model in use.
        if case .load(0) = s.screen, state.models.isEmpty, let i = LoadScreen.inUseIndex(s) { s.screen = .load(selected: i) }
    case let .modelLoaded(name, learnt):
        s.modelName = name
        s.learnt = learnt
        s.usingUnsaved = false
        // A photo asked for (`o` or --digits with its path) is named: the folder's first image
        // would otherwise seem to be what was opened (review).
        s.message = "Loaded \(Path.display(name))" + (s.galleryFocus.map { "; showing " + Path.display(Path.baseName($0)) } ?? "")
        if case var .draw(d) = s.screen {
            // The drawing screen stays; what was drawn meanwhile is read with the model.
            if !d.drawing.isEmpty { effects = DrawScreen.changed(&d) }
            s.screen = .draw(d)
            return (s, effects)
        }
        effects = GalleryScreen.open(&s)
    case let .modelFailed(error):
        s.message = error
    case let .fineTuneTargetFound(path):
        s.fineTuneConfirm?.target = path
    case let .folderScanned(files, labels, problem, skippedImages, folder):
        // A scan of the folder the gallery had before `o` changed it.
        if let folder, folder != s.digitsFolder { break }
        // The shown file stays shown when it is still there (r after adding or removing files).
        let shownFile = state.files.indices.contains(state.index) ? state.files[state.index] : nil
        let selectedFile = state.files.indices.contains(state.fileList.selected) ? state.files[state.fileList.selected] : nil
        s.files = files
        // Labels that could not be written stay in use (another folder's wait for it).
        s.labels = GalleryScreen.keepingUnsaved(labels, s.unsavedLabels)
        s.skippedImages = skippedImages
        s.items = Array(repeating: .pending, count: files.count)
        s.readings = Array(repeating: nil, count: files.count)
        s.backgroundIndex = nil
        s.index = shownFile.flatMap { files.firstIndex(of: $0) } ?? min(s.index, max(0, files.count - 1))
        s.fileList.selected = selectedFile.flatMap { files.firstIndex(of: $0) } ?? s.index
        if let focus = s.galleryFocus {
            // Asked for once: a scan that lacks the file does not make a later one jump to it.
            if let i = files.firstIndex(of: focus) {
                s.index = i; s.fileList.selected = i
            } else if !files.isEmpty {
                // A hidden file, or one past the limit, is not listed (review: "at .5.png" with
                // another image shown).
                s.message = "\(Path.display(Path.baseName(focus))) is not among the images read here (a hidden name, or past the limit); the first is shown"
            }
            s.galleryFocus = nil
        }
        if s.reloading {
            let kept = Set(state.files)
            let relabelled = files.filter { kept.contains($0) && state.labels.expected(for: $0) != s.labels.expected(for: $0) }.count
            s.message = GalleryScreen.reloaded(before: state.files, after: files, folder: s.digitsFolder, relabelled: relabelled)
            s.reloading = false
        }
        // labels.csv's problem is said once per read of the folder, after what the reload found.
        if let problem { s.message = state.reloading ? [s.message, problem].compactMap { $0 }.joined(separator: "; ") : problem }
        // Images passed over are said once per folder (a folder of HEIC photos looked empty), not
        // again at each rescan (walkthrough: repeated before every "Saved…"); first: a long
        // labels.csv problem before them cut them off the line (README audit).
        if !skippedImages.isEmpty && skippedImages != state.skippedImages {
            s.message = ["skipped " + skippedImages.joined(separator: ", "), s.message].compactMap { $0 }.joined(separator: "; ")
        }
        effects = GalleryScreen.recognizeIfNeeded(&s)
        if files.indices.contains(s.index) && files[s.index] != shownFile { s.digit = 0 }
    case let .recognized(i, file, item):
        // A result for a list that was reloaded meanwhile belongs to another file.
        guard s.files.indices.contains(i), s.files[i] == file, s.items.indices.contains(i) else { break }
        s.items[i] = item
        if let reading = Reading(item), s.readings.indices.contains(i) { s.readings[i] = reading }
        effects = GalleryScreen.recognizeIfNeeded(&s)
    case let .read(i, file, reading):
        if s.backgroundIndex == i { s.backgroundIndex = nil }
        guard s.files.indices.contains(i), s.files[i] == file, s.readings.indices.contains(i) else { break }
        s.readings[i] = reading
        effects = GalleryScreen.recognizeIfNeeded(&s)
    case let .labelSaved(file, label, labels):
        s.unsavedLabels.removeAll { $0.file == file }
        if labels.folder == s.digitsFolder { s.labels = GalleryScreen.keepingUnsaved(labels, s.unsavedLabels) }
        s.message = LabelPrompt.savedMessage(file: file, label: label, labelsFile: labels.labelsFile(for: file), s)
    case let .labelFailed(folder, file, label, error):
        // The verdict flipped when the key was pressed and stays for this session (README
        // audit: "not saved" while the score went on using it read as a contradiction).
        s.unsavedLabels.removeAll { $0.file == file }
        s.unsavedLabels.append(UnsavedLabel(folder: folder, file: file, label: label))
        s.message = "The label is used until you quit but was not saved: " + error
    case let .dataWarning(text):
        s.message = "warning: " + text
    case let .dataMissing(why):
        if s.fineTuneConfirm != nil { s.fineTuneConfirm?.missingData = why }
        if case let .trainForm(form, _, dl) = s.screen { s.screen = .trainForm(form, missingData: why, download: dl) }
    case let .dataReady(folder):
        if case var .trainForm(form, _, _) = s.screen {
            form.foundData = folder
            // What the form found is what fine-tuning and the explore screens use; an emptied
            // field is automatic again for them too.
            if folder != nil { s.dataFolder = form.request.dataFolder }
            s.screen = .trainForm(form, missingData: nil, download: .idle)
        }
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
    case let .parentFound(model, parent, tunedOn):
        // Only for the model still in use, on the gallery where `C` was pressed.
        // Not under a prompt or panel opened meanwhile (review, session 33: it kept taking keys).
        guard case .gallery = s.screen, s.modelName == model, !s.usingUnsaved, s.folderPrompt == nil, s.labelPrompt == nil,
              s.fineTuneConfirm == nil, !s.askQuit, !s.showHelp, !s.fileList.open else { break }
        effects = CompareScreen.open(parent, model, back: .gallery, onFolder: true, &s)
        // The gallery's folder is compared on; a model tuned on another says where that is
        // (walkthrough 36: loaded from the list, C compared it on digits/, its photos elsewhere).
        if let tunedOn {
            func shown(_ folder: String) -> String { Path.display(folder.hasSuffix("/") ? String(folder.dropLast()) : folder) + "/" }
            s.message = "Compared on \(shown(s.digitsFolder)); it was tuned on \(shown(tunedOn)) (o opens that folder, then C)"
        }
    case let .parentMissing(model, why):
        // The gallery names no models: where two are compared instead (walkthrough, session 33).
        if case .gallery = s.screen, s.modelName == model { s.message = why + " — to compare two models: l, Space on each, c" }
    case let .folderListed(typed, folders):
        FolderPrompt.completed(typed: typed, folders: folders, &s)
    case let .folderOpened(typed, path, focus):
        effects = FolderPrompt.opened(typed: typed, path: path, focus: focus, &s)
    case let .folderRefused(typed, why):
        FolderPrompt.refused(typed: typed, why: why, &s)
    case let .drawingRead(reading):
        DrawScreen.read(reading, &s)
    case let .drawingSaved(path, generation, openGallery):
        effects = DrawScreen.saved(path: path, generation: generation, openGallery: openGallery, &s)
    case let .drawingSaveFailed(error):
        s.message = error
        if case var .draw(d) = s.screen { d.saving = false; s.screen = .draw(d) }
    case let .explored(request, outcome):
        ExploreScreens.apply(outcome, for: request, &s)
        effects = CompareScreen.readSelected(&s)
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
/// `pasted`: a character of a paste, typed into a field — never the keys every screen has (a
/// pasted "?" opened the help and lost the rest of the path: review).
func reduceKey(_ state: AppState, _ key: Key, pasted: Bool = false) -> (AppState, [Effect]) {
    if case let .paste(text) = key { return Paste.reduce(text, state) }
    var s = state
    // Nothing but the size is on the screen: a key must not save, clear or type what cannot be
    // seen (red team, session 12: s and c acted on an unseen drawing). q, Ctrl-Q and F10 still
    // quit, directly (a field's q is not typed) — unless a trained model is unsaved: its
    // question could not be seen either, so the key waits for a screen that fits.
    if s.tooSmall {
        if [.char("q"), .char("\u{11}"), .function(10)].contains(key) && !QuitPrompt.hasUnsavedWork(s) { s.quit = true }
        return (s, [])
    }
    if s.showHelp {
        // Any key closes the help.
        s.showHelp = false
        return (s, [])
    }
    // A path may hold a "?" (F1 still helps) and any letter: the prompt takes them first.
    if s.folderPrompt != nil && key != .function(1) {
        s.message = nil
        let effects = FolderPrompt.handle(key, &s)
        // Its Ctrl-Q asks first too, with anything unsaved (review, session 28: it left at once).
        QuitPrompt.intercept(before: state, &s)
        return (s, s.askQuit ? [] : effects)
    }
    if !pasted && KeyHints.global.command(for: key) == .help { s.showHelp = true; return (s, []) }
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
    case let .dataset(view): effects = DatasetScreen.handle(key, view: view, &s)
    case let .report(view): effects = ReportScreen.handle(key, view: view, &s)
    case let .compare(view): effects = CompareScreen.handle(key, view: view, &s)
    case .gallery: effects = s.fileList.open ? FileListOverlay.handle(key, &s) : GalleryScreen.handle(key, &s)
    case let .draw(d): effects = DrawScreen.handle(key, d, &s)
    case let .details(details, selected): effects = DetailsScreen.handle(key, details: details, selected: selected, &s)
    }
    QuitPrompt.intercept(before: state, &s)
    if s.askQuit { effects = [] }
    return (s, effects)
}
