import Dispatch

/// Runs the interactive program's file work — reading images, loading and listing models,
/// saving, scanning folders — on one background thread, in the order asked, so the UI loop
/// never waits for a disk, a network mount or a huge file: q, Ctrl-C and signals are always
/// answered at once. Jobs report back by posting actions to the inbox.
final class Worker: Sendable {
    private let queue = DispatchQueue(label: "digitrec.ui.files")
    private let group = DispatchGroup()

    func run(_ job: @escaping @Sendable () -> Void) {
        queue.async(group: group, execute: job)
    }

    /// Waits up to `seconds` for every job to finish; false when one is still running.
    func waitUntilIdle(seconds: Double) -> Bool {
        group.wait(timeout: .now() + seconds) == .success
    }
}
