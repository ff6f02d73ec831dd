import Glibc
import Support

/// The images of a folder, for `predict DIR` and the gallery: PNG and JPEG files by name
/// (the decoder then goes by the content), hidden files left out, and a count of what was
/// skipped and why.
public struct ImageFolder: Sendable, Equatable {
    public var folder: String
    /// Full paths, sorted by name.
    public var files: [String]
    /// "2 other files", "1 folder"; empty when nothing was skipped.
    public var skipped: [String]

    public static let imageSuffixes = [".png", ".jpg", ".jpeg"]
    /// Image formats people have (a phone's HEIC above all) that digitrec does not read: named
    /// when skipped, so a folder of them does not look merely empty.
    static let unreadSuffixes = [".heic", ".heif", ".avif", ".webp", ".gif", ".bmp", ".tif", ".tiff"]

    /// Lists `folder`; throws when it does not exist or cannot be read.
    public static func scan(_ folder: String) throws -> ImageFolder {
        let names: [String]
        do { names = try Path.names(in: folder) } catch { throw AppError.file(error) }
        var files: [String] = [], other = 0, folders = 0, unread: [String: Int] = [:]
        for name in names where !name.hasPrefix(".") && name != ImageLabels.fileName {
            let path = Path.join(folder, name)
            let lower = name.lowercased()
            if FileBytes.isDirectory(path) {
                folders += 1
            } else if imageSuffixes.contains(where: { lower.hasSuffix($0) }) {
                files.append(path)
            } else if let suffix = unreadSuffixes.first(where: { lower.hasSuffix($0) }) {
                unread[suffix.dropFirst().uppercased(), default: 0] += 1
            } else {
                other += 1
            }
        }
        var skipped: [String] = []
        let unreadCount = unread.values.reduce(0, +)
        if unreadCount > 0 {
            let kinds = unread.keys.sorted().joined(separator: "/")
            skipped.append("\(unreadCount) \(kinds) image\(unreadCount == 1 ? "" : "s") (digitrec reads PNG and JPEG: convert \(unreadCount == 1 ? "it" : "them"))")
        }
        if other > 0 { skipped.append("\(other) other file\(other == 1 ? "" : "s")") }
        if folders > 0 { skipped.append("\(folders) folder\(folders == 1 ? "" : "s")") }
        return ImageFolder(folder: folder, files: files.sorted(), skipped: skipped)
    }
}
