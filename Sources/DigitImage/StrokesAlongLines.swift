/// A digit's stroke lying along a line: a 2's foot drawn on an underline, a 4's bar on a form
/// box's bottom. Where it lies within the line's thickness, the line's thin spans take it with
/// them (red team, underline: "23" read "73", "182" read "187", the 2's foot gone). The shape
/// cannot tell them apart there, but the ink often can: an underline drawn with another pen, a
/// printed box or a ruled line is lighter or darker than the digits' ink. Measured against the
/// paper right beside it (so a shadow falling across the line, which darkens paper and ink
/// alike, changes nothing), a stretch of the line whose ink differs from the rest of it, next to
/// where a stroke meets it, is that stroke; the line stays there.
enum StrokesAlongLines {
    /// Least difference of darkness (ink grey over the paper's beside it) from the line's own:
    /// a blue pen over a black one differs by 0.1, a red line under blue ink by 0.15; JPEG
    /// noise moves it by about 0.02.
    static let minDifference: Float = 0.08
    /// And how many times the line's own spread (median absolute deviation) along its length:
    /// a pencil line, grainy, varies more than a printed one.
    static let overSpread: Float = 4

    /// `spans` (the thin spans of horizontal `line`) without those of a stretch whose ink
    /// differs from the line's (`minDifference`) that is at least as long as the line is thick
    /// and lies within a line's thickness of a contact (`RingBottoms.Contact`). `gray`: the
    /// picture itself (`CleanedImage.original`), dark ink on light paper.
    static func keeping(_ spans: [TiltedLines.Span], of line: TiltedLines.Line, gray: ByteImage,
                        contacts: [RingBottoms.Contact]) -> [TiltedLines.Span] {
        guard line.horizontal, !contacts.isEmpty, spans.count >= 8, gray.hasUInt32Indices else { return spans }
        let w = gray.width, h = gray.height
        let sorted = spans.sorted { $0.k < $1.k }
        let off = line.median / 2 + 2, depth = max(2, line.median)
        // Darkness per span: its middle grey over the brightest paper just above or below it.
        let darkness: [Float?] = sorted.map { s in
            guard s.k >= 0, s.k < w else { return nil }
            var inside = s.across.compactMap { c in c >= 0 && c < h ? gray[s.k, c] : nil }
            guard !inside.isEmpty else { return nil }
            inside.sort()
            var paper: UInt8 = 0
            for c in (s.across.lowerBound - off - depth)..<(s.across.lowerBound - off) where c >= 0 && c < h { paper = max(paper, gray[s.k, c]) }
            for c in (s.across.upperBound + off)..<(s.across.upperBound + off + depth) where c >= 0 && c < h { paper = max(paper, gray[s.k, c]) }
            let ink = inside[inside.count / 2]
            // No paper beside it to measure by (a stroke on both sides, or no contrast).
            guard Int(paper) >= Int(ink) + 16 else { return nil }
            return Float(ink) / Float(paper)
        }
        let known = darkness.compactMap { $0 }.sorted()
        guard known.count * 2 >= sorted.count else { return spans }
        let own = known[known.count / 2]
        let deviations = known.map { abs($0 - own) }.sorted()
        let least = max(minDifference, overSpread * deviations[deviations.count / 2])
        // Stretches of spans (neighbours at most two positions apart) differing the same way.
        var kept: [Range<Int>] = []
        var i = 0
        while i < sorted.count {
            guard let d = darkness[i], abs(d - own) >= least else { i += 1; continue }
            let lighter = d > own
            var j = i
            while j + 1 < sorted.count, sorted[j + 1].k - sorted[j].k <= 2, let e = darkness[j + 1], abs(e - own) >= least, (e > own) == lighter {
                j += 1
            }
            let stretch = sorted[i].k..<(sorted[j].k + 1)
            let near = (stretch.lowerBound - line.median)..<(stretch.upperBound + line.median)
            if stretch.count >= max(3, line.median) && contacts.contains(where: { $0.ks.overlaps(near) }) { kept.append(stretch) }
            i = j + 1
        }
        guard !kept.isEmpty else { return spans }
        return spans.filter { s in !kept.contains { $0.contains(s.k) } }
    }
}
