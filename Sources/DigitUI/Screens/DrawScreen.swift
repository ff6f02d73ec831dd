import DigitApp
import DigitImage

/// Drawing a digit with the mouse or the keyboard, read live by the same pipeline as a PNG;
/// `s` saves it into the digits folder, Enter saves it and shows it in the gallery (both ask
/// for the label). Drawn by DrawView.
enum DrawScreen {
    enum Command: Sendable { case move(dx: Int, dy: Int), pen, erase, clear, undo, save, gallery, back, quit }

    static let keys = KeyTable<Command>([
        // One row for the keyboard pen keeps the status line within 80 columns. Diagonals are
        // where a keypad without NumLock has them (7 9 1 3): a 7's slant took a staircase of
        // arrows (walkthrough).
        KeyBinding(label: "arrows/Space", short: "pen", help: "move the pen (Home PgUp End PgDn: diagonally); Space puts it down or lifts it",
                   [(.up, .move(dx: 0, dy: -1)), (.down, .move(dx: 0, dy: 1)), (.left, .move(dx: -1, dy: 0)), (.right, .move(dx: 1, dy: 0)),
                    (.home, .move(dx: -1, dy: -1)), (.pageUp, .move(dx: 1, dy: -1)), (.end, .move(dx: -1, dy: 1)), (.pageDown, .move(dx: 1, dy: 1)),
                    (.char(" "), .pen)]),
        KeyBinding([.char("x")], .erase, label: "x", short: "erase", help: "eraser on/off (the right mouse button erases too)", inStatusLine: false),
        KeyBinding([.char("u")], .undo, label: "u", short: "undo", help: "undo the last stroke"),
        KeyBinding([.char("c")], .clear, label: "c", short: "clear", help: "clear the canvas (the keyboard pen is lifted: Space puts it down)"),
        KeyBinding([.char("s")], .save, label: "s", short: "save", help: "save as <label>_drawn_<n>.png in the digits folder"),
        KeyBinding([.enter], .gallery, label: "Enter", short: "to gallery",
                   help: "save (asks the label, as s does) and open it in the gallery"),
        KeyBinding([.escape], .back, label: "Esc", short: "back", help: "back to where you came from"),
        KeyBinding([.char("q")], .quit, label: "q", short: "quit", help: "quit", inStatusLine: false),
    ])
    static let notes = [
        "Draw with the left mouse button; the right one erases.",
        "The drawing is read as you draw, exactly as its PNG would be.",
        "s asks for the label, suggesting the digits read: Enter keeps them, a digit typed replaces them.",
        "A file is never overwritten.",
    ]

    enum PromptCommand: Sendable { case type(Character), backspace, clear, confirm, cancel }

    static let promptKeys = KeyTable<PromptCommand>([
        KeyBinding(label: "0-9", short: "label", help: "type the label (the first key replaces the suggestion)",
                   (0...9).map { (Key.char(Character(String($0))), PromptCommand.type(Character(String($0)))) }),
        KeyBinding([.backspace], .backspace, label: "Backspace", short: "", help: "delete a digit", inStatusLine: false),
        KeyBinding([.char("\u{15}")], .clear, label: "^U", short: "", help: "clear the label (as in a shell)", inStatusLine: false),
        KeyBinding([.enter], .confirm, label: "Enter", short: "save", help: "save under this label"),
        KeyBinding([.escape], .cancel, label: "Esc", short: "cancel", help: "close the prompt without saving"),
    ])

    /// The keyboard pen moves one MNIST pixel's worth of the canvas per key.
    static let penStep: Float = 1 / 28

    /// Opens the screen; without a model the shipped default is loaded for the live reading.
    static func open(from origin: DrawState.Origin, _ s: inout AppState) -> [Effect] {
        var d = DrawState(origin: origin)
        var effects: [Effect] = []
        if let kept = s.keptDrawing {
            d.drawing = kept
            s.keptDrawing = nil
            s.message = "The drawing you left (c clears it)"
            if s.hasModel { effects = changed(&d) }
        }
        s.screen = .draw(d)
        // An unsaved model in use stays in use (review: the shipped one was loaded over it).
        guard !s.hasModel else { return effects }
        let path = ModelStore.defaultModelPath
        s.message = "Loading \(Path.display(path))…"
        return [.loadModel(path: path)]
    }

