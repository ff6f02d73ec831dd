/// When the interactive loop renders and draws. `render` is a function of the state alone, so a
/// frame is rendered only after something was dispatched (a 2,000-image gallery rendered every
/// 50 ms cost ~10 % of a core), and drawn only when it differs from the one on the screen. A
/// resize clears the screen, so the frame after it is drawn whatever it holds.
struct FrameGate {
    private var shown: ScreenBuffer? = nil
    private var changed = true

    /// An action was dispatched: the state, and so the picture, may have changed.
    mutating func noteChange() { changed = true }

    /// The terminal was resized and cleared: nothing is on it any more.
    mutating func forgetScreen() {
        shown = nil
        changed = true
    }

    /// The frame to draw now, or nil when there is nothing new to show; `render` is called only
    /// when something changed since the last call.
    mutating func next(_ render: () -> ScreenBuffer) -> ScreenBuffer? {
        guard changed else { return nil }
        changed = false
        let frame = render()
        guard frame != shown else { return nil }
        shown = frame
        return frame
    }
}
