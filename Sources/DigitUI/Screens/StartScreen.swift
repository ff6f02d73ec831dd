import DigitApp

/// The start menu: back to the images (once a model is loaded), load a model, train one,
/// draw, explore the dataset, or quit.
enum StartScreen {
    enum Command: Sendable { case up, down, choose, gallery, folder, load, train, draw, dataset, quit }

    static let keys = KeyTable<Command>([
        KeyBinding(label: "↑↓/jk", short: "move", help: "move the selection",
                   [(.up, .up), (.char("k"), .up), (.down, .down), (.char("j"), .down), (.tab, .down)]),
        KeyBinding([.enter], .choose, label: "Enter", short: "choose", help: "choose the selected item"),
        KeyBinding([.char("g")], .gallery, label: "g", short: "images", help: "back to the images (once a model is loaded)", inStatusLine: false),
        KeyBinding([.char("o")], .folder, label: "o", short: "open", help: "open a folder of your own images (PNG, JPEG) in the gallery"),
        KeyBinding([.char("l")], .load, label: "l", short: "load", help: "load a saved model"),
        KeyBinding([.char("t")], .train, label: "t", short: "train", help: "train a new model"),
        KeyBinding([.char("d")], .draw, label: "d", short: "draw", help: "draw a digit and watch it being read"),
        KeyBinding([.char("D")], .dataset, label: "D", short: "data", help: "explore the dataset: counts, samples, mean images, pixel statistics"),
        KeyBinding([.char("q")], .quit, label: "q", short: "quit", help: "quit"),
    ])
    static let notes = ["Esc goes back on every other screen; here there is nothing to go back to.",
                        "Your own images: o opens a folder of them (or start with `digitrec --digits FOLDER`)."]

    /// The menu's items with the command each stands for; with a model loaded the first one
    /// leads back to the images (the gallery's Esc comes here, and must not be a dead end).
    static func items(modelLoaded: Bool) -> [(title: String, key: String, command: Command)] {
        (modelLoaded ? [("Back to the images", "g", Command.gallery)] : []) + [
            ("Open a folder of images", "o", .folder), ("Load a saved model", "l", .load), ("Train a new model", "t", .train), ("Draw a digit", "d", .draw),
            ("Explore the dataset", "D", .dataset), ("Quit", "q", .quit),
        ]
    }

    /// The row of `command` in the menu as `s` shows it.
    static func position(of command: Command, _ s: AppState) -> Int {
        items(modelLoaded: s.hasModel).firstIndex { $0.command == command } ?? 0
    }

    static func handle(_ key: Key, selected: Int, _ s: inout AppState) -> [Effect] {
        guard let command = keys.command(for: key) else { return [] }
        let items = items(modelLoaded: s.hasModel)
        switch command {
        case .up: s.screen = .start(selected: (selected + items.count - 1) % items.count)
        case .down: s.screen = .start(selected: (selected + 1) % items.count)
        case .choose: return items.indices.contains(selected) ? run(items[selected].command, &s) : []
        case .gallery, .folder, .load, .train, .draw, .dataset, .quit: return run(command, &s)
        }
        return []
    }

    private static func run(_ command: Command, _ s: inout AppState) -> [Effect] {
        switch command {
        case .gallery:
            // Where the user left it: same image, no rescan.
            if s.hasModel { s.screen = .gallery } else { s.message = "Load or train a model first" }
        case .folder: FolderPrompt.open(&s)
        case .load: return LoadScreen.open(&s)
        case .train: return TrainFormScreen.open(&s)
        case .draw: return DrawScreen.open(from: .start, &s)
        case .dataset: return DatasetScreen.open(&s)
        case .quit: s.quit = true
        case .up, .down, .choose: break
        }
        return []
    }

    /// Layout: the title, a subtitle, then the items two rows apart, centred in the area.
    static let itemWidth = 32, titleGap = 2, itemsGap = 3, itemSpacing = 2

    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, selected: Int, modelLoaded: Bool, ui: UIStyle) {
        let list = items(modelLoaded: modelLoaded)
        // Rows apart where they all fit, else on consecutive rows (review: at 80×24 with a model
        // loaded, seven items two apart put Quit below the screen).
        let spacing = titleGap + itemsGap + itemSpacing * (list.count - 1) < area.height - 2 ? itemSpacing : 1
        let height = titleGap + itemsGap + spacing * (list.count - 1) + 1
        let top = max(area.y + 1, min(area.y + area.height / 2 - 5, area.maxY - height))
        buf.center("Handwritten Digit Recognizer v2.0", y: top, style: ui.accent)
        buf.center("Reads the digits in your own photos and drawings (PNG, JPEG), trained on MNIST.", y: top + titleGap, style: ui.muted)
        let x = area.x + (area.width - itemWidth) / 2
        for (i, item) in list.enumerated() {
            let text = " \(i == selected ? ui.bullet : " ") \(item.title)  (\(item.key)) "
            buf.put(TextWidth.pad(text, itemWidth), x: x, y: top + titleGap + itemsGap + spacing * i,
                    style: i == selected ? ui.selected : .plain)
        }
    }
}
