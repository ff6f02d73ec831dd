import DigitModel
import Glibc
import Support

/// A model file found in the models folder, with its metadata, or why it cannot be used.
public struct ModelEntry: Sendable, Equatable {
    public var path: String
    public var name: String
    public var architecture: String
    public var parameters: Int
    public var testAccuracy: Double?
    public var created: String
    public var error: String?
    /// Where it came from (`ModelOrigin`): "" when trained from scratch.
    public var origin: String

    public init(path: String, name: String, architecture: String = "", parameters: Int = 0,
                testAccuracy: Double? = nil, created: String = "", error: String? = nil, origin: String = "") {
        self.path = path; self.name = name; self.architecture = architecture; self.parameters = parameters
        self.testAccuracy = testAccuracy; self.created = created; self.error = error; self.origin = origin
    }
}

/// The use case "where models live": list them with their metadata (or damage), load one,
/// save one under a name with the shipped-name rule and an overwrite policy.
public struct ModelStore: Sendable {
    public static let suffix = ".safetensors"
    /// Models that ship with digitrec; a save never replaces them.
    public static let shippedNames: Set<String> = ["default", "mlp"]
    public static let defaultFolder = "saved_models"
    public static let defaultModel = "saved_models/default.safetensors"
    /// The shipped default model: here, or in digitrec's own folder when started elsewhere.
    public static var defaultModelPath: String { InstallFolder.resolve(defaultModel) }
    /// The models folder: `saved_models/` here when there is one, else digitrec's own.
    public static var modelsFolder: String { InstallFolder.resolve(defaultFolder) }

    public var folder: String

    public init(folder: String = ModelStore.defaultFolder) { self.folder = folder }

    /// What may happen to a file already at the target: kept (the save is refused), replaced
    /// when it is a digitrec model, or replaced when it is an ONNX model (`export --replace`).
    public enum Overwrite: Sendable { case refuse, replace, replaceONNX }

    public func path(forName name: String) -> String { Path.join(folder, name + ModelStore.suffix) }

    /// Every model in the folder; the shipped default first, then by name (without the suffix:
    /// with it, "x-2.safetensors" sorted before "x.safetensors", walkthrough).
    public func list() -> [ModelEntry] {
        let key = { (file: String) in String(file.dropLast(ModelStore.suffix.count)) }
        let names = ((try? Path.names(in: folder)) ?? [])
            .filter { $0.hasSuffix(ModelStore.suffix) && !$0.hasPrefix(".") }
            .sorted { a, b in a == "default.safetensors" ? true : b == "default.safetensors" ? false : key(a) < key(b) }
        return names.map { entry(for: Path.join(folder, $0)) }
    }

    /// One file's entry: its metadata, or the reason it cannot be used (without the path prefix).
    /// Only the header is read (no tensors, no network built), so listing a folder costs
    /// kilobytes whatever the files declare; damage in the data is found when a model is loaded.
    public func entry(for path: String) -> ModelEntry {
        let name = Path.baseName(path, dropping: ModelStore.suffix)
        do {
            let header = try ModelFile.readHeader(path)
            let m = header.metadata
            return ModelEntry(path: path, name: name, architecture: m["architecture_name"] ?? "custom",
                              parameters: header.parameterCount,
                              testAccuracy: m["test_accuracy"].flatMap(Double.init).flatMap { $0.isFinite ? $0 : nil },
                              created: m["created"] ?? "", origin: ModelOrigin.text(m))
        } catch {
            return ModelEntry(path: path, name: name, error: Path.message("\(error)", without: path))
        }
    }

    public func load(_ path: String, threads: Int = Network.defaultThreads) throws -> ModelFile.Loaded {
        try ModelFile.load(path, threads: threads)
    }

    /// A model given by the name the load list shows ("mlp") is the models folder's file of
    /// that name, when nothing of that name is here (walkthrough: `--model mlp`: no such file).
    /// A path, or a name that is also a file here (not a folder), is taken as it is.
    public static func resolve(_ given: String) -> String {
        guard !given.isEmpty, !given.contains("/"), !Path.exists(given) || Path.isFolder(given) else { return given }
        let named = Path.join(modelsFolder, given.hasSuffix(suffix) ? given : given + suffix)
        return Path.exists(named) ? named : given
    }

    /// What to say when two names of a use case of two models are one model file (walkthrough,
    /// session 31: `compare default default` ran McNemar's test of a file against itself without
    /// a word, and `average default default` saved a copy); nil for two files.
    static func sameFile(_ a: String, _ b: String) -> String? {
        Path.realPath(a) == Path.realPath(b) ? "\(Path.display(a)) and \(Path.display(b)) are the same model file" : nil
    }

