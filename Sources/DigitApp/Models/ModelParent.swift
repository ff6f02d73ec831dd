import DigitModel
import Support

/// The use case "the model this one was fine-tuned from": its file, found by the name and the
/// checksum the fine-tuned file keeps, so checking a fine-tune on the user's own folder is one
/// step (`compare TUNED --images DIR`, the gallery's `C`). Walkthrough, session 32: the two
/// were compared only by finding both in the load list and marking them.
public enum ModelParent {
    /// The folder a fine-tuned model was tuned on, when it is still there (as it was named
    /// then: relative to where `finetune` ran); nil for other models and for a folder gone.
    public static func tunedOn(_ path: String) -> String? {
        guard let folder = try? ModelFile.readHeader(path).metadata["finetune_images"], !folder.isEmpty,
              Path.isFolder(folder) else { return nil }
        return folder
    }

    /// The parent's file. It is looked for beside the fine-tuned file, then in the models folder
    /// (a fine-tune keeps only the parent's name): first under its name, then any model there
    /// with its checksum (renamed since). A file of that name whose checksum differs is not it
    /// (replaced since): comparing with it would credit the fine-tune with someone else's changes.
    /// A fine-tune's halfway average has its fine-tune's start; an average made by `digitrec
    /// average` has two parents and is refused. The reasons say what is wrong, not what to do:
    /// the command line and the program each add how two models are named there.
    public static func find(of path: String, modelsFolder: String = ModelStore.modelsFolder) throws -> String {
        let shown = Path.display(path)
        let metadata: [String: String]
        do { metadata = try ModelFile.readHeader(path).metadata } catch { throw AppError.badOption("\(error)") }
        // The halfway average of a fine-tune keeps the fine-tune's metadata, its start among it
        // (walkthrough, session 33: "Saved … C: …" and then C refused it as an average).
        let halfway = !(metadata["finetune_images"] ?? "").isEmpty
        if let second = metadata["averaged_with"], !second.isEmpty, !halfway {
            throw AppError.badOption("\(shown) is an average of \(Path.display(metadata["parent"] ?? "?")) and \(Path.display(second)), not a fine-tune")
        }
        guard let name = metadata["parent"], !name.isEmpty else {
            throw AppError.badOption("\(shown) was not fine-tuned from another model (it was trained from scratch)")
        }
        let folders = [Path.folder(of: path), modelsFolder].reduce(into: [String]()) { list, f in
            if !list.contains(where: { Path.realPath($0) == Path.realPath(f) }) { list.append(f) }
        }
        let sum = metadata["parent_checksum"] ?? ""
        // Older fine-tunes kept no checksum: the name is all there is.
        let isParent = { (candidate: String) -> Bool in
            guard Path.realPath(candidate) != Path.realPath(path) else { return false }
            guard !sum.isEmpty else { return true }
            return (try? ModelFile.readHeader(candidate).metadata["checksum"]) == sum
        }
        let named = folders.map { Path.join($0, name + ModelStore.suffix) }
        // Where it was when fine-tuned, first (kept since session 33), then by its name.
        let kept = [metadata["parent_path"]].compactMap { $0 }.filter { !$0.isEmpty && !sum.isEmpty }
        if let found = (kept + named).first(where: { Path.isFile($0) && isParent($0) }) {
            // The kept path is absolute: the same file found by its name is shown as the user
            // named its folder (walkthrough 34: A absolute beside B relative).
            return named.first(where: { Path.isFile($0) && Path.realPath($0) == Path.realPath(found) }) ?? found
        }
        if !sum.isEmpty {
            for folder in folders {
                let files = ((try? Path.names(in: folder)) ?? []).filter { $0.hasSuffix(ModelStore.suffix) && !$0.hasPrefix(".") }.sorted()
                if let found = files.map({ Path.join(folder, $0) }).first(where: isParent) { return found }
            }
        }
        // Said only when a checksum was compared: a file that cannot be read or is not a model is not "changed".
        let changed = named.first(where: { Path.isFile($0) && Path.realPath($0) != Path.realPath(path) && !sum.isEmpty
            && (try? ModelFile.readHeader($0)) != nil }).map { " (\(Path.display($0)) has changed since: its checksum differs)" } ?? ""
        throw AppError.badOption("\(shown) was fine-tuned from \(name), which is not in \(folders.map { Path.display($0) + "/" }.joined(separator: " nor "))"
                                 + changed)
    }
}
