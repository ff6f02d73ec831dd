/// The gallery's title row: which image and what it is at the left, the score and the
/// background reading's progress at the right. At 80 columns a fine-tuned model's score
/// ("7/9 correct · learnt from 12/12, reading 3/25…") left the image's line cut mid-word
/// ("Image 12/25: june/0012491_241.png  235×2"); here pieces go whole, the least telling first
/// (file size, then size and format, then the progress), and only then is the name shortened,
/// in the middle, so its start (the label) and its extension stay.
struct GalleryTitle: Equatable {
    /// "Image 3/25".
    var position: String
    /// The file's name below the gallery's folder.
    var name: String
    /// What the file is, most telling first: ["314×314 PNG", "55.1 KiB"].
    var details: [String] = []
    /// The model in use was fine-tuned on this image.
    var learnt = false
    /// "7/9 correct · learnt from 12/12".
    var score: String?
    /// "reading 3/25…" while the folder is read.
    var progress: String?

    /// The left and right texts for a row of `width` columns, two columns or more apart.
    func fitted(width: Int, unicode: Bool) -> (left: String, right: String) {
        // Without the progress, a score of the images read so far says so: "16/16 correct"
        // with half the folder unread looked final (walkthrough, session 29).
        let last = progress != nil ? score.map { $0 + " so far" } : score
        let rights = [[score, progress], [last]].map { $0.compactMap { $0 }.joined(separator: ", ") }
        func room(_ right: String) -> Int { width - TextWidth.of(right) - (right.isEmpty ? 0 : 2) }
        for right in rights {
            for kept in stride(from: details.count, through: 0, by: -1) {
                let left = compose(name, details: Array(details.prefix(kept)), learnt: learnt)
                if TextWidth.of(left) <= room(right) { return (left, right) }
            }
        }
        // The name shortened in the middle, while a few of its characters show; where even that
        // does not leave room, "learnt from" goes whole (walkthrough, session 34: cut to "le").
        let right = rights[1]
        for tag in learnt ? [true, false] : [false] {
            let bare = TextWidth.of(compose("", details: [], learnt: tag))
            if room(right) - bare >= 8 { return (compose(Self.middle(name, width: room(right) - bare, unicode: unicode), details: [], learnt: tag), right) }
        }
        let cut = TextWidth.prefix(right, width: width)
        return (TextWidth.prefix(compose(name, details: [], learnt: false), width: max(0, room(cut))), cut)
    }

    private func compose(_ name: String, details: [String], learnt: Bool) -> String {
        let about = details + (learnt ? ["learnt from"] : [])
        return "\(position): \(name)" + (about.isEmpty ? "" : "  " + about.joined(separator: ", "))
    }

    /// `s` in `width` columns: its start and end with an ellipsis between ("june/2026…01500.png").
    static func middle(_ s: String, width: Int, unicode: Bool) -> String {
        guard TextWidth.of(s) > width else { return s }
        let dots = unicode ? "…" : "...", room = width - TextWidth.of(dots)
        guard room > 1 else { return TextWidth.prefix(s, width: max(0, width)) }
        let head = TextWidth.prefix(s, width: room / 2)
        var tail = "", used = 0
        for c in s.reversed() {
            if used + TextWidth.of(c) > room - TextWidth.of(head) { break }
            tail.insert(c, at: tail.startIndex)
            used += TextWidth.of(c)
        }
        return head + dots + tail
    }
}