    /// `sameFile`, or two files holding one model: a copy has the same checksum, which covers
    /// the whole file (walkthrough, session 32: `compare default copy.safetensors` said nothing).
    static func sameModel(_ a: String, _ metadataA: [String: String], _ b: String, _ metadataB: [String: String]) -> String? {
        if let same = sameFile(a, b) { return same }
        guard let sum = metadataA["checksum"], !sum.isEmpty, sum == metadataB["checksum"] else { return nil }
        return "\(Path.display(a)) and \(Path.display(b)) are copies of one model (the same checksum)"
    }

    /// For a bare name found neither here nor in the models folder: where it was looked for and
    /// what is there ("nosuch: no such file here, nor saved_models/nosuch.safetensors (models
    /// there: default, mlp)"; walkthrough: "no such file" did not say the folder was tried).
    /// nil when `resolve` finds it, and for a path (its own error says enough).
    public static func notFound(_ given: String) -> String? {
        guard !given.contains("/"), !Path.exists(resolve(given)) else { return nil }
        let folder = modelsFolder
        let names = ModelStore(folder: folder).list().map { Path.display($0.name) }
        let there = names.isEmpty ? "" : " (models there: " + names.prefix(8).joined(separator: ", ") + (names.count > 8 ? ", …" : "") + ")"
        let file = Path.join(folder, given.hasSuffix(suffix) ? given : given + suffix)
        return "\"\(Path.display(given))\": no such file here, nor \(Path.display(file))" + there
    }

    /// Removes temp files that killed saves left in `folder` (only provably stale ones).
    public static func removeStaleTemps(in folder: String) {
        AtomicFile.removeStaleTemps(in: folder)
    }

