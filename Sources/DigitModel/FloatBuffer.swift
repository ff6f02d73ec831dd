/// A growable, manually managed buffer. Layers keep one per activation and gradient
/// so a training step allocates nothing after the first batch.
final class Buffer<Element: Numeric>: @unchecked Sendable {
    private(set) var pointer: UnsafeMutablePointer<Element>
    private(set) var capacity: Int

    init(count: Int = 0) {
        capacity = max(count, 1)
        pointer = .allocate(capacity: capacity)
        pointer.initialize(repeating: 0, count: capacity)
    }

    deinit { pointer.deallocate() }

    /// Makes room for `count` values; old contents are not kept when it grows.
    @discardableResult
    func ensure(_ count: Int) -> UnsafeMutablePointer<Element> {
        if count > capacity {
            pointer.deallocate()
            capacity = count
            pointer = .allocate(capacity: count)
            pointer.initialize(repeating: 0, count: count)
        }
        return pointer
    }

    func zero(_ count: Int) { pointer.update(repeating: 0, count: min(count, capacity)) }

    func array(_ count: Int) -> [Element] { Array(UnsafeBufferPointer(start: pointer, count: min(count, capacity))) }
}

typealias FloatBuffer = Buffer<Float>
