import Glibc
import Support

/// The command line as the kernel gave it. `CommandLine.arguments` repairs bytes that are not
/// UTF-8 into U+FFFD, after which a file named `\xff.png` can no longer be opened; here each
/// argument keeps its bytes (see `Path.decode(bytes:)`), and paths get them back at `open()`.
enum Arguments {
    static func raw() -> [String] {
        (1..<Int(CommandLine.argc)).map { i in
            guard let arg = CommandLine.unsafeArgv[i] else { return "" }
            return Path.decode(bytes: UnsafeBufferPointer(start: arg, count: strlen(arg)).map { UInt8(bitPattern: $0) })
        }
    }
}

extension Arguments {
    /// The first `--option` given twice (`--model a … --model=b` too), before any `--`.
    /// ArgumentParser keeps the last value silently, so `--model M1 … --model M2` would run with
    /// a model the user may not have meant; no option of digitrec is meant to be repeated.
    static func repeatedOption(_ arguments: [String]) -> String? {
        var seen = Set<String>()
        for arg in arguments {
            if arg == "--" { break }
            guard arg.hasPrefix("--"), arg.count > 2 else { continue }
            let name = String(arg.prefix { $0 != "=" })
            if !seen.insert(name).inserted { return name }
        }
        return nil
    }
}
