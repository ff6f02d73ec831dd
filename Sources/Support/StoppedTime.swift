import Glibc
import Synchronization

/// The time the program spent stopped (Ctrl-Z until `fg`), so a rate or an ETA measures the
/// work and not the pause (walkthrough: after a minute stopped, training said 300 img/s and an
/// ETA of minutes for an epoch of seconds). The interactive program's SIGTSTP handler adds
/// each stop; a process stopped some other way (SIGSTOP) has no handler and counts the pause.
public enum StoppedTime {
    private static let nanoseconds = Atomic<Int64>(0)

    /// Adds one stop. Lock-free: the SIGTSTP handler calls it.
    public static func add(nanoseconds n: Int64) {
        guard n > 0 else { return }
        nanoseconds.wrappingAdd(n, ordering: .relaxed)
    }

    /// The whole time stopped so far, in seconds.
    public static var seconds: Double { Double(nanoseconds.load(ordering: .relaxed)) * 1e-9 }

    /// Monotonic nanoseconds, for the handler (clock_gettime is async-signal-safe).
    public static func monotonicNanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) &* 1_000_000_000 &+ Int64(ts.tv_nsec)
    }
}

/// Monotonic seconds less the time stopped by Ctrl-Z: for training's rates, ETAs and epoch times.
public func workingNow() -> Double { now() - StoppedTime.seconds }
