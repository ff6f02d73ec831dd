/// A growable, manually managed buffer. Layers keep one per activation and gradient
/// so a training step allocates nothing after the first batch.
final class Buffer<Element: Numeric>: @unchecked Sendable {
    private(set) var pointer: UnsafeMutablePointer<Element>
    private(set) var capacity: Int

    init(count: Int = 0) {
        capacity = max(count, 1)
        pointer = Self.allocate(capacity)
        pointer.initialize(repeating: 0, count: capacity)
    }

    deinit { pointer.deallocate() }

    /// Room for `count` values on a 64-byte (cache line, ZMM vector) boundary: malloc's large
    /// blocks start 16 bytes into a page, so every whole-vector row of a kernel straddled two
    /// lines, and the bf16 GEMMs' streaming stores (CKernels/sgemm_bf16.c) need whole lines.
    private static func allocate(_ count: Int) -> UnsafeMutablePointer<Element> {
        UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Element>.stride, alignment: 64)
            .bindMemory(to: Element.self, capacity: count)
    }

    /// Makes room for `count` values; old contents are not kept when it grows.
    @discardableResult
    func ensure(_ count: Int) -> UnsafeMutablePointer<Element> {
        if count > capacity {
            pointer.deallocate()
            capacity = count
            pointer = Self.allocate(count)
            pointer.initialize(repeating: 0, count: count)
        }
        return pointer
    }

    func zero(_ count: Int) { pointer.update(repeating: 0, count: min(count, capacity)) }

    func array(_ count: Int) -> [Element] { Array(UnsafeBufferPointer(start: pointer, count: min(count, capacity))) }
}

typealias FloatBuffer = Buffer<Float>
