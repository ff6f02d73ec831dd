/// What running a plan costs in memory, computed from the plan alone (before any layer is
/// built): the buffers each worker's layers allocate, as sized in their forward and backward.
extension ExecutionPlan {
    /// Bytes all workers allocate for one batch of `batch` images split over `threads`
    /// (activations, their gradients, per-worker parameter gradients when training, algorithm scratch).
    func activationBytes(batch: Int, threads: Int, training: Bool) -> Int {
        let active = max(1, min(threads, batch))
        let perWorker = batch / active + (batch % active == 0 ? 0 : 1)
        return Saturating.mul(active, workerBytes(images: perWorker, training: training))
    }

    /// Bytes one worker allocates to run `n` images. Training keeps every layer's output (and
    /// the gradients) for backward; inference shares two output buffers among all layers
    /// (`ActivationBuffers`), so only the largest layer output counts, twice.
    func workerBytes(images n: Int, training: Bool) -> Int {
        var floats = Saturating.mul(n, Network.inputShape.count)
        var largestOutput = 0, largestCodes = 0
        for step in steps {
            let x = step.input.count, y = step.output.count
            // Per image: the output, pooling winners, and what only training keeps (input
            // gradient, batch-norm's x̂, dropout's mask).
            var out = y, codes = 0, trainingOnly = x
            // Each worker's parameter gradients, allocated by the first backward pass.
            var fixed = training ? step.parameters.filter(\.trainable).reduce(0) { Saturating.add($0, $1.count) } : 0
            switch step.operation {
            case let .conv(g, kind):
                codes = kind.pooled ? y : 0
                fixed = Saturating.add(fixed, ExecutionPlan.convScratch(g, kind, images: n, training: training))
            case .maxPool: codes = y
            case let .dropout(rate):
                (out, trainingOnly) = (0, rate > 0 ? 2 * x : 0)   // inference returns its input
            case .flatten: (out, trainingOnly) = (0, 0)
            case .relu: trainingOnly = 0
            case .dense, .batchNorm: break
            }
            if training {
                floats = Saturating.add(floats, Saturating.mul(n, Saturating.sum(out, codes, trainingOnly)))
            } else {
                largestOutput = max(largestOutput, out)
                largestCodes = max(largestCodes, codes)
            }
            floats = Saturating.add(floats, fixed)
        }
        let shared = training ? Network.classes : Saturating.sum(largestOutput, largestOutput, largestCodes)
        return Saturating.mul(4, Saturating.add(floats, Saturating.mul(n, shared)))
    }

    /// Floats of a convolution's own scratch: the im2col patch matrix of one chunk, or
    /// Winograd's transformed weights and one chunk's tiles. (Inference shares one set among a
    /// worker's convolutions, see `ActivationBuffers`; the sum over layers is an upper bound.)
    static func convScratch(_ g: ConvGeometry, _ kind: ConvAlgorithmKind, images n: Int, training: Bool) -> Int {
        switch kind {
        case .im2col, .direct:
            let perImage = Saturating.mul(g.oh * g.ow, g.patch)
            let chunk = max(1, Im2colConvolution.budget / max(1, perImage))
            let patches = Saturating.mul(min(chunk, n), perImage)
            guard case let .direct(pooled) = kind else { return patches }
            // The direct kernel needs none, pooled without AVX-512 one image's full output. In
            // training this reserves im2col's scratch and, pooled, the batch's full-size gradient,
            // which only a layer that needs an input gradient (not a first layer) uses: a bound, not a need.
            let full = pooled ? Saturating.mul(training ? n : 1, g.outCount) : 0
            return training ? Saturating.add(patches, full) : full
        case .winograd:
            let tiles = Winograd.tiles(g), cf = Saturating.mul(g.c, g.f)
            let perImage = tiles.y * tiles.x
            let chunk = min(n, max(1, WinogradConvolution.tilesPerChunk / max(1, perImage)))
            // 36 panels of V and of M, each padded (`Winograd.positionStride`).
            let tileFloats = Saturating.mul(36, Saturating.add(Saturating.mul(Saturating.mul(chunk, perImage), g.c + g.f), 32))
            let weights = Saturating.mul(training ? 72 : 36, cf)
            let transform = max(Saturating.mul(18, cf), 36 * g.c, 40 * g.f)
            guard !training && Winograd6.runs(g) else { return Saturating.sum(tileFloats, weights, transform) }
            // Inference runs F(6×6) there: the larger of each part (as `WinogradConvolution.scratchFloats`).
            let sixTiles = Saturating.mul(min(n, Winograd6.chunk(g)), Winograd6.tiles(g).y * Winograd6.tiles(g).x)
            let sixTileFloats = Saturating.mul(64, Saturating.add(Saturating.mul(sixTiles, g.c + g.f), 32))
            return Saturating.sum(max(tileFloats, sixTileFloats), max(weights, Saturating.mul(64, cf)),
                                  max(transform, Saturating.mul(24, cf)))
        }
    }
}
