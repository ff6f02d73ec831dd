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
        guard network.inputStyle == .digits, r.digits.contains(where: { $0.sample.touchingInk != nil }) else { return out }
        var replaced: [Int: [DigitPrediction]] = [:]
        for (i, piece) in readings(r.digits).enumerated() where !piece.cuts.isEmpty {
            let chosen = Self.touchingChoice(piece).map { var d = $0; d.sample.line = piece.whole.sample.line; return d }
            if chosen.count > 1 { replaced[i] = chosen }
        }
        out.digits = out.digits.indices.flatMap { replaced[$0] ?? [out.digits[$0]] }
        return out
    }

    /// The pieces as read whole, each with the readings of its cuts that the choice can take:
    /// a piece is cut only when its loops lie side by side or it was read whole unsure
    /// (else `touchingChoice` keeps it whole), its parts read all at once and cut in turn by
    /// the same rule (`touchingChoice` applies it to each part).
    /// `budget`: how many parts may still be made and read in this recognition (`mostParts`).
    func readings(_ wholes: [DigitPrediction], budget: Int = mostParts) -> [PieceReading] {
        var samples = wholes.map(\.sample)
        var made = 0
        for i in samples.indices where samples[i].touchingInk != nil {
            samples[i].findLoops()
            guard samples[i].loopsSideBySide || wholes[i].confidence < Self.unsure else { continue }
            samples[i].cutAsTouching()
            let count = samples[i].alternatives.reduce(0) { $0 + $1.count }
            // Over the budget the piece stays whole (and so does every piece after it).
            guard made + count <= budget else {
                samples[i].alternatives = []
                break
            }
            made += count
        }
        let parts = samples.flatMap { $0.alternatives.flatMap { $0 } }
        var partReadings: [PieceReading] = []
        if !parts.isEmpty {
            var pixels: [Float] = []
            pixels.reserveCapacity(parts.count * 784)
            for p in parts { pixels += p.final.pixels }
            let probs = network.probabilities(pixels: pixels)
            partReadings = readings(parts.enumerated().map { i, p in
                let q = Array(probs[(i * 10)..<(i * 10 + 10)])
                return DigitPrediction(label: argmax(q), probabilities: q, sample: p)
            }, budget: budget - made)
        }
        var next = 0
        return wholes.indices.map { i in
            var whole = wholes[i]
            whole.sample = samples[i]
            whole.sample.dropTouching()
            let cuts = samples[i].alternatives.map { two in
                two.map { _ in
                    defer { next += 1 }
                    return partReadings[next]
                }
            }
            return PieceReading(whole: whole, cuts: cuts)
        }
    }

    /// The most parts one recognition cuts and reads. A piece cut gives up to 16 parts (8 cuts
    /// of two: `TouchingCuts.cuts`), each cut again down to `TouchingCuts.deepest` levels (up
    /// to 16 + 16² + 16³), and a row of touching rings has loops side by side in every part holding
    /// two: thousands of parts, each preprocessed and read (review, session 38). A red-team
    /// touching "7000" made over 256 (at 256 two of its dev numbers read differently; at 1,024
    /// none of the 268 touching and font numbers does). Each part is about 40 KB while read.
    static let mostParts = 1024

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
    /// each read sure. Taken when the piece read whole was unsure (`unsure`) and
    /// the parts are surer together; else when the piece holds two loops side by side (no one
    /// digit does) and the reading explains them (`holdsTwoLoops`).
    static func touchingChoice(whole: DigitPrediction, readings: [[DigitPrediction]]) -> [DigitPrediction]? {
        func logScore(_ parts: [DigitPrediction]) -> Double {
            parts.reduce(0.0) { $0 + log(Double(max($1.confidence, .leastNormalMagnitude))) }
        }
        let sure = readings.filter { $0.count > 1 && $0.allSatisfy { $0.confidence >= DigitPrediction.sureAt } }
        guard let best = sure.max(by: { logScore($0) < logScore($1) }) else { return nil }
        if whole.confidence < unsure && logScore(best) > logScore([whole]) { return best }
        return whole.sample.loopsSideBySide && holdsTwoLoops(best) ? best : nil
    }

    /// Whether a reading has two digits that can hold a loop (`loopDigits`): two loops side by
    /// side say the piece is two such digits, and a reading as "10" does not explain them (0s
    /// read whole at 100 % were cut as "10": held-out two lines, session 38, and MNIST test 0
    /// 3624 drawn as a two lines digit; the red team's touching "00", "86", "7000" do).
    static func holdsTwoLoops(_ parts: [DigitPrediction]) -> Bool {
        parts.filter { loopDigits.contains($0.label) }.count >= 2
    }

    /// The digits written with a loop, closed or at times: 0, 6, 8, 9, a closed 4, a curled 2.
    static let loopDigits: Set<Int> = [0, 2, 4, 6, 8, 9]
}

extension DigitSample {
    /// Without the ink and readings kept for cutting it (`Recognizer.resolvingTouching`).
    mutating func dropTouching() {
        touchingInk = nil
        alternatives = []
    }
}
