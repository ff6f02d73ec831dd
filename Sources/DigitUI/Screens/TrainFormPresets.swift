import DigitApp

/// Beside the train form on a wide terminal: every architecture at once (what it is, an epoch's
/// time here), the chosen one marked, and its layers. At 80 columns the form's Architecture
/// row shows one preset at a time behind ◀ ▶; at 160×50 two thirds of the screen stood empty
/// (walkthrough, session 28), so the choice is laid out there.
enum TrainFormPresets {
    /// The form keeps this many columns; the panel takes the rest when it has room.
    static let formWidth = 84
    static let minimumWidth = 44

    /// The form's part and the panel's, or the whole area and nil when too narrow.
    static func split(_ area: Rect) -> (form: Rect, panel: Rect?) {
        guard area.width >= formWidth + minimumWidth, area.height >= 16 else { return (area, nil) }
        let cols = area.columns([.length(formWidth), .min(0)])
        return (cols[0], cols[1].inset(top: 1, right: 2))
    }

    static func draw(_ buf: inout ScreenBuffer, _ area: Rect, form: TrainForm, ui: UIStyle) {
        let chosen = form.request.preset
        buf.put("Architectures", x: area.x, y: area.y, style: ui.accent)
        let nameWidth = (Preset.allCases.map { $0.rawValue.count }.max() ?? 0) + 2
        let aboutWidth = (Preset.allCases.map { TextWidth.of(TrainFormScreen.describe($0)) }.max() ?? 0) + 2
        for (i, preset) in Preset.allCases.enumerated() {
            let y = area.y + 2 + i
            guard y < area.maxY else { return }
            let marked = preset == chosen
            buf.put(marked ? ui.bullet : " ", x: area.x, y: y, style: ui.accent)
            buf.put(preset.rawValue, x: area.x + 2, y: y, style: marked ? .bold : .plain)
            buf.put(TrainFormScreen.describe(preset), x: area.x + 2 + nameWidth, y: y, style: marked ? .plain : ui.muted,
                    maxWidth: area.maxX - area.x - 2 - nameWidth)
            let x = area.x + 2 + nameWidth + aboutWidth
            if x < area.maxX { buf.put(epochText(preset, form.request), x: x, y: y, style: ui.muted, maxWidth: area.maxX - x) }
        }
        let top = area.y + 3 + Preset.allCases.count
        guard top + 2 < area.maxY else { return }
        buf.put("Layers of \(chosen.rawValue)", x: area.x, y: top, style: ui.accent)
        for (i, line) in layerLines(chosen.layers).enumerated() {
            let y = top + 2 + i
            guard y < area.maxY else { return }
            buf.put(ui.text(line), x: area.x + 2, y: y, maxWidth: area.width - 2)
        }
    }

    /// "2s/epoch", "under 1s/epoch": this machine's estimate with the form's augmentation.
    static func epochText(_ preset: Preset, _ request: TrainingRequest) -> String {
        var r = request
        r.preset = preset
        return TrainEstimate.epochText(r)
    }

    /// One line a layer, a ReLU joined to the layer before it and the last dense layer to the
    /// softmax every network ends in: "conv 32 3×3, relu", "max pool 2×2", "dense 10, softmax".
    static func layerLines(_ layers: [LayerSpec]) -> [String] {
        var lines: [String] = []
        for layer in layers {
            switch layer {
            case let .conv2d(filters, kernel, padding):
                lines.append("conv \(filters) \(kernel)×\(kernel)" + (padding == .same ? " same" : ""))
            case let .maxPool2d(size): lines.append("max pool \(size)×\(size)")
            case let .dense(units): lines.append("dense \(units)")
            case .relu: if lines.isEmpty { lines.append("relu") } else { lines[lines.count - 1] += ", relu" }
            case let .dropout(rate): lines.append("dropout \(Format.fixed(Double(rate), 2))")
            case .flatten: lines.append("flatten")
            case .batchNorm: if lines.isEmpty { lines.append("batch norm") } else { lines[lines.count - 1] += ", batch norm" }
            }
        }
        if let last = lines.indices.last { lines[last] += ", softmax" }
        return lines
    }
}
