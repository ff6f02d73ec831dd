import DigitApp
import Glibc

/// Actions reported from other threads (file work, training, download, signals), taken by the UI loop.
final class Inbox: Sendable {
    private let actions = Shared<[Action]>([])
    private let signalled = Shared<Int32>(0)
    /// Batch events arrive hundreds of times a second; 20 a second are plenty to draw.
    private let throttle = Throttle(interval: 0.05)

    func post(_ a: Action) { actions.update { $0.append(a) } }
    func postThrottled(_ a: Action) { if throttle.ready() { post(a) } }
    func take() -> [Action] { actions.update { list in defer { list.removeAll() }; return list } }
    /// The first signal is kept, except that any other replaces a pending Ctrl-C: a SIGTERM
    /// arriving while a Ctrl-C is being turned into "stop the training" still quits (review).
    func signal(_ s: Int32) { signalled.update { if $0 == 0 || ($0 == SIGINT && s != SIGINT) { $0 = s } } }
    var pendingSignal: Int32 { signalled.value }
    /// The pending signal was handled without quitting (Ctrl-C stopping a training run).
    func clearSignal() { signalled.update { if $0 == SIGINT { $0 = 0 } } }
}
