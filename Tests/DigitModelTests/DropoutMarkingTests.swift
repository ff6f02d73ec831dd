import Testing
@testable import DigitModel

/// The dropout after a pooled layer marks what it drops in the winners' codes instead of writing
/// a mask (`Dropout.applyMarkingWinners`): the same numbers drawn and the same output as `apply`,
/// the AVX-512 kernel as the Swift loop, bit for bit. (That the pooled gradient reads the marks
/// as the mask: FirstLayersInChunksTests, `cnn` against the layers one by one.)
@Suite struct DropoutMarkingTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let count: Int, rate: Float
        var testDescription: String { "\(count) values, rate \(rate)" }
    }

    /// Counts below one draw, not a multiple of 4, below and across the kernel's 32 values, and a
    /// `cnn` chunk's (2 images of 12×12×64); `cnn`'s rate and others.
    static let cases: [Case] = [Case(count: 1, rate: 0.25), Case(count: 3, rate: 0.5), Case(count: 4, rate: 0.25),
                                Case(count: 17, rate: 0.25), Case(count: 31, rate: 0.1), Case(count: 32, rate: 0.5),
                                Case(count: 45, rate: 0.25), Case(count: 18_432, rate: 0.25), Case(count: 1000, rate: 0.9)]

    /// Inputs as a pooled ReLU layer's (≥ 0, some exactly 0) with some negative ones too, and
    /// codes 0…3 or −1.
    static func inputs(_ count: Int) -> (x: [Float], code: [Float]) {
        var rng = SplitMix64(seed: UInt64(count))
        let x = (0..<count).map { i -> Float in i % 9 == 0 ? 0 : rng.uniform(-0.5, 2) }
        let code = (0..<count).map { _ in Float(Int(rng.next() % 5) - 1) }
        return (x, code)
    }

    /// Runs `applyMarkingWinners` (the kernel or the Swift loop) and returns y, the codes and
    /// the generator's next number after it.
    static func marked(_ t: Case, kernel: Bool) -> (y: [UInt32], code: [Float], next: UInt64) {
        let (x, code0) = inputs(t.count)
        var code = code0
        let dropout = Dropout(input: Shape(1, 1, t.count), rate: t.rate)
        dropout.markInKernel = kernel
        #expect(dropout.begin(n: 1, training: true, mask: false))
        var rng = SplitMix64(seed: 77, 1, t.count)
        let y = x.withUnsafeBufferPointer { xb in
            code.withUnsafeMutableBufferPointer { cb in
                let p = dropout.applyMarkingWinners(xb.baseAddress!, count: t.count, at: 0, code: cb.baseAddress!, rng: &rng)
                return (0..<t.count).map { p[$0].bitPattern }
            }
        }
        return (y, code, rng.next())
    }

    /// The same output as `apply` with its mask, the codes of the dropped winners (mask 0, code
    /// 0…3) moved up by 4 and every other code as it was, and the generator left where `apply`
    /// leaves it.
    @Test(arguments: cases)
    func marksWhatTheMaskDrops(_ t: Case) {
        let (x, code0) = Self.inputs(t.count)
        let dropout = Dropout(input: Shape(1, 1, t.count), rate: t.rate)
        #expect(dropout.begin(n: 1, training: true))
        var rng = SplitMix64(seed: 77, 1, t.count)
        let y = x.withUnsafeBufferPointer { xb in
            let p = dropout.apply(xb.baseAddress!, count: t.count, at: 0, rng: &rng)
            return (0..<t.count).map { p[$0].bitPattern }
        }
        // The mask, from its backward pass over ones.
        var ones = [Float](repeating: 1, count: t.count)
        ones.withUnsafeMutableBufferPointer { _ = dropout.backward($0.baseAddress!, n: 1, needInputGrad: true) }
        let swift = Self.marked(t, kernel: false)
        #expect(swift.y == y, "output")
        #expect(swift.next == rng.next(), "numbers drawn")
        let expected = zip(code0, ones).map { code, m in m == 0 && code >= 0 ? code + 4 : code }
        #expect(swift.code == expected, "codes")
        #expect(ones.contains(0) && ones.contains(dropout.keepScale) || t.count < 32, "both kinds of values")
    }

    /// The AVX-512 kernel: the Swift loop's bits.
    @Test(arguments: cases)
    func kernelGivesTheLoopsBits(_ t: Case) {
        guard CPU.avx512 else { return }
        let kernel = Self.marked(t, kernel: true), swift = Self.marked(t, kernel: false)
        #expect(kernel.y == swift.y, "output")
        #expect(kernel.code == swift.code, "codes")
        #expect(kernel.next == swift.next, "numbers drawn")
    }
}
