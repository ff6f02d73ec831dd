import Glibc

/// Finds the MNIST folder: `--data`, then `$DIGITREC_DATA`, then `./data/mnist`,
/// then `~/.cache/digitrec/mnist`. An explicit choice is never second-guessed.
public enum DataLocator {
    public static func candidates(explicit: String?, environment: [String: String]) -> [String] {
        if let explicit { return [explicit] }
        if let env = environment["DIGITREC_DATA"], !env.isEmpty { return [env] }
        var list = ["./data/mnist"]
        if let home = environment["HOME"], !home.isEmpty { list.append("\(home)/.cache/digitrec/mnist") }
        return list
    }

    /// The first candidate that holds all four files, or an error listing where we looked.
    public static func locate(explicit: String?, environment: [String: String]) throws -> String {
        let list = candidates(explicit: explicit, environment: environment)
        for dir in list where MNIST.allFiles.allSatisfy({ MNIST.path(of: $0, in: dir) != nil }) {
            return dir
        }
        throw MNISTError.dataNotFound(searched: list)
    }

    /// Where `download` puts files when no folder is named.
    public static func downloadTarget(explicit: String?, environment: [String: String]) -> String {
        if let explicit { return explicit }
        if let env = environment["DIGITREC_DATA"], !env.isEmpty { return env }
        if let home = environment["HOME"], !home.isEmpty { return "\(home)/.cache/digitrec/mnist" }
        return "./data/mnist"
    }
}

func fileExists(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
}

/// Creates a folder and its parents (like `mkdir -p`).
public func makeDirectories(_ path: String) throws {
    var current = path.hasPrefix("/") ? "" : "."
    for part in path.split(separator: "/") {
        current += "/" + part
        if mkdir(current, 0o755) != 0 && errno != EEXIST {
            throw MNISTError.cannotOpen(file: current, reason: String(cString: strerror(errno)))
        }
    }
}
