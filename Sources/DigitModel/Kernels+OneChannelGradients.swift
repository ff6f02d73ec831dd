import CKernels

/// The weight and bias gradients of a one-channel convolution (a network's first layer, which
/// needs no input gradient) computed directly. Through im2col + SGEMM (the reference,
/// `Im2colConvolution.backward`) the filter gradient is colᵀ·dY with only K·K = 9 rows: writing
/// the patch matrix, OpenBLAS's packing and its 16-row kernel on 9 rows cost ~7 % of a `cnn`
/// epoch (perf) for 2 % of its multiply-adds.
///
///     dW[tap][f] = Σ_pixels x[pixel + tap] · g[pixel][f],   g = dY masked by the ReLU
///     dBias[f]   = Σ_pixels g[pixel][f]
///
/// Per image: one pass masks dY in place and sums the bias gradient (in the reference's order,
/// so dBias is bit for bit the reference's); then, for blocks of three taps × 32 filters, twelve
/// accumulators in registers over the image's output pixels (three broadcasts and four loads per
/// twelve multiply-adds), each block's sums carried from image to image through dW.
/// DirectConvTests hold the result equal to the reference to float rounding. F is a multiple of
/// 8 (the 8-lane loops; `ConvAlgorithmKind.choose` takes the direct kernel only then). Where the
/// CPU has AVX-512 (`CPU.ownConvAVX512`), a C kernel sums the mask, the bias and up to nine taps
/// in one pass, 32 filters at a time: the same sums bit for bit (3.7 % of a bf16 `cnn` epoch
/// before, perf).
extension Kernels {
    static func oneChannelGradients(_ dy: UnsafeMutablePointer<Float>,    // dY (N,OH,OW,F), masked in place
                                    y: UnsafePointer<Float>,              // output (N,OH,OW,F), after the ReLU
                                    relu: Bool,
                                    _ x: UnsafePointer<Float>,            // input (N,H,W,1)
                                    _ geometry: ConvGeometry,
                                    dWeight: UnsafeMutablePointer<Float>, // dW (K,K,1,F), overwritten
                                    dBias: UnsafeMutablePointer<Float>,   // dBias (F), overwritten
                                    padded: UnsafeMutablePointer<Float>,  // (H+2·pad)·(W+2·pad) floats when pad > 0
                                    accumulate: Bool = false,             // add to dW and dBias instead
                                    kernel: Bool = CPU.ownConvAVX512) {   // the AVX-512 C kernel (tests: false)
        let (n, h, w, k, pad) = (geometry.n, geometry.h, geometry.w, geometry.k, geometry.pad)
        let (oh, ow, f) = (geometry.oh, geometry.ow, geometry.f)
        let hp = h + 2 * pad, wp = w + 2 * pad, pixels = oh * ow
        precondition(f % 8 == 0, "oneChannelGradients: F = \(f) is not a multiple of 8")
        if !accumulate {
            dWeight.update(repeating: 0, count: k * k * f)
            dBias.update(repeating: 0, count: f)
        }
        if pad > 0 { padded.update(repeating: 0, count: hp * wp) }
        let zero = Lanes(repeating: 0)
        for img in 0..<n {
            let d = dy + img * pixels * f, out = y + img * pixels * f
            if kernel {
                // The same sums in one pass over the image, up to nine taps at once
                // (CKernels/conv_one_channel_gradients_avx512.c).
                var xi = x + img * h * w
                if pad > 0 {
                    for r in 0..<h { (padded + (r + pad) * wp + pad).update(from: xi + r * w, count: w) }
                    xi = UnsafePointer(padded)
                }
                digitrec_conv_one_channel_gradients_avx512(d, out, relu ? 1 : 0, xi, Int32(wp), Int32(k), Int32(oh), Int32(ow),
                                                           Int32(f), dWeight, dBias)
                continue
            }
            // The ReLU mask in place and the bias gradient, pixel by pixel as `columnSums` adds rows.
            for px in 0..<pixels {
                var c = 0
                while c < f {
                    var g = Lanes.load(d + px * f + c)
                    if relu {
                        g.replace(with: zero, where: Lanes.load(out + px * f + c) .<= zero)
                        g.store(d + px * f + c)
                    }
                    (Lanes.load(dBias + c) + g).store(dBias + c)
                    c += 8
                }
            }
            // The image with its zero border, so every tap reads inside it.
            var xi = x + img * h * w
            if pad > 0 {
                for r in 0..<h { (padded + (r + pad) * wp + pad).update(from: xi + r * w, count: w) }
                xi = UnsafePointer(padded)
            }
            var t0 = 0
            while t0 < k * k {
                let taps = min(3, k * k - t0)
                var g0 = 0
                if taps == 3 {
                    while g0 + 32 <= f {
                        tapsBlock(d + g0, f: f, xi, wp: wp, oh: oh, ow: ow, offsets: (offset(t0, k, wp), offset(t0 + 1, k, wp), offset(t0 + 2, k, wp)),
                                  dWeight + t0 * f + g0)
                        g0 += 32
                    }
                }
                // What the 3×32 blocks leave (all filters of a last block of one or two taps):
                // one tap and eight filters at a time.
                for t in t0..<(t0 + taps) {
                    var g = g0
                    while g < f {
                        singleTap(d + g, f: f, xi + offset(t, k, wp), wp: wp, oh: oh, ow: ow, dWeight + t * f + g)
                        g += 8
                    }
                }
                t0 += taps
            }
        }
    }

