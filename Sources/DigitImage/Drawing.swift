/// A drawing made of pen strokes, kept as what the hand did (point lists), not as pixels: it
/// redraws at any size — the terminal's canvas, the image recognised and saved — and undo is
/// dropping the last stroke. Coordinates are in the unit square (0…1, x right, y down), so a
/// resized terminal keeps the drawing.
public struct Drawing: Sendable, Equatable, Hashable {
    public struct Point: Sendable, Equatable, Hashable {
        public var x: Float
        public var y: Float
        /// Clamped into the unit square (NaN becomes 0), so nothing outside it is ever stored.
        public init(x: Float, y: Float) {
            self.x = Point.unit(x)
            self.y = Point.unit(y)
        }

        static func unit(_ v: Float) -> Float { v >= 0 ? min(1, v) : 0 }
    }

    public struct Stroke: Sendable, Equatable, Hashable {
        public var points: [Point]
        /// An eraser stroke takes ink away instead of adding it.
        public var erase: Bool
        public init(points: [Point], erase: Bool = false) { self.points = points; self.erase = erase }
    }

    public private(set) var strokes: [Stroke] = []
    /// Whether the last stroke is still being drawn (points are added to it).
    public private(set) var drawing = false

    /// Pen radius as a share of the canvas side. MNIST strokes are about 2.5 px wide on a 20 px
    /// digit; a digit drawn over ~70 % of the canvas then wants a pen ~0.09 of the canvas wide.
    public static let penRadius: Float = 0.045
    /// The eraser is half as wide again as the pen: a pass along a stroke, a little off its
    /// middle, takes all of it (with the pen's own width the stroke's edge stayed as a ghost).
    public static let eraserScale: Float = 1.5
    /// At most this many points in all (a long drag sends hundreds of reports a second; the
    /// drawing must not grow without bound). Points past it are dropped.
    public static let maxPoints = 20_000
    /// Points closer than this to the last one add nothing a person can see.
    static let minStep: Float = 0.002

    public init(strokes: [Stroke] = []) {
        var kept: [Stroke] = []
        var count = 0
        for s in strokes where count < Drawing.maxPoints {
            let room = Drawing.maxPoints - count
            kept.append(Stroke(points: Array(s.points.prefix(room)), erase: s.erase))
            count += min(room, s.points.count)
        }
        self.strokes = kept
    }

    public var isEmpty: Bool { !strokes.contains { !$0.erase && !$0.points.isEmpty } }
    public var pointCount: Int { strokes.reduce(0) { $0 + $1.points.count } }

    /// Starts a stroke at `p` (a dot when the pen is lifted right away).
    public mutating func begin(at p: Point, erase: Bool = false) {
        guard pointCount < Drawing.maxPoints else { drawing = false; return }
        strokes.append(Stroke(points: [p], erase: erase))
        drawing = true
    }

    /// Continues the current stroke to `p`; starts one when none is being drawn.
    public mutating func extend(to p: Point, erase: Bool = false) {
        guard drawing, let last = strokes.last?.points.last else { begin(at: p, erase: erase); return }
        let dx = p.x - last.x, dy = p.y - last.y
        guard dx * dx + dy * dy >= Drawing.minStep * Drawing.minStep, pointCount < Drawing.maxPoints else { return }
        strokes[strokes.count - 1].points.append(p)
    }

    /// Lifts the pen: the next point starts a new stroke.
    public mutating func end() { drawing = false }

    /// Removes the last stroke (the one being drawn, if any).
    public mutating func undo() {
        if !strokes.isEmpty { strokes.removeLast() }
        drawing = false
    }

    public mutating func clear() { self = Drawing() }
}
