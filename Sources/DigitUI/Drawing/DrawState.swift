import DigitApp
import DigitImage

/// The drawing screen's state: the drawing, the keyboard pen, the latest live reading and
/// the label prompt of a save. A value, changed only by `reduce`.
public struct DrawState: Sendable {
    /// Where Esc goes back to.
    public enum Origin: Sendable, Equatable { case start, gallery }

    public var origin: Origin
    public var drawing = Drawing()
    /// The keyboard pen, in the drawing's unit square (drawn as a cursor on the canvas).
    public var pen = Drawing.Point(x: 0.5, y: 0.5)
    public var penDown = false
    /// The pen's cursor is drawn until the mouse is used (a mouse user needs none).
    public var showPen = true
    /// `x`: strokes take ink away.
    public var erasing = false
    /// A mouse button is held: drags extend the stroke its press began.
    public var mouseHeld = false
    /// Counts the drawing's changes; a reading says which generation it read.
    public var generation = 0
    /// The newest reading that came back (it may be one change behind while drawing).
    public var reading: DrawingReading?
    /// The label prompt of `s`: nil when closed.
    public var prompt: TextField?
    /// The prompt was opened by Enter: the drawing, once saved, opens in the gallery.
    public var promptOpensGallery = false
    /// The last file saved and the generation it holds (Enter does not save it twice).
    public var saved: (path: String, generation: Int)?
    /// A save is running on the worker.
    public var saving = false
    /// `q` was pressed once over a drawing not saved: the next `q` quits.
    public var quitAsked = false

    /// Drawn on and not saved as it is now: leaving loses it.
    public var unsaved: Bool { !drawing.isEmpty && saved?.generation != generation }

    public init(origin: Origin) { self.origin = origin }

    /// Whether the reading shown is of the drawing as it is now.
    public var readingIsCurrent: Bool { reading?.generation == generation }
}

/// What the network made of one generation of the drawing, and how long it took
/// (rasterise, clean, segment, 28×28, network — measured on the thread that did it).
public struct DrawingReading: Sendable {
    public var generation: Int
    /// nil with `error` when there was no model to read with.
    public var recognition: Recognition?
    public var error: String?
    public var milliseconds: Double

    public init(generation: Int, recognition: Recognition?, error: String? = nil, milliseconds: Double) {
        self.generation = generation; self.recognition = recognition; self.error = error; self.milliseconds = milliseconds
    }
}

extension AppState {
    /// The terminal reports the mouse only while the drawing screen is open.
    public var wantsMouse: Bool {
        if case .draw = screen { return true }
        return false
    }
}
