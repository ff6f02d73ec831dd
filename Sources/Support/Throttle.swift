import Synchronization

/// Lets an event through at most once per `interval` seconds, from any thread: progress
/// events arrive hundreds of times a second, and a screen or a status line needs a few.
public final class Throttle: Sendable {
    private let interval: Double
    private let last = Mutex<Double>(-Double.infinity)

    public init(interval: Double) { self.interval = interval }

    /// True when the caller should draw now.
    public func ready(force: Bool = false) -> Bool {
        let t = now()
        return last.withLock { last in
            guard force || t - last >= interval else { return false }
            last = t
            return true
        }
    }
}

/// A value shared between threads behind the one lock type the project uses
/// (the standard library's `Mutex`).
public final class Shared<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    public init(_ value: Value) { mutex = Mutex(value) }
    public var value: Value {
        get { mutex.withLock { $0 } }
    }
    public func set(_ v: Value) { mutex.withLock { $0 = v } }
    public func update<R: Sendable>(_ body: (inout Value) -> R) -> R { mutex.withLock { body(&$0) } }
}
