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

extension Arguments {
    /// `--epochs -1` as `--epochs=-1`: ArgumentParser takes "-1" for an option and says the
    /// value is missing, where the option's own check says what range it takes (walkthrough).
    static func joiningNegativeValues(_ arguments: [String]) -> [String] {
        var out: [String] = [], i = 0
        while i < arguments.count {
            let arg = arguments[i]
            if arg == "--" { return out + arguments[i...] }
            if arg.hasPrefix("--"), arg.count > 2, !arg.contains("="), i + 1 < arguments.count, isNegativeNumber(arguments[i + 1]) {
                out.append(arg + "=" + arguments[i + 1])
                i += 2
                continue
            }
            out.append(arg)
            i += 1
        }
        return out
    }

    static func isNegativeNumber(_ s: String) -> Bool {
        s.hasPrefix("-") && s.count > 1 && (Double(s) != nil || ["-nan", "-inf", "-infinity"].contains(s.lowercased()))
    }

    /// What is wrong with how the command is named, said in the user's terms where
    /// ArgumentParser would show the interactive program's usage ("2 unexpected arguments"):
    /// a misspelt command, a file given without `predict`, options before the command, `help`
    /// of a command that does not exist. nil when the words are fine.
    static func commandProblem(_ arguments: [String], commands: [String]) -> String? {
        guard let first = arguments.first else { return nil }
        if first == "help" {
            guard arguments.count > 1, !commands.contains(arguments[1]), arguments[1] != "help" else { return nil }
            return "digitrec help: no command '\(arguments[1])'\(suggestion(arguments[1], commands)) (commands: \(commands.joined(separator: ", ")))"
        }
        if first.hasPrefix("-") {
            // Options first, a command after them: the command must come first. A word that is
            // an option's value (`--digits eval`, a folder named eval) or names a file is not one.
            let words = Array(arguments.prefix { $0 != "--" })
            guard let at = words.indices.first(where: { i in
                i > 0 && commands.contains(words[i]) && FileBytes.kind(of: words[i]) == nil && !takesValue(words[i - 1])
            }) else { return nil }
            var rest = arguments
            rest.remove(at: at)
            return "digitrec: the command comes first, then its options: digitrec \(words[at]) \(rest.joined(separator: " "))"
        }
        guard !commands.contains(first) else { return nil }
        let lower = first.lowercased()
        if [".png", ".jpg", ".jpeg"].contains(where: lower.hasSuffix) || FileBytes.kind(of: first) != nil {
            return "digitrec: '\(Path.display(first))' is not a command; to read an image: digitrec predict \(Path.display(first))"
        }
        return "digitrec: no command '\(Path.display(first))'\(suggestion(first, commands)) (commands: \(commands.joined(separator: ", ")); see digitrec --help)"
    }

    /// A file whose name starts with "-" (`predict -1.png`), named where an option would be:
    /// ArgumentParser takes it for an option and, without saying so, passes over it (walkthrough).
    /// nil when no such word is there; after `--` every word is a file.
    static func optionLikeFile(_ arguments: [String]) -> String? {
        let words = Array(arguments.prefix { $0 != "--" })
        guard let at = words.indices.first(where: { i in
            let w = words[i]
            return i > 0 && w.hasPrefix("-") && w.count > 1 && !flags.contains(w) && !w.contains("=")
                && !isNegativeNumber(w) && !takesValue(words[i - 1]) && FileBytes.kind(of: w) != nil
        }) else { return nil }
        let name = Path.display(words[at])
        return "digitrec: '\(name)' looks like an option; to name the file, write ./\(name) or put -- before it"
    }

    /// The flags of digitrec's commands: every other `-x`/`--name` without "=" takes the next
    /// word as its value. Typed here because ArgumentParser does not list them at run time; a
    /// test checks the list against `--experimental-dump-help`, so a new flag cannot be missed.
    static let flags: Set<String> = ["--json", "--art", "--ascii", "--mistakes", "--augment", "--replace", "--help", "-h", "-help", "--version", "--quick"]

    static func takesValue(_ word: String) -> Bool { word.hasPrefix("-") && !word.contains("=") && !flags.contains(word) }

    /// " (did you mean predict?)" for a command (or `--option`) within two edits of what was
    /// typed, and at most half its letters (one for a word of one or two): `--x` is no slip
    /// for `--lr`, `--ot` is for `--out`.
    static func suggestion(_ typed: String, _ commands: [String]) -> String {
        func bare(_ s: String) -> String { String(s.drop { $0 == "-" }) }
        let word = bare(typed.lowercased())
        let best = commands.map { ($0, editDistance(word, bare($0))) }.min { $0.1 < $1.1 }
        guard let (name, distance) = best, distance <= 2, distance <= max(1, word.count / 2), word.count > 1 || distance == 0 else { return "" }
        return " (did you mean \(name)?)"
    }

    /// Levenshtein distance (short words: the quadratic table is fine).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars.prefix(64)), y = Array(b.unicodeScalars.prefix(64))
        var row = Array(0...y.count)
        for i in 1...max(1, x.count) where !x.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: y.count, by: 1) {
                let next = min(row[j] + 1, row[j - 1] + 1, previous + (x[i - 1] == y[j - 1] ? 0 : 1))
                previous = row[j]
                row[j] = next
            }
        }
        return x.isEmpty ? y.count : row[y.count]
    }
}
