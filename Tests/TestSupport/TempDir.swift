import Foundation

/// A temporary folder for one test. Remove it with `defer { dir.remove() }` right after
/// creating it: an explicit end, where a class's deinit could run at the variable's last use
/// (Swift may end a local's lifetime there), before a child process is done with the folder.
public struct TempDir: Sendable {
    public let path: String

    public init() throws {
        path = NSTemporaryDirectory() + "digitrec-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    public func remove() { try? FileManager.default.removeItem(atPath: path) }

    public func file(_ name: String) -> String { path + "/" + name }

    /// The names in the folder, sorted.
    public func names() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: path).sorted() }
}