    /// Where tap t (row-major over the K×K kernel) reads, relative to the output pixel's corner.
    @inline(__always)
    private static func offset(_ t: Int, _ k: Int, _ wp: Int) -> Int { (t / k) * wp + t % k }

    /// Three taps × 32 filters: twelve sums over one image's output pixels, added into `dw`
    /// (rows F apart, one per tap).
    @inline(__always)
    private static func tapsBlock(_ g: UnsafePointer<Float>, f: Int, _ x: UnsafePointer<Float>, wp: Int, oh: Int, ow: Int,
                                  offsets o: (Int, Int, Int), _ dw: UnsafeMutablePointer<Float>) {
        var a00 = Lanes.load(dw), a01 = Lanes.load(dw + 8), a02 = Lanes.load(dw + 16), a03 = Lanes.load(dw + 24)
        var a10 = Lanes.load(dw + f), a11 = Lanes.load(dw + f + 8), a12 = Lanes.load(dw + f + 16), a13 = Lanes.load(dw + f + 24)
        var a20 = Lanes.load(dw + 2 * f), a21 = Lanes.load(dw + 2 * f + 8)
        var a22 = Lanes.load(dw + 2 * f + 16), a23 = Lanes.load(dw + 2 * f + 24)
        for oy in 0..<oh {
            let row = x + oy * wp, gr = g + oy * ow * f
            for ox in 0..<ow {
                let gp = gr + ox * f
                let g0 = Lanes.load(gp), g1 = Lanes.load(gp + 8), g2 = Lanes.load(gp + 16), g3 = Lanes.load(gp + 24)
                let v0 = Lanes(repeating: row[ox + o.0]), v1 = Lanes(repeating: row[ox + o.1]), v2 = Lanes(repeating: row[ox + o.2])
                a00 += v0 * g0; a01 += v0 * g1; a02 += v0 * g2; a03 += v0 * g3
                a10 += v1 * g0; a11 += v1 * g1; a12 += v1 * g2; a13 += v1 * g3
                a20 += v2 * g0; a21 += v2 * g1; a22 += v2 * g2; a23 += v2 * g3
            }
        }
        a00.store(dw); a01.store(dw + 8); a02.store(dw + 16); a03.store(dw + 24)
        a10.store(dw + f); a11.store(dw + f + 8); a12.store(dw + f + 16); a13.store(dw + f + 24)
        a20.store(dw + 2 * f); a21.store(dw + 2 * f + 8); a22.store(dw + 2 * f + 16); a23.store(dw + 2 * f + 24)
    }

    /// One tap × eight filters over one image's output pixels, added into `dw`.
    @inline(__always)
    private static func singleTap(_ g: UnsafePointer<Float>, f: Int, _ x: UnsafePointer<Float>, wp: Int, oh: Int, ow: Int,
                                  _ dw: UnsafeMutablePointer<Float>) {
        var a = Lanes.load(dw)
        for oy in 0..<oh {
            let row = x + oy * wp, gr = g + oy * ow * f
            for ox in 0..<ow { a += Lanes(repeating: row[ox]) * Lanes.load(gr + ox * f) }
        }
        a.store(dw)
    }
}
