import ArgumentParser
import Glibc

// Exit status: 0 all fine, 1 some input failed, 2 usage error. (ArgumentParser's own code
// for a usage error is 64, so the code is mapped here; everything else is its standard path:
// `--help`, `help <command>` and `--version` print and exit 0, a usage error prints the error,
// the usage and one hint.)
signal(SIGPIPE, SIG_IGN)  // a closed pipe is reported by write(), not by a silent death
var status: Int32 = 0
do {
    var command = try Digitrec.parseAsRoot(Arguments.raw())
    try command.run()
} catch let code as ExitCode {
    status = code.rawValue
} catch {
    let code = Digitrec.exitCode(for: error)
    if code == .success { Digitrec.exit(withError: error) }
    Console.error(Digitrec.fullMessage(for: error))
    status = code == .validationFailure ? 2 : code.rawValue
}
exit(Console.finish(status))
