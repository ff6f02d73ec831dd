import Glibc

/// Runs two independent pieces of work at once, `first` on this thread and `second` on a new
/// thread, and returns both results: for start-up, where a one-image `digitrec predict` spends
/// most of its time in chains that do not wait for each other (the model file's checksum beside
/// building its network; the image read and segmented beside the model loading).
///
/// A plain pthread rather than Dispatch: a fresh process's Dispatch pool took ~1.5 ms to start
/// its first worker, and a `concurrentPerform` inside another one ran its iterations one after
/// the other on the calling thread. Where no thread can be had, `second` runs after `first`.
public func concurrently<A, B>(_ first: () -> A, _ second: () -> B) -> (A, B) {
    withoutActuallyEscaping(second) { second in
        let task = Task(second)
        let box = Unmanaged.passRetained(ThreadBody { task.run() }).toOpaque()
        var attr = pthread_attr_t()
        pthread_attr_init(&attr)
        defer { pthread_attr_destroy(&attr) }
        pthread_attr_setstacksize(&attr, DetachedThread.stackBytes)
        var thread = pthread_t()
        let started = pthread_create(&thread, &attr, { raw in
            guard let raw else { return nil }
            Unmanaged<ThreadBody>.fromOpaque(raw).takeRetainedValue().run()
            return nil
        }, box) == 0
        let a = first()
        if started {
            pthread_join(thread, nil)
        } else {
            Unmanaged<ThreadBody>.fromOpaque(box).release()
            task.run()
        }
        guard let b = task.result else { preconditionFailure("the second piece of work did not run") }
        return (a, b)
    }
}

/// The second piece of work and its result: written by the thread, read after the join.
private final class Task<B>: @unchecked Sendable {
    let body: () -> B
    var result: B?
    init(_ body: @escaping () -> B) { self.body = body }
    func run() { result = body() }
}

/// What the new thread runs (not generic: a C thread function cannot be).
private final class ThreadBody: @unchecked Sendable {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}
