/// Two models compared on a folder, and the gallery's file opened from the comparison: `C`
/// there opens the comparison again while that file is shown by the same (saved) model; once
/// the gallery moves on, `C` is a tune's comparison with its start again (review 35: it could
/// no longer be had while the same model read the same folder).
public struct OpenedComparison: Sendable, Equatable {
    public let a: String, b: String
    let model: String?, folder: String, file: String

    /// Still the comparison to go back to.
    func stillApplies(_ s: AppState) -> Bool {
        !s.usingUnsaved && s.modelName == model && s.digitsFolder == folder && s.files.indices.contains(s.index) && s.files[s.index] == file
    }
}
