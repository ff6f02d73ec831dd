import Support

/// A folder's images that have an expected label (labels.csv beside them, else the file
/// name), in the folder's order, as the use cases that learn from or score a person's own
/// digits read them (`UserDigits`, `compare --images`); the others are named as skipped.
struct LabelledFiles {
    struct File {
        /// The path to open, its name below the folder ("june/3.png"), and its label.
        var path: String, name: String, label: String
    }

    var files: [File]
    /// A labels.csv's lines left out, then "NAME: no label" for each unlabelled image.
    var skipped: [String]

    static func scan(_ folder: String) throws -> LabelledFiles {
        let scan = try ImageFolder.scan(folder)
        let labels = try ImageLabels.load(folder: folder, subfolders: scan.subfolders)
        var out = LabelledFiles(files: [], skipped: [labels.warning, labels.unlistedWarning(among: scan.files)].compactMap { $0 })
        for path in scan.files {
            let name = ImageFolder.relativeName(path, in: folder)
            guard let label = labels.expected(for: path) else { out.skipped.append("\(Path.display(name)): no label"); continue }
            out.files.append(File(path: path, name: name, label: label))
        }
        return out
    }
}
