import Testing
@testable import DigitUI

/// `FrameGate`: the loop renders only after a change and draws only a frame that differs from
/// the one on the screen; after a resize it draws again.
@Suite struct FrameGateTests {
    static func frame(_ text: String) -> ScreenBuffer {
        var b = ScreenBuffer(width: 10, height: 1)
        b.put(text, x: 0, y: 0)
        return b
    }

    @Test func rendersOnlyAfterAChangeAndDrawsOnlyWhatDiffers() {
        var gate = FrameGate()
        var renders = 0
        func next(_ text: String) -> ScreenBuffer? {
            gate.next { renders += 1; return Self.frame(text) }
        }
        #expect(next("a") == Self.frame("a"), "the first frame is drawn")
        #expect(next("a") == nil && next("b") == nil, "nothing dispatched: nothing rendered")
        #expect(renders == 1)
        gate.noteChange()
        #expect(next("a") == nil, "rendered, but the same picture is not drawn again")
        #expect(renders == 2)
        gate.noteChange()
        #expect(next("b") == Self.frame("b"))
        #expect(renders == 3)
    }

    @Test func aResizeDrawsTheSamePictureAgain() {
        var gate = FrameGate()
        _ = gate.next { Self.frame("a") }
        gate.forgetScreen()
        #expect(gate.next { Self.frame("a") } == Self.frame("a"), "the cleared screen gets its picture back")
    }
}
