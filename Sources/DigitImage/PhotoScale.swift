/// What counts as small in a large photo. A person photographs a page with a few digits on it,
/// so in a 12-megapixel photo a digit may be 5 % of the height and its thin pen 0.03 % of the
/// pixels. Rules written as fractions of the image that suit a drawing (a digit fills most of
/// it) then drop that digit: as a speck (under 1/12 of the short side), or by taking the
/// contrast of the image's ink from its brightest 0.1 %, which such a digit does not fill (the
/// contrast then comes from the paper's noise and vignetting, whose corners become "ink").
extension Preprocess {
    /// The ink's contrast also bounds the ink level from below (`Preprocess.clean` takes at least
    /// half of it): above the threshold, a large photo's paper grain and vignetted corners can
    /// outnumber a small digit's pixels, and a level taken from them turns that grain into ink.
    ///
    /// The ink's contrast (residual above the background, ink bright): the level the brightest
    /// 0.1 % of the sampled pixels reach, or the brightest 300 samples when that is fewer
    /// (large images; never fewer than 0.005 %: a thin 6 at 5 % of a 12-MP photo's height gives
    /// about 1,000 samples). Images under 300,000 samples (1 MP at every other row) are unchanged.
    static func inkContrast(_ hist: [Int]) -> Int {
        let total = hist.reduce(0, +)
        let tail = min(0.001, max(0.00005, 300 / Double(max(1, total))))
        return percentile(hist, 1 - tail)
    }
}

extension Segment {
    /// The smallest extent (label pixels of `scale` image pixels) a piece of ink may have and
    /// still be a digit rather than a speck: 1/12 of the short side, as for a drawing, but never
    /// more than 1/24 of it or 64 image pixels, whichever is larger. Images up to 768 px keep
    /// 1/12 (in small images a piece of 1/24 is a few pixels: grain, a fragment of a stroke);
    /// a 12-MP photo's limit drops from 11 to 5 blocks of 21 px (its grid is 191×143): 105 px,
    /// so a digit 5 % of its height is a digit.
    static func minPieceExtent(_ lw: Int, _ lh: Int, scale: Int) -> Int {
        let short = min(lw, lh), s = max(1, scale)
        return max(2, min(short / 12, max(short / 24, 64 / s)))
    }
}
