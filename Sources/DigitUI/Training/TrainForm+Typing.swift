import DigitApp

/// Typing into the train form: numbers into epochs, batch size, learning rate and seed
/// (checked when the field is left, with the range in the error), text into the data folder
/// and the model name.
extension TrainForm {
    /// Fields that take a typed number.
    static let numberFields: Set<Field> = [.epochs, .batchSize, .learningRate, .seed]
    /// Fields that are text: letters there are text, not commands.
    static let textFields: Set<Field> = [.dataFolder, .name]
    static let folderLimit = 1024

    /// Whether `c` may start or continue a number in the focused field.
    func acceptsInNumber(_ c: Character) -> Bool {
        guard TrainForm.numberFields.contains(focus), c.isASCII else { return false }
        if c.isNumber { return true }
        return focus == .learningRate && (c == "." || c == "e" || c == "E" || c == "-")
    }

    mutating func typeNumber(_ c: Character) {
        let text = (editing ?? "") + String(c)
        if text.count <= 24 { editing = text }
        error = nil
    }

    mutating func eraseNumber() {
        var text = editing ?? value(focus)
        if !text.isEmpty { text.removeLast() }
        editing = text
        error = nil
    }

    /// Takes the typed number into the request; false (with `error` set) when it is refused.
    mutating func commitNumber() -> Bool {
        guard let text = editing else { return true }
        let t = text.filter { $0 != " " }
        switch focus {
        case .epochs:
            guard let n = Int(t), TrainingRequest.epochRange.contains(n) else { return refuse("epochs: whole, 1 to 1000") }
            request.epochs = n
            epochsChosen = true
        case .batchSize:
            guard let n = Int(t), TrainingRequest.batchRange.contains(n) else { return refuse("batch size: whole, 1 to 4096") }
            request.batchSize = n
        case .learningRate:
            guard let v = Float(t), v.isFinite, v > 0, v < 10 else { return refuse("rate: > 0 and < 10, e.g. 1e-3") }
            request.learningRate = v
        case .seed:
            guard let n = UInt64(t) else { return refuse("seed: whole, 0 to 2^64-1") }
            request.seed = n
        default: break
        }
        editing = nil
        error = nil
        return true
    }

    private mutating func refuse(_ why: String) -> Bool {
        error = why
        return false
    }

    /// Sets the data folder; empty means the usual places.
    mutating func setDataFolder(_ text: String) {
        request.dataFolder = text.isEmpty ? nil : text
        foundData = nil  // until the new folder is checked
    }
}
