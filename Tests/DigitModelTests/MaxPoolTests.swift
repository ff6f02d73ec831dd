import Testing
@testable import DigitModel

/// 2×2 max pooling over whole groups of eight channels has its own kernel; it must agree with
/// the plain definition, ties to the first position in scan order, gradients to the winner only.
@Suite struct MaxPoolTests {
    @Test(arguments: [Shape(6, 6, 16), Shape(5, 7, 8), Shape(4, 4, 12)])
    func poolingMatchesTheDefinition(_ shape: Shape) throws {
        let n = 3, pool = MaxPool2D(input: shape, size: 2)
        var rng = SplitMix64(seed: 9)
        // Coarse values so that ties happen.
        let x = FloatBuffer(count: n * shape.count)
        for i in 0..<(n * shape.count) { x.pointer[i] = Float(rng.next() % 5) }
        var context = PassContext(training: true, rng: SplitMix64(seed: 1))
        let y = pool.forward(x.pointer, n: n, context: &context)
        let out = pool.outShape
        let dy = FloatBuffer(count: n * out.count)
        for i in 0..<(n * out.count) { dy.pointer[i] = Float(i + 1) }
        let dx = try #require(pool.backward(dy.pointer, n: n, needInputGrad: true))
        var expectedDx = [Float](repeating: 0, count: n * shape.count)
        for img in 0..<n {
            for oy in 0..<out.h {
                for ox in 0..<out.w {
                    for c in 0..<shape.c {
                        var best = -Float.infinity, at = 0
                        for ry in 0..<2 {
                            for rx in 0..<2 {
                                let i = ((img * shape.h + 2 * oy + ry) * shape.w + 2 * ox + rx) * shape.c + c
                                if x.pointer[i] > best { best = x.pointer[i]; at = i }
                            }
                        }
                        let o = ((img * out.h + oy) * out.w + ox) * shape.c + c
                        #expect(y[o] == best)
                        expectedDx[at] = dy.pointer[o]
                    }
                }
            }
        }
        #expect((0..<(n * shape.count)).map { dx[$0] } == expectedDx)
    }
}
