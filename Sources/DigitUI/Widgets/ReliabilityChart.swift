import DigitApp
import Glibc

/// A small reliability diagram: one column per confidence bin, as tall as the accuracy of
/// the predictions in it, with a dot where a perfectly calibrated model would reach (a bar
/// below its dot: the model is more confident than right there). Empty bins stay blank. With
/// room, a row under the bars gives each bin's number of images on a log scale: a good model
/// puts nearly all of them in the last bin, and a full bar of two images means little
/// (walkthrough: the chart did not say how many images stood behind a bar).
enum ReliabilityChart {
    static let axisWidth = 5
    /// Bins with fewer images are drawn grey when the chart has the rows for its count row and
    /// caption (at 80 columns the caption's end may be cut): their accuracy says little.
    static let fewImages = 20

    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, _ c: Calibration, ui: UIStyle) {
        guard area.height >= 5, area.width >= axisWidth + c.bins.count, !c.bins.isEmpty else { return }
        buf.put("Reliability (accuracy by confidence)", x: area.x, y: area.y, style: .bold, maxWidth: area.width)
        // Too low for bars that say anything (two rows at 80×24, without the images behind
        // them; walkthrough, session 32): three ranges as numbers.
        guard area.height >= 9 else { table(&buf, area.inset(top: 1), c, ui: ui); return }
        // Bars always have their count row now (the table takes the low areas).
        let plot = Rect(x: area.x + axisWidth, y: area.y + 1, width: area.width - axisWidth, height: area.height - 5)
        let step = max(1, min(3, plot.width / c.bins.count))
        let eighths: [Character] = ui.caps.unicode ? [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] : [" ", ".", ".", ":", ":", "|", "|", "#", "#"]
        buf.put("100%", x: area.x, y: plot.y, style: ui.muted)
        buf.put("  0%", x: area.x, y: plot.maxY - 1, style: ui.muted)
        for (i, bin) in c.bins.enumerated() where bin.count > 0 {
            let x = plot.x + i * step
            let level = Int((min(1, max(0, bin.accuracy)) * Double(plot.height * 8)).rounded())
            for r in 0..<plot.height {
                let fill = min(8, max(0, level - r * 8))
                if fill > 0 { buf[x, plot.maxY - 1 - r] = Cell(character: eighths[fill], style: bin.count < fewImages ? ui.muted : ui.barOn) }
            }
            // The ideal: the bin's mean confidence on the same scale.
            let ideal = min(plot.height - 1, max(0, Int(bin.meanConfidence * Double(plot.height))))
            let y = plot.maxY - 1 - ideal
            // Beside the bar when there is a gap column, else over it where the bar is lower.
            let dotX = step > 1 ? x + 1 : x
            if dotX < buf.width, y >= 0, y < buf.height, buf[dotX, y].character == " " { buf[dotX, y] = Cell(character: ui.caps.unicode ? "·" : ".", style: ui.accent) }
        }
        var axisY = plot.maxY
        var caption = ui.caps.unicode ? "confidence →  · calibrated" : "confidence ->  . calibrated"
        if let most = c.bins.map(\.count).max(), most > 0 {
            // log(1 + n) / log(1 + most) in eighths: one image shows, the fullest bin fills.
            buf.put("    n", x: area.x, y: axisY, style: ui.muted)
            for (i, bin) in c.bins.enumerated() where bin.count > 0 {
                let level = max(1, Int((log(1 + Double(bin.count)) / log(1 + Double(most)) * 8).rounded()))
                buf[plot.x + i * step, axisY] = Cell(character: eighths[min(8, level)], style: ui.muted)
            }
            caption += ui.caps.color && !ui.caps.basicColors ? "  grey: < \(fewImages) images" : "  dim: < \(fewImages) images"
            buf.put("n: images in a bin, log scale (at most \(Format.grouped(most)))", x: plot.x, y: axisY + 3, style: ui.muted,
                    maxWidth: max(0, area.maxX - plot.x))
            axisY += 1
        }
        buf.put("0" + String(repeating: " ", count: max(0, c.bins.count * step - 2)) + "1", x: plot.x, y: axisY, style: ui.muted)
        buf.put(caption, x: plot.x, y: axisY + 1, style: ui.muted, maxWidth: max(0, area.maxX - plot.x))
    }

    /// The bins as three ranges of confidence: the top bin (where a good model puts nearly
    /// every image), from 60 % up to it, below 60 %; each with its images and the share read
    /// right, which a calibrated model keeps inside the range. A range of few images is muted.
    static func ranges(_ c: Calibration) -> [(from: Double, to: Double, images: Int, accuracy: Double)] {
        let n = c.bins.count
        let top = n - 1, middle = min(top, max(1, Int((0.6 * Double(n)).rounded(.up))))
        return [(top, n), (middle, top), (0, middle)].compactMap { (first: Int, end: Int) in
            guard first < end else { return nil }
            let bins = c.bins[first..<end]
            let images = bins.map(\.count).reduce(0, +), right = bins.map(\.correct).reduce(0, +)
            return (Double(first) / Double(n), Double(end) / Double(n), images, images > 0 ? Double(right) / Double(images) : 0)
        }
    }

    static func table(_ buf: inout ScreenBuffer, _ area: Rect, _ c: Calibration, ui: UIStyle) {
        let dash = ui.caps.unicode ? "–" : "-"
        func percent(_ v: Double) -> String { Format.fixed(v * 100, 0) + "%" }
        buf.put(" confidence   images   right", x: area.x, y: area.y, style: ui.muted, maxWidth: area.width)
        for (i, r) in ranges(c).enumerated() where i + 1 < area.height {
            let range = r.from == 0 ? "< " + percent(r.to) : percent(r.from) + dash + percent(r.to)
            let right = Format.percent(Int((r.accuracy * Double(r.images)).rounded()), of: r.images, digits: 2)
            let line = " " + TextWidth.pad(range, 10) + ConfusionMatrixView.pad(Format.grouped(r.images), 9) + ConfusionMatrixView.pad(right, 8)
            buf.put(line, x: area.x, y: area.y + 1 + i, style: r.images < fewImages ? ui.muted : .plain, maxWidth: area.width)
        }
    }
}
