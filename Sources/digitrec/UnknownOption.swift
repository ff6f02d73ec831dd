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
        let command = arguments.first.flatMap { name in
            configuration.subcommands.first { $0.configuration.commandName == name }
        } ?? Interactive.self
        let known = optionNames(helpMessage(for: command, columns: 10_000))
        let words = arguments.prefix { $0 != "--" }
        guard let unknown = words.first(where: { word in
            word.hasPrefix("-") && word != "-" && !Arguments.isNegativeNumber(word)
                && !known.contains(String(word.prefix { $0 != "=" }))
        }) else { return nil }
        let name = command.configuration.commandName ?? "interactive"
        // Within two edits only, as for commands (walkthrough, session 31: ArgumentParser
        // offered `--out` for `--bogus` and `--lr` for `--x`).
        let typed = String(unknown.prefix { $0 != "=" })
        let guess = Arguments.suggestion(typed, known.filter { $0.hasPrefix("--") && $0 != "--help" && $0 != "--version" }.sorted())
        return """
            Error: Unknown option '\(Path.display(unknown))'\(guess)
            Usage: \(usageString(for: command))
              See 'digitrec \(name) --help' for more information.
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
