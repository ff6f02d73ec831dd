import DigitImage
import DigitModel
import Glibc

/// Digits written so close that their ink touches come out of segmentation as one piece, with
/// its readings as two (`DigitSample.alternatives`, `TouchingCuts`); the network says which is
/// right (`touchingChoice`). Made for issue #15 ("0123" in Humor Sans read "023", "101" "61").
extension Recognizer {
    /// One piece as the network reads it, whole and as each of its cuts in two.
    struct PieceReading {
        var whole: DigitPrediction
        var cuts: [[PieceReading]]
    }

    /// `r` with each piece that reads better as two digits (or more) replaced by them, and no
    /// piece's ink or readings kept: a gallery of photos would hold them all. Only the pieces
    /// the choice can cut are cut — two loops side by side, or read whole unsure
    /// (`touchingChoice`) — and only in the reading chosen: cutting every piece that may be two
    /// in every candidate made `predict` 3.6 times slower (session 37).
    func resolvingTouching(_ r: Recognition) -> Recognition {
        var out = r
        for i in out.digits.indices { out.digits[i].sample.dropTouching() }
        for i in out.segmentation.digits.indices { out.segmentation.digits[i].dropTouching() }
        guard network.inputStyle == .digits else { return out }
        var r = r
        for i in r.digits.indices where r.digits[i].sample.touchingInk != nil {
            r.digits[i].sample.findLoops()
            guard r.digits[i].sample.loopsSideBySide || r.digits[i].confidence < Self.unsure else { continue }
            r.digits[i].sample.cutAsTouching()
        }
        let open = r.digits.indices.filter { !r.digits[$0].sample.alternatives.isEmpty }
        guard !open.isEmpty else { return out }
        var pixels: [Float] = []
        func gather(_ s: DigitSample) { for alt in s.alternatives { for part in alt { pixels += part.final.pixels; gather(part) } } }
        for i in open { gather(r.digits[i].sample) }
        let probs = network.probabilities(pixels: pixels)
        var next = 0
        func reading(_ s: DigitSample) -> [[PieceReading]] {
            s.alternatives.map { alt in
                alt.map { sample in
                    let p = Array(probs[(next * 10)..<(next * 10 + 10)])
                    next += 1
                    var plain = sample
                    plain.dropTouching()
                    return PieceReading(whole: DigitPrediction(label: argmax(p), probabilities: p, sample: plain), cuts: reading(sample))
                }
            }
        }
        var replaced: [Int: [DigitPrediction]] = [:]
        for i in open {
            var whole = r.digits[i]
            whole.sample.dropTouching()
            let piece = PieceReading(whole: whole, cuts: reading(r.digits[i].sample))
            let chosen = Self.touchingChoice(piece).map { var d = $0; d.sample.line = whole.sample.line; return d }
            if chosen.count > 1 { replaced[i] = chosen }
        }
        out.digits = out.digits.indices.flatMap { replaced[$0] ?? [out.digits[$0]] }
        return out
    }

    /// The digits one piece is read as: the piece whole, or the surest of its cuts, each part
    /// read as it chooses in turn.
    static func touchingChoice(_ piece: PieceReading) -> [DigitPrediction] {
        let readings = piece.cuts.map { parts in parts.flatMap { touchingChoice($0) } }
        return touchingChoice(whole: piece.whole, readings: readings) ?? [piece.whole]
    }

    /// Below this confidence a piece read whole may be two digits touching. The network is sure
    /// of most pieces of two: "01" read as 9 at 97 %, "13" as 8 at 99 % (red team, touching);
    /// and it reads a 9 or a 4 with a sliver of its stem cut off as the digit and a 1, both
    /// sure. Dev photos (nc11-13, red team set 1, thin pens: 13,750 images): at 0.5 no single
    /// digit was cut, at 0.55 four were (a 5 as "35", a 3 as "51", a 6 as "15").
    static let unsure: Float = 0.5

    /// The reading as two digits or more to take instead of `whole`, if any: the one the
    /// network is surest of (the product of the parts' confidences) among those whose parts are
    /// each read sure; taken when the piece holds two loops side by side (no one digit does),
    /// else when the piece read whole was unsure (`unsure`) and the parts are surer together.
    static func touchingChoice(whole: DigitPrediction, readings: [[DigitPrediction]]) -> [DigitPrediction]? {
        func logScore(_ parts: [DigitPrediction]) -> Double {
            parts.reduce(0.0) { $0 + log(Double(max($1.confidence, .leastNormalMagnitude))) }
        }
        let sure = readings.filter { $0.count > 1 && $0.allSatisfy { $0.confidence >= DigitPrediction.sureAt } }
        guard let best = sure.max(by: { logScore($0) < logScore($1) }) else { return nil }
        if whole.sample.loopsSideBySide { return best }
        return whole.confidence < unsure && logScore(best) > logScore([whole]) ? best : nil
    }
}

extension DigitSample {
    /// Without the ink and readings kept for cutting it (`Recognizer.resolvingTouching`).
    mutating func dropTouching() {
        touchingInk = nil
        alternatives = []
    }
}
