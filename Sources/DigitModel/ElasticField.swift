/// A smooth random displacement field over the 28×28 image (elastic distortion, after
/// Simard et al. 2003): random offsets at a coarse 5×5 grid of control points, interpolated
/// bilinearly in between, so neighbouring pixels move together and strokes bend instead of
/// breaking. 50 draws per image, no per-pixel noise and no blur pass.
struct ElasticField {
    static let grid = 5
    /// Pixels between control points: the grid spans the image, 0…27.
    static let spacing: Float = 27 / Float(grid - 1)
    // dx, dy: (grid, grid) offsets in pixels
    private var dx = [Float](repeating: 0, count: grid * grid)
    private var dy = [Float](repeating: 0, count: grid * grid)

    /// A field whose control points move at most `amplitude` pixels along each axis.
    init(amplitude: Float, rng: inout SplitMix64) {
        for i in 0..<(Self.grid * Self.grid) {
            dx[i] = rng.uniform(-amplitude, amplitude)
            dy[i] = rng.uniform(-amplitude, amplitude)
        }
    }

    /// The displacement at pixel (x, y), both in 0..<28.
    func offset(x: Int, y: Int) -> (Float, Float) {
        let gx = Float(x) / Self.spacing, gy = Float(y) / Self.spacing
        let i = min(Int(gx), Self.grid - 2), j = min(Int(gy), Self.grid - 2)
        let fx = gx - Float(i), fy = gy - Float(j)
        let k = j * Self.grid + i
        @inline(__always) func blend(_ f: [Float]) -> Float {
            let top = f[k] * (1 - fx) + f[k + 1] * fx
            let bottom = f[k + Self.grid] * (1 - fx) + f[k + Self.grid + 1] * fx
            return top * (1 - fy) + bottom * fy
        }
        return (blend(dx), blend(dy))
    }
}
