import DigitApp
import Glibc

/// What the "open a folder" prompt asks of the file system, run on the worker: whether the
/// typed folder can be read, and the folders Tab completes from.
enum FolderAccess {
    /// Folders listed for Tab at most (a folder of 100,000 session folders must not stall it).
    static let maxListed = 2_000

    static var home: String? { getenv("HOME").map { String(cString: $0) } }

    static func open(_ text: String) -> Action {
        // A photo's path (pasted, as people do) opens the folder it is in, at that photo
        // (walkthrough: "…/48_pair.png: not a folder").
        let (path, focus) = ImageFolder.galleryTarget(FolderField.expand(text, home: home))
        guard Path.isFolder(path) else {
            return .folderRefused(typed: text, why: "\(Path.display(path)): " + ImageFolder.galleryRefusal(path))
        }
        // Listed is not enough: its files are opened through it (review: a folder without x
        // was opened, then every image said "permission denied").
        guard Path.withCString(path, { access($0, R_OK | X_OK) }) == 0 else {
            return .folderRefused(typed: text, why: "\(Path.display(path)): permission denied")
        }
        do { _ = try Path.names(in: path) } catch { return .folderRefused(typed: text, why: "\(error)") }
        return .folderOpened(typed: text, path: path, focus: focus)
    }

    /// The folders Tab may complete `text` with: names that start as its last part does (the
    /// cap applies to those, so a folder of thousands still completes "ze" to "zebra/").
    static func folders(completing text: String) -> [String] {
        let (typedFolder, prefix) = FolderField.split(text)
        let folder = FolderField.expand(typedFolder, home: home)
        guard let names = try? Path.names(in: folder) else { return [] }
        return Array(names.lazy.filter { $0.hasPrefix(prefix) && Path.isFolder(Path.join(folder, $0)) }.prefix(maxListed))
    }
}
