/// Eight floats in registers, loaded from and stored to a channel run that may be shorter.
/// The hand-vectorised kernels (pooling, Winograd's transforms) work in these.
typealias Lanes = SIMD8<Float>

extension SIMD8 where Scalar == Float {
    /// Eight floats from `p` (no alignment needed).
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> Self { UnsafeRawPointer(p).loadUnaligned(as: Self.self) }

    @inline(__always)
    static func load(_ p: UnsafeMutablePointer<Float>) -> Self { load(UnsafePointer(p)) }

    /// The first `count` floats from `p`, the other lanes zero.
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, _ count: Int) -> Self {
        if count == 8 { return load(p) }
        var v = Self(repeating: 0)
        for i in 0..<count { v[i] = p[i] }
        return v
    }

    @inline(__always)
    static func load(_ p: UnsafeMutablePointer<Float>, _ count: Int) -> Self { load(UnsafePointer(p), count) }

    @inline(__always)
    func store(_ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: self, as: Self.self) }

    /// The first `count` lanes into `p`.
    @inline(__always)
    func store(_ p: UnsafeMutablePointer<Float>, _ count: Int) {
        if count == 8 { store(p); return }
        for i in 0..<count { p[i] = self[i] }
    }
}

/// Values `stride` floats apart — the rows (or columns) of a tile that a 1-D transform mixes —
/// read and written eight channels at a time: element k of lanes c…c+7 is at base + k·stride + c.
struct Strided {
    let base: UnsafeMutablePointer<Float>
    let stride: Int

    init(_ base: UnsafeMutablePointer<Float>, _ stride: Int) { self.base = base; self.stride = stride }

    @inline(__always)
    subscript(k: Int, c: Int) -> Lanes {
        get { Lanes.load(base + k * stride + c) }
        nonmutating set { newValue.store(base + k * stride + c) }
    }
}
