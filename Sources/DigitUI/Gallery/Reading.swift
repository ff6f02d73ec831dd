import DigitApp
import DigitImage

/// What the file list and the score keep of one image's reading: the number read and how sure
/// its least sure digit was, or why the file could not be read. Small on purpose: the whole
/// folder is read in the background, and a folder of 12-MP photos must not keep every picture.
public struct Reading: Sendable, Equatable {
    public var prediction: String
    public var leastConfidence: Float
    /// Why the file could not be used; nil when it was read.
    public var error: String?
    /// The file's content id: whether the model in use learnt from it.
    public var contentID: String?
    /// The model reads numbers (its classes are the digits), so a label that is not one cannot
    /// be scored (`ClassNaming.canRead`).
    public var readsNumbers = true
    /// The digits read line by line, when there were several lines ("0612", "3457"); empty
    /// for one line.
    public var lines: [String] = []

    /// The number as the file list says it: lines apart ("0612 / 3457"), where `prediction`
    /// joins them for scoring against a label (walkthrough 36: "→ 06123457" for a two-line
    /// sheet the gallery shows as two lines).
    public var shown: String { lines.count > 1 ? lines.joined(separator: " / ") : prediction }

    public init(prediction: String, leastConfidence: Float, error: String? = nil, contentID: String? = nil) {
        self.prediction = prediction; self.leastConfidence = leastConfidence; self.error = error; self.contentID = contentID
    }

    public init(_ r: Recognition) {
        // A picture shown with no digit in it counts as the file list and the score always
        // counted "no digit found": not read (`Recognizer.recognizeShowingBlank`).
        self.init(prediction: r.prediction, leastConfidence: r.digits.map(\.confidence).min() ?? 0,
                  error: r.digits.isEmpty ? "\(ImageError.noDigit(file: r.file))" : nil, contentID: r.contentID)
        readsNumbers = ClassNaming.areDigits(r.classNames)
        if r.lines.count > 1 { lines = r.lines }
    }

    public static func failed(_ why: String) -> Reading { Reading(prediction: "", leastConfidence: 0, error: why) }

    /// The summary of a gallery item, nil while it is not read.
    init?(_ item: GalleryItem) {
        switch item {
        case let .recognized(r): self.init(r)
        case let .failed(why): self = .failed(why)
        case .pending, .reading: return nil
        }
    }
}

extension AppState {
    /// The verdict on image `i`, once it was read (in the background or shown).
    func verdict(at i: Int) -> Verdict? {
        guard readings.indices.contains(i), files.indices.contains(i), let r = readings[i], r.error == nil else { return nil }
        return Verdict(r, expected: labels.expected(for: files[i]))
    }

    /// Whether the model in use reads numbers, as its readings say (a file that could not be
    /// read says nothing; before any reading, as digitrec's own models do).
    var modelReadsNumbers: Bool { readings.lazy.compactMap { $0 }.first { $0.error == nil }?.readsNumbers ?? true }

    /// The label image `i` is scored against: its expected label, unless the model could never
    /// read it ("nine" for a digit model; review: a blank page labelled so counted as a miss).
    /// `numbersOnly`: `modelReadsNumbers`, passed in by loops over every file.
    func scoredLabel(at i: Int, numbersOnly: Bool? = nil) -> String? {
        guard files.indices.contains(i), let label = labels.expected(for: files[i]) else { return nil }
        return ClassNaming.canRead(label, numbersOnly: numbersOnly ?? modelReadsNumbers) ? label : nil
    }

    /// Whether the model in use was fine-tuned on image `i` (known once it is read).
    func learntFrom(_ i: Int) -> Bool {
        readings.indices.contains(i) && learnt.contains(readings[i]?.contentID)
    }

    /// Over the images read so far that have an expected label: how many were read right, the
    /// ones the model was fine-tuned on counted apart.
    var tally: LabelTally {
        var tally = LabelTally()
        let numbersOnly = modelReadsNumbers
        for i in readings.indices {
            if let right = verdict(at: i)?.correct {
                tally.count(right: right, learnt: learntFrom(i))
            } else if let r = readings[i], r.error != nil, scoredLabel(at: i, numbersOnly: numbersOnly) != nil {
                // A labelled picture in which no digit was found was not read right either.
                tally.countUnread(learnt: learntFrom(i))
            }
        }
        return tally
    }

    /// The score as the gallery's title and the file list say it: "7/9 correct · learnt from
    /// 12/12" (the second part only for a fine-tuned model's own images).
    func scoreText(unicode: Bool) -> String? { scoreText(tally, unicode: unicode) }

    /// `scoreText` of a tally already counted (the gallery counts once per frame, for the text
    /// and its colour).
    func scoreText(_ t: LabelTally, unicode: Bool) -> String? {
        guard !t.isEmpty else { return nil }
        let learnt = t.learntTotal > 0 ? "learnt from \(t.learntRight)/\(t.learntTotal)" : nil
        // Unreadable files count as misses; said, so a red "7/9" whose two misses are a
        // corrupt file and a HEIC-in-disguise is not taken for two misreadings (walkthrough, session 29).
        let unread = t.unread > 0 ? " (\(t.unread) not read)" : ""
        // Nothing read at all is no score (walkthrough, session 33: "0/6 correct (6 not read)").
        let score = t.unread == t.total ? "none of \(t.total) could be read" : "\(t.right)/\(t.total) correct" + unread
        return [t.total > 0 ? score : nil, learnt].compactMap { $0 }.joined(separator: unicode ? " · " : ", ")
    }

    /// How many images are read (for "reading 12/25…" while the folder is being read).
    var readCount: Int { readings.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }
}
