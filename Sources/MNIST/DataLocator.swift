import Glibc
import Support

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

    /// The first candidate that holds the files of `splits` (evaluation needs only the two test
    /// files), or an error listing where we looked.
    public static func locate(explicit: String?, environment: [String: String],
                              splits: [MNISTSplit] = MNISTSplit.allCases) throws -> String {
        let list = candidates(explicit: explicit, environment: environment)
        let needed = splits.flatMap { [$0.imagesFile, $0.labelsFile] }
        for dir in list where needed.allSatisfy({ MNIST.path(of: $0, in: dir) != nil }) {
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
