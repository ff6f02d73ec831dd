import CCrypto

/// SHA-256 (FIPS 180-4), incremental, so a 47 MB file is hashed while it is read. On the
/// CPU's SHA extensions where it has them (SHA-NI: ~1 ms for the shipped model instead of
/// 7 ms), else through OpenSSL's libcrypto when it loads, else in portable Swift.
public struct SHA256: Sendable {
    /// Who compresses the blocks.
    public enum Engine: Sendable, CaseIterable {
        /// The Swift code below: every machine.
        case portable
        /// `digitrec_sha256_blocks` (CCrypto/shim.h) on SHA-NI, with the Swift buffering.
        case shaExtensions
        /// libcrypto's SHA256_Init/Update/Final, loaded with dlopen on first use.
        case libcrypto
    }

    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)
    private var pending: [UInt8] = []
    private var length: UInt64 = 0
    private var native: NativeSHA256?
    private var hardware = false

    private static let hasSHAExtensions = digitrec_sha256_hardware() != 0

    /// The engines this machine can run, the fastest first (`SHA256()` uses the first).
    public static var engines: [Engine] {
        // libcrypto is only loaded when asked about: with SHA-NI it is never needed.
        (hasSHAExtensions ? [.shaExtensions] : []) + (NativeSHA256.api != nil ? [.libcrypto] : []) + [.portable]
    }

    /// Whether `SHA256()` hashes with the CPU's SHA instructions or libcrypto in this process.
    public static var accelerated: Bool { engines.first != .portable }

    public init() { self.init(portable: false) }

    /// `portable: true` always uses the Swift code (the tests hold the paths to each other).
    public init(portable: Bool) {
        self.init(engine: portable ? .portable : SHA256.hasSHAExtensions ? .shaExtensions : NativeSHA256.api != nil ? .libcrypto : .portable)
    }

    /// A hasher on `engine`, which must be one of `engines`.
    public init(engine: Engine) {
        switch engine {
        case .libcrypto:
            if let api = NativeSHA256.api { native = NativeSHA256(api); return }
        case .shaExtensions:
            hardware = SHA256.hasSHAExtensions
        case .portable: break
        }
        pending.reserveCapacity(64)
    }

    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        // Contiguous bytes (arrays, slices, Data) go straight to the pointer path; the generic
        // element-by-element path is only for other collections.
        if bytes.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) != nil { return }
        Array(bytes).withUnsafeBytes { update($0) }
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        if let native = uniqueNative() { native.update(bytes); return }
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        length &+= UInt64(bytes.count)
        var offset = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, bytes.count)
            pending.append(contentsOf: UnsafeBufferPointer(start: base, count: take))
            offset = take
            if pending.count == 64 {
                pending.withUnsafeBufferPointer { compress($0.baseAddress!) }
                pending.removeAll(keepingCapacity: true)
            }
        }
        let blocks = (bytes.count - offset) / 64
        if hardware {
            withUnsafeMutablePointer(to: &state) {
                $0.withMemoryRebound(to: UInt32.self, capacity: 8) { digitrec_sha256_blocks($0, base + offset, blocks) }
            }
            offset += 64 * blocks
        }
        while bytes.count - offset >= 64 {
            compress(base + offset)
            offset += 64
        }
        pending.append(contentsOf: UnsafeBufferPointer(start: base + offset, count: bytes.count - offset))
    }

    public mutating func finalize() -> [UInt8] {
        if let native = uniqueNative() { return native.finalize() }
        let bitLength = length &* 8
        var tail = pending
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for i in (0..<8).reversed() { tail.append(UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8))) }
        tail.withUnsafeBufferPointer { p in
            var off = 0
            while off < tail.count { compress(p.baseAddress! + off); off += 64 }
        }
        pending.removeAll()
        let words = [state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7]
        return words.flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> (24 - 8 * UInt32($0))) } }
    }

    /// The libcrypto context, copied first if another copy of this hasher shares it: a copy
    /// continues on its own (value semantics), as the Swift state does.
    private mutating func uniqueNative() -> NativeSHA256? {
        if native != nil, !isKnownUniquelyReferenced(&native) { native = native?.copy() }
        return native
    }

    public mutating func finalizeHex() -> String {
        finalize().map { b in
            let s = String(b, radix: 16)
            return b < 16 ? "0" + s : s
        }.joined()
    }

    public static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var h = SHA256()
        h.update(bytes)
        return h.finalizeHex()
    }

    /// FIPS 180-4's round constants, from the C shim's table (the SHA-NI kernel's too).
    private static let k: [UInt32] = withUnsafeBytes(of: digitrec_sha256_k) { Array($0.bindMemory(to: UInt32.self)) }

    private mutating func compress(_ p: UnsafePointer<UInt8>) {
        if hardware {
            withUnsafeMutablePointer(to: &state) {
                $0.withMemoryRebound(to: UInt32.self, capacity: 8) { digitrec_sha256_blocks($0, p, 1) }
            }
            return
        }
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in compress(p, w) }
    }

    private mutating func compress(_ p: UnsafePointer<UInt8>, _ w: UnsafeMutableBufferPointer<UInt32>) {
        for i in 0..<16 {
            w[i] = UInt32(p[4 * i]) << 24 | UInt32(p[4 * i + 1]) << 16 | UInt32(p[4 * i + 2]) << 8 | UInt32(p[4 * i + 3])
        }
        for i in 16..<64 {
            let s0 = SHA256.rotr(w[i - 15], 7) ^ SHA256.rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
            let s1 = SHA256.rotr(w[i - 2], 17) ^ SHA256.rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
            w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
        }
        var (a, b, c, d, e, f, g, h) = state
        // Eight rounds per iteration with the roles of the working variables rotated in the
        // calls instead of shuffled through assignments: twice the speed of the textbook loop.
        SHA256.k.withUnsafeBufferPointer { k in
            var i = 0
            while i < 64 {
                SHA256.round(a, b, c, &d, e, f, g, &h, k[i] &+ w[i])
                SHA256.round(h, a, b, &c, d, e, f, &g, k[i + 1] &+ w[i + 1])
                SHA256.round(g, h, a, &b, c, d, e, &f, k[i + 2] &+ w[i + 2])
                SHA256.round(f, g, h, &a, b, c, d, &e, k[i + 3] &+ w[i + 3])
                SHA256.round(e, f, g, &h, a, b, c, &d, k[i + 4] &+ w[i + 4])
                SHA256.round(d, e, f, &g, h, a, b, &c, k[i + 5] &+ w[i + 5])
                SHA256.round(c, d, e, &f, g, h, a, &b, k[i + 6] &+ w[i + 6])
                SHA256.round(b, c, d, &e, f, g, h, &a, k[i + 7] &+ w[i + 7])
                i += 8
            }
        }
        state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d,
                 state.4 &+ e, state.5 &+ f, state.6 &+ g, state.7 &+ h)
    }

    /// One round: d += T1 and h = T1 + T2 (the caller rotates which variable plays which role).
    @inline(__always)
    private static func round(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
                              _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32) {
        let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ kw
        d = d &+ t1
        h = t1 &+ (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
    }

    @inline(__always) private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
}

/// One libcrypto SHA256_CTX.
final class NativeSHA256: @unchecked Sendable {
    static let api: digitrec_sha256_api? = {
        var api = digitrec_sha256_api()
        return digitrec_sha256_load(&api) == 0 ? api : nil
    }()

    let api: digitrec_sha256_api
    private let ctx = UnsafeMutablePointer<digitrec_sha256_ctx>.allocate(capacity: 1)

    init(_ api: digitrec_sha256_api) {
        self.api = api
        ctx.initialize(to: digitrec_sha256_ctx())
        _ = api.start(ctx)
    }

    deinit { ctx.deallocate() }

    func copy() -> NativeSHA256 {
        let other = NativeSHA256(api)
        other.ctx.pointee = ctx.pointee
        return other
    }

    func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        _ = api.update(ctx, base, bytes.count)
    }

    func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        _ = digest.withUnsafeMutableBufferPointer { api.finish($0.baseAddress, ctx) }
        return digest
    }
}
