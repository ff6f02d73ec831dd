import Dispatch
import Glibc

/// A thread of its own for work that runs for minutes (a training, a download) beside an
/// interactive loop: not a Dispatch worker, whose pool is shared with the engine's parallel
/// loops. Plain pthreads, so the command line does not link Foundation for `Thread`.
public enum DetachedThread {
    /// The stack every such thread gets (glibc's usual default, stated so it does not depend on
    /// `ulimit -s`).
    static let stackBytes = 8 << 20

    /// Starts `body` on a new detached thread; where the system refuses one (thread limit,
    /// memory), on a Dispatch worker instead, so the work still runs.
    public static func start(_ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Body(body)).toOpaque()
        var attr = pthread_attr_t()
        pthread_attr_init(&attr)
        defer { pthread_attr_destroy(&attr) }
        pthread_attr_setdetachstate(&attr, Int32(PTHREAD_CREATE_DETACHED))
        pthread_attr_setstacksize(&attr, stackBytes)
        var thread = pthread_t()
        let status = pthread_create(&thread, &attr, { raw in
            guard let raw else { return nil }
            Unmanaged<Body>.fromOpaque(raw).takeRetainedValue().run()
            return nil
        }, box)
        if status != 0 {
            Unmanaged<Body>.fromOpaque(box).release()
            DispatchQueue.global().async(execute: body)
        }
    }

    private final class Body: Sendable {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }
}
