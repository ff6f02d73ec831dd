import Dispatch
import DigitApp
import DigitImage

/// Reads the drawing live, on a queue of its own (never on the UI loop, and never behind a
/// slow file on the worker). Only the newest request waits: while the user draws, one that
/// a newer drawing has overtaken is dropped unread, so the readings never fall behind.
final class DrawingReader: Sendable {
    private let queue = DispatchQueue(label: "digitrec.ui.drawing")
    private let group = DispatchGroup()
    private let waiting = Shared<(drawing: Drawing, generation: Int)?>(nil)

    func submit(_ drawing: Drawing, generation: Int, model: Shared<Network?>, inbox: Inbox) {
        let start = waiting.update { w -> Bool in
            defer { w = (drawing, generation) }
            return w == nil
        }
        // A job is already queued and has not taken its request yet: it takes this newer one.
        guard start else { return }
        queue.async(group: group) { [waiting] in
            while let next = waiting.update({ w in defer { w = nil }; return w }) {
                inbox.post(.drawingRead(DrawingReader.read(next.drawing, generation: next.generation, with: model.value)))
            }
        }
    }

    /// The whole reading, timed: rasterise, clean, segment, 28×28, network.
    static func read(_ drawing: Drawing, generation: Int, with network: Network?) -> DrawingReading {
        guard let network else { return DrawingReading(generation: generation, recognition: nil, error: "No model loaded: press Esc, then load or train one.", milliseconds: 0) }
        let t0 = DispatchTime.now().uptimeNanoseconds
        let recognition = Recognizer(network: network).recognize(drawing: drawing)
        let ms = Double(DispatchTime.now().uptimeNanoseconds &- t0) / 1e6
        return DrawingReading(generation: generation, recognition: recognition, milliseconds: ms)
    }

    /// Waits up to `seconds` for the reading in progress (quitting must not tear the network
    /// down under it).
    func waitUntilIdle(seconds: Double) -> Bool {
        group.wait(timeout: .now() + seconds) == .success
    }
}