    static func handle(_ key: Key, _ d: DrawState, _ s: inout AppState) -> [Effect] {
        var d = d
        defer { if case .draw = s.screen { s.screen = .draw(d) } }
        if d.prompt != nil { return handlePrompt(key, &d, &s) }
        // Any drawing since the first q asks again (review, session 33: a mouse stroke kept the flag).
        if case .mouse = key { d.quitAsked = false }
        if case let .mouse(event) = key { return mouse(event, &d, canvas: DrawView.layout(width: s.width, height: s.height).canvas) }
        guard let command = keys.command(for: key) else { return [] }
        let before = (d.drawing.strokes.count, d.drawing.pointCount)
        let quitAsked = d.quitAsked
        d.quitAsked = false
        switch command {
        case let .move(dx, dy):
            d.pen = Drawing.Point(x: d.pen.x + Float(dx) * penStep, y: d.pen.y + Float(dy) * penStep)
            d.showPen = true
            if d.penDown { d.drawing.extend(to: d.pen, erase: d.erasing) }
        case .pen:
            d.penDown.toggle()
            d.showPen = true
            if d.penDown { d.drawing.begin(at: d.pen, erase: d.erasing) } else { d.drawing.end() }
        case .erase:
            d.erasing.toggle()
            // A pen that is down goes on in the new mode as a new stroke.
            if d.penDown { d.drawing.begin(at: d.pen, erase: d.erasing) }
        case .undo:
            d.drawing.undo()
            d.penDown = false
            return changed(&d)
        case .clear:
            d.drawing.clear()
            d.penDown = false
            // A fresh canvas: the keyboard pen shows again, even after the mouse hid it (walkthrough:
            // after c a keyboard user had no cursor until an arrow was pressed blind).
            d.showPen = true
            return changed(&d)
        case .save:
            guard !d.drawing.isEmpty else { s.message = "Nothing to save yet: draw a digit first."; return [] }
            askLabel(&d, thenGallery: false)
        case .gallery:
            return toGallery(&d, &s)
        case .back:
            return back(d, &s)
        case .quit:
            // Asked once, as for a model not saved (walkthrough, session 33: q left at once and
            // the drawing was lost, while Esc keeps it).
            if d.unsaved && !quitAsked {
                d.quitAsked = true
                s.message = "The drawing is not saved: q again quits without it, s saves it"
                return []
            }
            s.quit = true
        }
        return (d.drawing.strokes.count, d.drawing.pointCount) != before ? changed(&d) : []
    }

    /// A mouse report: a press on the canvas starts a stroke (the right button erases), drags
    /// extend it — clamped to the canvas' edge when the pointer leaves it — and the release
    /// ends it. The keyboard pen follows the mouse.
    static func mouse(_ e: MouseEvent, _ d: inout DrawState, canvas: Rect) -> [Effect] {
        guard canvas.width > 0, canvas.height > 0 else { return [] }
        let point = Drawing.Point(x: (Float(e.x - canvas.x) + 0.5) / Float(canvas.width),
                                  y: (Float(e.y - canvas.y) + 0.5) / Float(canvas.height))
        let inside = e.x >= canvas.x && e.x < canvas.maxX && e.y >= canvas.y && e.y < canvas.maxY
        let before = (d.drawing.strokes.count, d.drawing.pointCount)
        switch e.kind {
        case .press where inside && (e.button == 0 || e.button == 2):
            d.penDown = false
            d.drawing.begin(at: point, erase: d.erasing || e.button == 2)
            d.mouseHeld = true
            d.pen = point
            d.showPen = false
        case .drag where d.mouseHeld:
            d.drawing.extend(to: point, erase: d.drawing.strokes.last?.erase ?? d.erasing)
            d.pen = point
        case .release where d.mouseHeld:
            d.drawing.extend(to: point, erase: d.drawing.strokes.last?.erase ?? d.erasing)
            d.drawing.end()
            d.mouseHeld = false
            d.pen = point
        default:
            return []
        }
        return (d.drawing.strokes.count, d.drawing.pointCount) != before ? changed(&d) : []
    }

