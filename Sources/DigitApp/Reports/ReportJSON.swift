import DigitImage
import Support

/// The JSON both front ends and scripts read.
public enum ReportJSON {
    /// `{"file": …, "prediction": "5283", "lines": ["5283"], "digits": [{"label", "probabilities", "box", "line"}, …]}`
    /// With `expected` (from labels.csv or the file name) an `"expected"` field follows the prediction.
    /// Several lines of digits: `lines` holds each ("12", "34") and `prediction` all of them in
    /// reading order ("1234"); each digit's `line` counts from 0 at the top.
    /// With `learntFrom` (a fine-tuned model's) a `"learnt_from"` field says whether the model
    /// was trained on this image.
    public static func prediction(_ r: Recognition, expected: String? = nil, learntFrom: Bool? = nil) -> String {
        JSON.object([
            ("file", .string(r.file)),
            ("prediction", .string(r.prediction)),
        ] + (expected.map { [("expected", JSON.string($0))] } ?? []) + (learntFrom.map { [("learnt_from", JSON.bool($0))] } ?? []) + [
            ("lines", .array(r.lines.map { .string($0) })),
            ("digits", .array(r.digits.map { d in
                let b = fileBox(d.sample.box, r)
                // "name" for a model with named classes ("Sneaker"); digits are their own names.
                let name: [(String, JSON)] = ClassNaming.areDigits(r.classNames) ? [] : [("name", .string(r.className(d.label)))]
                return .object([("label", .int(d.label))] + name + [("probabilities", .numbers(d.probabilities)),
                                ("box", .ints([b.x, b.y, b.width, b.height])), ("line", .int(d.sample.line))])
            })),
        ] + fileBytes(r.file)).text
    }

    /// A digit's box in the file's own pixels (upright): a large picture decoded smaller has its
    /// boxes scaled back (walkthrough, session 29: a 9000×7000 photo's boxes were half size, so
    /// a script cropping the file with them cut the wrong region).
    static func fileBox(_ b: Box, _ r: Recognition) -> (x: Int, y: Int, width: Int, height: Int) {
        let (w, h) = (r.original.width, r.original.height)
        guard let d = r.declaredSize, w > 0, h > 0, d.width != w || d.height != h else { return (b.x, b.y, b.width, b.height) }
        // Outward: the scaled box still holds every pixel of the digit.
        func low(_ v: Int, _ to: Int, _ from: Int) -> Int { v * to / from }
        func high(_ v: Int, _ to: Int, _ from: Int) -> Int { min(to, (v * to + from - 1) / from) }
        let (x0, y0) = (low(b.x, d.width, w), low(b.y, d.height, h))
        let (x1, y1) = (high(b.x + b.width, d.width, w), high(b.y + b.height, d.height, h))
        return (x0, y0, max(0, x1 - x0), max(0, y1 - y0))
    }

    public static func failure(file: String, error: String) -> String {
        JSON.object([("file", .string(file)), ("error", .string(error))] + fileBytes(file)).text
    }

    /// A file name that is not UTF-8 cannot be a JSON string: "file" shows it escaped
    /// ("\\xE9") and `"file_bytes"` gives the name's bytes, so a script can open the file
    /// (walkthrough, session 25). Absent for a UTF-8 name.
    static func fileBytes(_ file: String) -> [(String, JSON)] {
        guard file.unicodeScalars.contains(where: { Path.escapedByte($0) != nil }) else { return [] }
        return [("file_bytes", .ints(Path.bytes(file).map(Int.init)))]
    }

    /// What is wrong with an image, without its file's name, for output that names the file
    /// already; nil for an error that is not about one image.
    public static func reason(_ error: Error) -> String? { (error as? ImageError)?.reason }

    /// `{"accuracy", "loss", "confusion", "per_class", "mean_confidence", "ece", "seconds",
    /// "classes", "model", "dataset"}` — the last two say what was measured on what (walkthrough,
    /// session 28: a saved JSON line did not).
    public static func evaluation(_ r: EvaluationReport, mistakes: Bool = false) -> String {
        let m = r.metrics
        var pairs: [(String, JSON)] = [
            ("accuracy", .number(m.accuracy)), ("loss", .number(r.loss)),
            ("confusion", .array(m.confusion.map { .ints($0) })),
            // null where a share has no images to be a share of.
            ("per_class", .array((0..<10).map { .object([("precision", m.precision($0).map(JSON.number) ?? .null),
                                                         ("recall", m.recall($0).map(JSON.number) ?? .null)]) })),
            ("mean_confidence", .number(r.calibration.meanConfidence)), ("ece", .number(r.calibration.expectedCalibrationError)),
            ("seconds", .number(r.seconds)),
            ("classes", .array(r.classes.map { .string($0) })),
            ("model", .string(Path.display(r.model))), ("dataset", .string(r.dataset)),
        ]
        if mistakes { pairs.append(("mistakes", ExploreText.mistakesJSON(r.mistakes))) }
        return JSON.object(pairs).text
    }
}
