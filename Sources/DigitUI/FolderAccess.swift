import DigitApp
import Glibc

/// What the "open a folder" prompt asks of the file system, run on the worker: whether the
/// typed folder can be read, and the folders Tab completes from.
enum FolderAccess {
    /// Folders listed for Tab at most (a folder of 100,000 session folders must not stall it).
    static let maxListed = 2_000

    static var home: String? { getenv("HOME").map { String(cString: $0) } }

    static func open(_ text: String) -> Action {
        let path = FolderField.expand(text, home: home)
        guard Path.isFolder(path) else {
            return .folderRefused("\(Path.display(path)): " + (Path.exists(path) ? "not a folder" : "no such folder"))
        }
        do { _ = try Path.names(in: path) } catch { return .folderRefused("\(error)") }
        return .folderOpened(path)
    }

    static func folders(completing text: String) -> [String] {
        let folder = FolderField.expand(FolderField.split(text).folder, home: home)
        guard let names = try? Path.names(in: folder) else { return [] }
        return Array(names.lazy.filter { Path.isFolder(Path.join(folder, $0)) }.prefix(maxListed))
    }
}