    /// After every change: a new generation, read live (an empty canvas needs no network).
    static func changed(_ d: inout DrawState) -> [Effect] {
        d.generation += 1
        guard !d.drawing.isEmpty else { d.reading = nil; return [] }
        return [.recognizeDrawing(d.drawing, generation: d.generation)]
    }

    static func handlePrompt(_ key: Key, _ d: inout DrawState, _ s: inout AppState) -> [Effect] {
        guard var prompt = d.prompt else { return [] }
        guard let command = promptKeys.command(for: key) else {
            if case let .char(c) = key, let refusal = TextField.refusal(c, allowed: prompt.allowed) { s.message = refusal }
            return []
        }
        switch command {
        case let .type(c): prompt.type(c)
        case .backspace: prompt.backspace()
        case .clear: prompt.clear()
        case .cancel: d.prompt = nil; return []
        case .confirm:
            if let problem = DrawingFile.problem(withLabel: prompt.text) { s.message = problem; return [] }
            d.prompt = nil
            d.saving = true
            // Into the gallery's folder, which `o` may have changed since the start.
            return [.saveDrawing(d.drawing, label: prompt.text, generation: d.generation, openGallery: d.promptOpensGallery, folder: s.digitsFolder)]
        }
        d.prompt = prompt
        return []
    }

    /// The label prompt, suggesting the digits read (Enter keeps them, a digit typed replaces them).
    static func askLabel(_ d: inout DrawState, thenGallery: Bool) {
        d.prompt = TextField(d.reading?.recognition?.prediction ?? "", suggested: true, maxLength: DrawingFile.maxLabelLength)
        d.promptOpensGallery = thenGallery
    }

    /// Enter: the drawing as saved (once) in the gallery. It asks for the label first, as `s`
    /// does: saved under the digits read without a question, every drawing the model misread
    /// was labelled with its mistake and counted right in the gallery (walkthrough).
    static func toGallery(_ d: inout DrawState, _ s: inout AppState) -> [Effect] {
        if let saved = d.saved, saved.generation == d.generation {
            s.galleryFocus = saved.path
            return GalleryScreen.open(&s)
        }
        guard !d.drawing.isEmpty else { s.message = "Nothing to show yet: draw a digit first."; return [] }
        askLabel(&d, thenGallery: true)
        return []
    }

    /// Esc: back where the screen was opened from; the gallery rescans when a drawing was saved.
    static func back(_ d: DrawState, _ s: inout AppState) -> [Effect] {
        // Not saved as it is now: kept for `d` (a saved one is in the folder).
        if d.unsaved {
            s.keptDrawing = d.drawing
            s.message = "The drawing is kept until you quit: d brings it back"
        }
        switch d.origin {
        case .start:
            s.screen = .start(selected: 0)
            return []
        case .gallery:
            guard let saved = d.saved else { s.screen = .gallery; return GalleryScreen.recognizeIfNeeded(&s) }
            s.galleryFocus = saved.path
            return GalleryScreen.open(&s)
        }
    }

    /// A drawing was saved: said on the message line; Enter's save goes on to the gallery.
    static func saved(path: String, generation: Int, openGallery: Bool, _ s: inout AppState) -> [Effect] {
        s.message = "Saved \(Path.display(path))"
        guard case var .draw(d) = s.screen else { return [] }
        d.saving = false
        d.saved = (path, generation)
        s.screen = .draw(d)
        guard openGallery else { return [] }
        s.galleryFocus = path
        return GalleryScreen.open(&s)
    }

    /// A reading came back: kept unless a newer one is already shown.
    static func read(_ reading: DrawingReading, _ s: inout AppState) {
        guard case var .draw(d) = s.screen, reading.generation <= d.generation,
              reading.generation > (d.reading?.generation ?? -1) else { return }
        d.reading = d.drawing.isEmpty ? nil : reading
        s.screen = .draw(d)
    }
}
