import ArgumentParser
import Support

/// ArgumentParser reports a missing argument before an unknown option, so `finetune --bogus`
/// said "Missing expected argument '--images <dir>'" and the misspelt option — the news —
/// went unsaid (walkthroughs, sessions 28 and 30). When a command line fails, this looks for
/// a word that is no option of its command and says that instead, for every command alike.
extension Digitrec {
    /// "Unknown option '--bogus'" with the command's usage, in ArgumentParser's own layout;
    /// nil when every option-like word before `--` is one the command shows in its help.
    static func unknownOptionMessage(_ arguments: [String]) -> String? {
        // `help finetune --bogus` is about finetune's options.
        let named = arguments.first == "help" ? arguments.dropFirst().first : arguments.first
        let command = named.flatMap { name in
            configuration.subcommands.first { $0.configuration.commandName == name }
        } ?? Interactive.self
        let known = optionNames(helpMessage(for: command, columns: 10_000))
        let words = Array(arguments.prefix { $0 != "--" })
        guard let at = words.indices.first(where: { i in
            let word = words[i]
            return word.hasPrefix("-") && word != "-" && !Arguments.isNegativeNumber(word)
                && !known.contains(String(word.prefix { $0 != "=" }))
        }) else { return nil }
        let name = command.configuration.commandName ?? "interactive"
        let usage = "Usage: \(usageString(for: command))\n  See 'digitrec \(name) --help' for more information."
        // The option's name as typed: `--bogus -1` is joined into `--bogus=-1` before parsing.
        let typed = String(words[at].prefix { $0 != "=" })
        // A value that starts with "-" after an option that takes one (review, session 31:
        // `--images -scans` was called an unknown option).
        if at > 0, known.contains(words[at - 1]), Arguments.takesValue(words[at - 1]), !words[at].hasPrefix("--"), !words[at].contains("=") {
            let value = Path.display(words[at]), option = words[at - 1]
            return "Error: '\(value)' after \(option) looks like an option: for the value, write \(option)=\(value) (or ./\(value) for a file or folder)\n" + usage
        }
        // Within two edits only, as for commands (walkthrough, session 31: ArgumentParser
        // offered `--out` for `--bogus` and `--lr` for `--x`).
        let guess = Arguments.suggestion(typed, known.filter { $0.hasPrefix("--") && $0 != "--help" && $0 != "--version" }.sorted())
        return """
            Error: Unknown option '\(Path.display(typed))'\(guess)
            \(usage)
            """
    }

    /// Every `-x` and `--name` a help text shows: the options' own list, so a new option is
    /// known without a second list to keep. (Words of the examples count too; a word taken as
    /// known only leaves ArgumentParser's own message.)
    static func optionNames(_ help: String) -> Set<String> {
        var names: Set<String> = ["--help", "-h", "-help", "--version"]
        for word in help.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "," || $0 == "[" || $0 == "]" || $0 == "(" || $0 == ")" }) {
            let option = word.prefix { $0 != "=" && $0 != "<" }
            if option.hasPrefix("-"), option.count > 1 { names.insert(String(option)) }
        }
        return names
    }
}
