import CKernels

/// A first layer's convolution with its ReLU and 2×2 max pooling fused in (`DirectConvolution`
/// when pooled: the `sprint`, `fast` and `small` presets). Unfused, the convolution wrote its
/// whole output (26×26×32 floats an image for `sprint`, 11 MB a batch), the pooling read it back,
/// and backward wrote, masked and read back its whole gradient: 32 % of `DigitBench train sprint
/// 1`'s perf samples for 17 % of the epoch's multiply-adds (fused: 15 % of fewer samples). Fused,
/// only the pooled output and the winners are written, and the weight and bias gradients are
/// summed from the pooled gradient directly.
///
/// Both give what the convolution followed by `MaxPool2D` gives, bit for bit (DirectPooledConvTests):
/// the AVX-512 kernels by doing the same operations in the same order, the fallbacks (CPUs
/// without AVX-512) by running the unfused kernels one image at a time, so that the full-size
/// output and gradient stay in cache.
extension Kernels {
    static func convolveOneChannelPooled(_ x: UnsafePointer<Float>,              // input (N,H,W,1)
                                         _ geometry: ConvGeometry,
                                         _ weight: UnsafePointer<Float>,         // weight (K,K,1,F)
                                         bias: UnsafePointer<Float>,             // bias (F)
                                         relu: Bool,
                                         _ y: UnsafeMutablePointer<Float>,       // output (N,OH/2,OW/2,F)
                                         code: UnsafeMutablePointer<Float>,      // winners (N,OH/2,OW/2,F)
                                         scratch: UnsafeMutablePointer<Float>,   // one image's OH·OW·F, when not `wide`
                                         wide: Bool = CPU.ownConvAVX512) {
        let g = geometry, pooled = (g.oh / 2) * (g.ow / 2) * g.f
        if wide {
            digitrec_conv_one_channel_pooled_avx512(x, Int32(g.n), Int32(g.h), Int32(g.w), Int32(g.k), Int32(g.pad), Int32(g.oh),
                                                    Int32(g.ow), weight, Int32(g.f), bias, relu ? 1 : 0, y, code)
            return
        }
        for img in 0..<g.n {
            convolveOneChannelLanes(x + img * g.inCount, g.batch(1), weight, bias: bias, relu: relu, scratch)
            MaxPool2D.pool2x2(scratch, h: g.oh, w: g.ow, c: g.f, y + img * pooled, code + img * pooled, n: 1)
        }
    }

    /// dW (overwritten) and dBias (overwritten) of the fused layer from the pooled output's
    /// gradient, the pooled output and the winners of the last forward pass.
    static func oneChannelPooledGradients(_ dy: UnsafePointer<Float>,                // dY (N,OH/2,OW/2,F)
                                          y: UnsafePointer<Float>,                   // output (N,OH/2,OW/2,F), after the ReLU
                                          code: UnsafePointer<Float>,                // winners (N,OH/2,OW/2,F)
                                          relu: Bool,
                                          _ x: UnsafePointer<Float>,                 // input (N,H,W,1)
                                          _ geometry: ConvGeometry,
                                          dWeight: UnsafeMutablePointer<Float>,      // dW (K,K,1,F)
                                          dBias: UnsafeMutablePointer<Float>,        // dBias (F)
                                          padded: UnsafeMutablePointer<Float>,       // (H+2·pad)·(W+2·pad) when pad > 0
                                          scratch: UnsafeMutablePointer<Float>,      // OH·OW·F, when not `wide`
                                          wide: Bool = CPU.ownConvAVX512) {
        let g = geometry, (ph, pw) = (g.oh / 2, g.ow / 2), pooled = ph * pw * g.f
        guard wide else {
            for img in 0..<g.n {
                let at = img * pooled
                unpoolGradient(dy + at, y: y + at, code: code + at, relu: relu, g.batch(1), scratch)
                oneChannelGradients(scratch, y: scratch, relu: false, x + img * g.inCount, g.batch(1), dWeight: dWeight,
                                    dBias: dBias, padded: padded, accumulate: img > 0)
            }
            return
        }
        precondition(g.f % 8 == 0, "oneChannelPooledGradients: F = \(g.f) is not a multiple of 8")
        let wp = g.w + 2 * g.pad
        dWeight.update(repeating: 0, count: g.k * g.k * g.f)
        dBias.update(repeating: 0, count: g.f)
        if g.pad > 0 { padded.update(repeating: 0, count: (g.h + 2 * g.pad) * wp) }
        for img in 0..<g.n {
            // The image with its zero border, so every tap reads inside it.
            var xi = x + img * g.inCount
            if g.pad > 0 {
                for r in 0..<g.h { (padded + (r + g.pad) * wp + g.pad).update(from: xi + r * g.w, count: g.w) }
                xi = UnsafePointer(padded)
            }
            let at = img * pooled
            digitrec_conv_one_channel_pooled_gradients_avx512(xi, Int32(wp), Int32(g.k), Int32(ph), Int32(pw), Int32(g.f),
                                                              dy + at, y + at, code + at, relu ? 1 : 0, dWeight, dBias)
        }
    }

    /// The convolution's output gradient (N,OH,OW,F) from the pooled one: what pooling's backward
    /// and then the ReLU mask make of it — dY at the pixel that won its window when the window's
    /// output is positive, 0 everywhere else (rows and columns outside every window too).
    static func unpoolGradient(_ dy: UnsafePointer<Float>,              // dY (N,OH/2,OW/2,F)
                               y: UnsafePointer<Float>,                 // output (N,OH/2,OW/2,F)
                               code: UnsafePointer<Float>,              // winners (N,OH/2,OW/2,F)
                               relu: Bool,
                               _ geometry: ConvGeometry,
                               _ full: UnsafeMutablePointer<Float>) {   // (N,OH,OW,F), overwritten
        let g = geometry, (ph, pw, f) = (g.oh / 2, g.ow / 2, g.f)
        let zero = Lanes(repeating: 0)
        if g.oh % 2 != 0 || g.ow % 2 != 0 { full.update(repeating: 0, count: g.n * g.outCount) }
        for img in 0..<g.n {
            for py in 0..<ph {
                for px in 0..<pw {
                    let at = ((img * ph + py) * pw + px) * f, corner = full + ((img * g.oh + 2 * py) * g.ow + 2 * px) * f
                    var c = 0
                    while c < f {
                        // As MaxPool2D.backward2x2, then the ReLU's mask at the winner (whose output is y).
                        var d = Lanes.load(dy + at + c)
                        if relu { d.replace(with: zero, where: Lanes.load(y + at + c) .<= zero) }
                        let won = Lanes.load(code + at + c)
                        zero.replacing(with: d, where: won .== 0).store(corner + c)
                        zero.replacing(with: d, where: won .== 1).store(corner + f + c)
                        zero.replacing(with: d, where: won .== 2).store(corner + g.ow * f + c)
                        zero.replacing(with: d, where: won .== 3).store(corner + g.ow * f + f + c)
                        c += 8
                    }
                }
            }
        }
    }
}
