import Glibc
import Support

/// The images of a folder and of its subfolders, for `predict DIR`, the gallery and
/// fine-tuning: PNG and JPEG files by name (the decoder then goes by the content), hidden
/// files and folders left out, and a count of what was skipped and why.
///
/// Subfolders are read down to `maxDepth` levels (a folder of sessions, each of photos, is
/// common; deeper trees are more often something else, like a photo library), at most
/// `maxFiles` images in all, and a folder reached a second time (a symbolic link back up the
/// tree, or two links to one place) is read once: loops end.
public struct ImageFolder: Sendable, Equatable {
    public var folder: String
    /// Full paths, sorted by their path below `folder`.
    public var files: [String]
    /// The subfolders read, as paths below `folder` ("2026/june"), sorted; each may have its
    /// own labels.csv.
    public var subfolders: [String] = []
    /// "2 other files", "1 folder"; empty when nothing was skipped.
    public var skipped: [String]
    /// Of those, the images passed over (a phone's HEIC, more than `maxFiles`): what a screen
    /// that lists images says, so a folder of them does not look merely empty.
    public var skippedImages: [String] = []

    public static let imageSuffixes = [".png", ".jpg", ".jpeg"]

    /// A path to open as a gallery: a folder as it is; an image (a regular file with an image's
    /// suffix) as the folder it is in, that image first — people paste a photo's path
    /// (walkthrough). "a//b.png" gives "a", as the scan names its files.
    public static func galleryTarget(_ path: String) -> (folder: String, focus: String?) {
        let name = Path.baseName(path).lowercased()
        guard Path.isFile(path), imageSuffixes.contains(where: { name.hasSuffix($0) }) else { return (path, nil) }
        var folder = Path.folder(of: path)
        while folder.count > 1 && folder.hasSuffix("/") { folder.removeLast() }
        return (folder, Path.join(folder, Path.baseName(path)))
    }
    /// Why `path` cannot open the gallery, said after it: a phone's HEIC photo is named as such
    /// (walkthrough, session 29: "IMG_0001.HEIC: not a folder", where a PNG's path opens its folder).
    public static func galleryRefusal(_ path: String) -> String {
        // A link that loops or leads nowhere is there: said as such (walkthrough 35: "no such folder").
        guard Path.exists(path) else { return Path.isPresent(path) ? "a symbolic link that loops or leads nowhere" : "no such folder" }
        let name = Path.baseName(path).lowercased()
        if Path.isFile(path), let suffix = unreadSuffixes.first(where: { name.hasSuffix($0) }) {
            return "a \(suffix.dropFirst().uppercased()) image, which digitrec does not read (PNG and JPEG only; convert it first)"
        }
        return "not a folder"
    }

    /// Image formats people have (a phone's HEIC above all) that digitrec does not read: named
    /// when skipped, so a folder of them does not look merely empty.
    static let unreadSuffixes = [".heic", ".heif", ".avif", ".webp", ".gif", ".bmp", ".tif", ".tiff"]
    /// Levels of subfolders read below the folder given.
    public static let maxDepth = 3
    /// Images listed at most: the gallery reads every image in the background.
    public static let maxFiles = 10_000

    /// Lists `folder` and its subfolders down to `maxDepth` levels (0: the folder alone);
    /// throws when `folder` does not exist or cannot be read. A subfolder that cannot be read
    /// is counted as skipped.
    public static func scan(_ folder: String, maxDepth: Int = ImageFolder.maxDepth) throws -> ImageFolder {
        var walk = Walk(root: folder, maxDepth: max(0, maxDepth))
        walk.visited.insert(Path.realPath(folder))
        do { try walk.read("", depth: 0) } catch { throw AppError.file(error) }
        return ImageFolder(folder: folder, files: walk.files.sorted { $0.relative < $1.relative }.map(\.path),
                           subfolders: walk.subfolders.sorted(), skipped: walk.skippedText(maxDepth: max(0, maxDepth)),
                           skippedImages: walk.skippedImagesText())
    }

    /// `path` below the folder it was listed from ("june/3.png"); the base name otherwise.
    public static func relativeName(_ path: String, in folder: String) -> String {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return path.hasPrefix(prefix) && path.count > prefix.count ? String(path.dropFirst(prefix.count)) : Path.baseName(path)
    }

    /// One scan's state: what was found and what was passed over.
    struct Walk {
        let root: String, maxDepth: Int
        var files: [(relative: String, path: String)] = []
        var subfolders: [String] = []
        var visited: Set<String> = []
        var other = 0, tooDeep = 0, loops = 0, unreadable = 0, overLimit = 0
        var unread: [String: Int] = [:]

        /// Reads the folder `relative` below the root (the root itself for "").
        mutating func read(_ relative: String, depth: Int) throws(SupportError) {
            let dir = relative.isEmpty ? root : Path.join(root, relative)
            var folders: [String] = []
            for name in try Path.names(in: dir) where !name.hasPrefix(".") && name != ImageLabels.fileName {
                let path = Path.join(dir, name), rel = relative.isEmpty ? name : relative + "/" + name
                let lower = name.lowercased()
                if FileBytes.isDirectory(path) {
                    folders.append(rel)
                } else if ImageFolder.imageSuffixes.contains(where: { lower.hasSuffix($0) }) {
                    if files.count < ImageFolder.maxFiles { files.append((rel, path)) } else { overLimit += 1 }
                } else if let suffix = ImageFolder.unreadSuffixes.first(where: { lower.hasSuffix($0) }) {
                    unread[suffix.dropFirst().uppercased(), default: 0] += 1
                } else {
                    other += 1
                }
            }
            for rel in folders.sorted() {
                guard depth < maxDepth else { tooDeep += 1; continue }
                // The real path: a link back to a folder already read (a loop) is not read again.
                guard visited.insert(Path.realPath(Path.join(root, rel))).inserted else { loops += 1; continue }
                do {
                    try read(rel, depth: depth + 1)
                    subfolders.append(rel)
                } catch {
                    unreadable += 1
                }
            }
        }

        func skippedText(maxDepth: Int) -> [String] {
            let n = { (k: Int, what: String) in Format.count(k, what) }
            var skipped: [String] = []
            if let unreadText { skipped.append(unreadText) }
            if other > 0 { skipped.append(n(other, "other file")) }
            if tooDeep > 0 {
                skipped.append(maxDepth == 0 ? n(tooDeep, "folder") : n(tooDeep, "folder") + " more than \(maxDepth) levels down")
            }
            if loops > 0 { skipped.append(n(loops, "folder link") + " to a folder already read (a loop)") }
            if unreadable > 0 { skipped.append(n(unreadable, "folder") + " that cannot be read") }
            if let overLimitText { skipped.append(overLimitText) }
            return skipped
        }

        /// The images among them: in a format not read, and beyond `maxFiles`.
        func skippedImagesText() -> [String] { [unreadText, overLimitText].compactMap { $0 } }

        var unreadText: String? {
            let count = unread.values.reduce(0, +)
            guard count > 0 else { return nil }
            let kinds = unread.keys.sorted().joined(separator: "/")
            return "\(Format.count(count, "\(kinds) image")) (digitrec reads PNG and JPEG: convert \(count == 1 ? "it" : "them"))"
        }

        var overLimitText: String? {
            overLimit > 0 ? "\(Format.count(overLimit, "more image")) (at most \(Format.grouped(ImageFolder.maxFiles)) are read)" : nil
        }
    }
}