    /// Whether `c` may be typed into a new model's name: letters, digits, - _ and . — stricter
    /// than `problem(withName:)`, which also takes the names offered from existing files (a
    /// "my model.safetensors" fine-tuned is offered "my model-tuned-…"), but a name typed here
    /// then needs no quoting in a shell (review, session 31: the rule lived in the UI's field).
    public static func isNameCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "-" || c == "_" || c == "."
    }

    /// Why `name` cannot be used as a model name, or nil when it can.
    public static func problem(withName name: String) -> String? {
        if name.isEmpty { return "type a name first" }
        if shippedNames.contains(name) { return "\"\(name)\" is a shipped model; choose another name so it stays intact" }
        if name.hasPrefix(".") { return "a name cannot start with \".\"" }
        if name.utf8.count + suffix.utf8.count > 255 { return "the name is too long" }
        if name.contains("/") || name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "a name cannot hold \"/\" or control characters"
        }
        return nil
    }

    /// The start of the name a fine-tuned model of `model` is offered: "mine-tuned" (a date and a
    /// free number follow). A model fine-tuned before keeps its first name: "mine-tuned-2026-12-06"
    /// gives "mine-tuned" again, not "mine-tuned-2026-12-06-tuned" (walkthrough, session 25).
    public static func tunedPrefix(for model: String) -> String {
        let base = Path.baseName(model, dropping: suffix)
        let parts = base.split(separator: "-", omittingEmptySubsequences: false)
        // What follows "tuned": a day (YYYY-MM-DD) and maybe "-N" from `freeName`.
        let number = { (p: Substring) in !p.isEmpty && p.utf8.allSatisfy { (48...57).contains($0) } }
        guard parts.count >= 5, let i = parts.lastIndex(of: "tuned"), i > 0, (4...5).contains(parts.count - i),
              parts[(i + 1)...].allSatisfy(number), parts[i + 1].count == 4, parts[i + 2].count == 2, parts[i + 3].count == 2
        else { return base + "-tuned" }
        return parts[..<i].joined(separator: "-") + "-tuned"
    }

    /// A name like `mlp-2026-12-01` that no file in the folder has yet (`-2`, `-3`, … appended).
    public func freeName(base: String) -> String {
        let existing = Set(((try? Path.names(in: folder)) ?? []))
        var candidate = base
        var n = 2
        while existing.contains(candidate + ModelStore.suffix) || ModelStore.shippedNames.contains(candidate) {
            candidate = "\(base)-\(n)"
            n += 1
        }
        return candidate
    }

    /// Saves under `name` in this folder.
    public func save(_ network: Network, metadata: [String: String], name: String, overwrite: Overwrite) throws -> String {
        if let problem = ModelStore.problem(withName: name) { throw AppError.badModelName(name: name, reason: problem) }
        return try ModelStore.save(network, metadata: metadata.merging(["name": name]) { _, b in b },
                                   to: path(forName: name), overwrite: overwrite)
    }

    /// Saves to any path (the command line's `--out`): creates the folder, refuses the shipped
    /// models, refuses an existing file unless `overwrite` is `.replace`, cleans up stale temps.
    @discardableResult
    public static func save(_ network: Network, metadata: [String: String], to path: String, overwrite: Overwrite) throws -> String {
        try checkTarget(path, overwrite: overwrite)
        let folder = Path.folder(of: path)
        do { try Path.makeFolders(folder) } catch { throw AppError.file(error) }
        AtomicFile.removeStaleTemps(in: folder)
        var meta = metadata
        if meta["name"] == nil { meta["name"] = Path.baseName(path, dropping: suffix) }
        try ModelFile.save(network, metadata: meta, to: path, replacing: overwrite == .replace)
        return path
    }

    /// Where a run that must not replace `path` (cancelled, diverged) is kept instead: beside
    /// it, `<name>-<why>.safetensors` (`-2`, `-3`, … when taken).
    public static func sideName(for path: String, why: String) -> String {
        let store = ModelStore(folder: Path.folder(of: path))
        // Shortened so the whole name, with "-<why>", a "-NN" and the suffix, stays a file name
        // (255 bytes): an --out of 240 bytes must not make the kept run unsavable.
        var base = Path.baseName(path, dropping: suffix)
        while !base.isEmpty && base.utf8.count + why.utf8.count + 5 + suffix.utf8.count > 255 { base.removeLast() }
        return store.path(forName: store.freeName(base: base + "-" + why))
    }

    /// Whether `path` is one of the shipped models: by where it is, not how the path is spelt
    /// ($PWD/…, ../x/…, links) — a copy elsewhere named default.safetensors is the user's.
    public static func isShipped(_ path: String) -> Bool {
        shippedNames.contains(Path.baseName(path, dropping: suffix))
            && [defaultFolder, modelsFolder].map(Path.realPath).contains(Path.realPath(Path.folder(of: path)))
    }

    /// The checks a save makes, done before a long training run so it cannot fail at the end.
    /// A missing folder is created here (whether it can be is only known by trying); the folders
    /// made are returned so a run that fails or is refused later can remove them again.
    @discardableResult
    public static func checkTarget(_ path: String, overwrite: Overwrite) throws -> [String] {
        let name = Path.baseName(path)
        if isShipped(path) {
            throw AppError.badModelName(name: name, reason: "\(path) is a shipped model; choose another name so it stays intact")
        }
        guard name.utf8.count <= 255 else { throw AppError.badModelName(name: name, reason: "the file name is longer than 255 bytes") }
        guard !path.isEmpty, !path.hasSuffix("/"), name != ".", name != ".." else {
            throw AppError.badModelName(name: name, reason: "\(Path.display(path)) names a folder, not a file")
        }
        // A link (dangling ones too) would be replaced by the save's rename, not followed.
        var info = stat()
        if Path.withCString(path, { lstat($0, &info) }) == 0, info.st_mode & S_IFMT == S_IFLNK {
            throw AppError.badModelName(name: name, reason: "\(Path.display(path)) is a symbolic link; name a new file")
        }
        if let kind = FileBytes.kind(of: path) {
            guard kind == S_IFREG else {
                // "is a directory": plainer than "not a regular file" (walkthrough, session 31).
                throw AppError.badModelName(name: name, reason: "\(Path.display(path)) exists and is \(FileBytes.kindName(kind)), not a model file")
            }
            if overwrite == .refuse { throw AppError.modelExists(path: path) }
            // Replacing is for models only: a photo or notes named by a slip of `--out` stay.
            if overwrite == .replaceONNX {
                guard ModelFile.isONNX(path) else {
                    throw AppError.badModelName(name: name, reason: "\(Path.display(path)) exists and is not an ONNX model; name a new file or remove it first")
                }
            } else if let damage = ModelStore(folder: Path.folder(of: path)).entry(for: path).error {
                throw AppError.badModelName(name: name, reason: "\(Path.display(path)) exists and is not a digitrec model (\(damage)); name a new file or remove it first")
            }
        }
        // The folder must be a writable folder. A missing models folder (`saved_models`, in a
        // folder that exists) is created now, so a target that cannot exist (`--out /proc/…`)
        // is refused before the training, not after; any other missing folder is refused: a
        // slip like `--out saved_model/x.safetensors` or `projcts/saved_models/x.safetensors`
        // would make folders nobody asked for (walkthrough, review).
        let folder = Path.folder(of: path)
        var made: [String] = []
        if FileBytes.kind(of: folder) == nil {
            guard Path.baseName(folder) == defaultFolder, FileBytes.kind(of: Path.folder(of: folder)) == S_IFDIR else {
                throw AppError.badModelName(name: name, reason: "the folder \(Path.display(folder)) does not exist; create it first (mkdir -p) or name another")
            }
            do { made = try Path.makeFolders(folder) } catch { throw AppError.file(error) }
        }
        if let kind = FileBytes.kind(of: folder), kind != S_IFDIR {
            throw AppError.badModelName(name: name, reason: "\(Path.display(folder)) is not a folder")
        }
        if Path.withCString(folder, { access($0, W_OK) }) != 0 {
            Path.removeEmptyFolders(made)
            throw AppError.badModelName(name: name, reason: "the folder \(Path.display(folder)) is not writable")
        }
        return made
    }
}
