import ArgumentParser
import Glibc

// Subcommands are dispatched here rather than through ArgumentParser's tree: the
// interactive program's own --model would otherwise capture `predict --model`.
// Exit status: 0 all fine, 1 some input failed, 2 usage error (ArgumentParser's usage
// code is 64, so it is mapped).
let subcommands: [String: ParsableCommand.Type] = [
    "train": Train.self, "eval": Eval.self, "predict": Predict.self, "download": Download.self,
]

func execute(_ type: ParsableCommand.Type, _ arguments: [String]) -> Never {
    do {
        var command = try type.parseAsRoot(arguments)
        try command.run()
        exit(0)
    } catch let code as ExitCode {
        exit(code.rawValue)
    } catch {
        let code = type.exitCode(for: error)
        if code == .success { type.exit(withError: error) }
        Console.error(type.fullMessage(for: error))
        if code == .validationFailure {
            Console.error("See `\(type.configuration.commandName ?? "digitrec") --help`.")
            exit(2)
        }
        exit(1)
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
if let first = arguments.first, let type = subcommands[first] {
    execute(type, Array(arguments.dropFirst()))
} else {
    execute(Digitrec.self, arguments)
}
