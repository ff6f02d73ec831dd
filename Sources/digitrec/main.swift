import ArgumentParser
import CKernels
import CStartup
import Glibc
import Support

// Exit status: 0 all fine, 1 some input failed, 2 usage error. (ArgumentParser's own code
// for a usage error is 64, so the code is mapped here; everything else is its standard path:
// `--help`, `help <command>` and `--version` print and exit 0, a usage error prints the error,
// the usage and one hint.)
signal(SIGPIPE, SIG_IGN)  // a closed pipe is reported by write(), not by a silent death
// Standard input, output or error closed (`digitrec predict - <&-`): the next file opened would
// take its number, and `predict -` read the model file as the piped image while the model was
// loaded from it (post-stop check, session 37); a file written (a model saved) could take
// stdout's. /dev/null holds the number instead, read-only: a closed stdout still fails every
// write, and is still reported as one that cannot be written.
for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
    _ = open("/dev/null", O_RDONLY)
}
// Before any engine code runs: DigitModel is compiled for Haswell's instruction set (Package.swift).
// CPUID and XGETBV (CKernels/cpu.c): the instructions, and an OS that saves the YMM registers.
#if ENGINE_NEEDS_HASWELL
if Int(digitrec_cpu_features()) & DIGITREC_CPU_HASWELL == 0 {
    Console.error("digitrec: this build needs an x86-64 CPU with AVX2 and FMA (Intel Haswell, AMD Excavator or later); for this one, build it with `make clean build DIGITREC_PORTABLE=1`")
    exit(1)
}
#endif
// Buffers up to 32 MB from the heap instead of each from its own mmap: glibc returns such an
// mmap to the kernel when it is freed, so the next buffer (the model file's bytes, then the
// batch-norm-folded weights, …) is fresh memory again, and each first touch of a fresh page
// is a page fault. From the heap, the folded weights reuse the pages the file's bytes had:
// ~440 of ~2,500 page faults of a `digitrec predict`.
mallopt(M_MMAP_THRESHOLD, 32 << 20)
// The engine falls back to all cores on a value it cannot use; the user should know it did.
if let threads = Environment.value("DIGITREC_THREADS"), !threads.isEmpty, (Int(threads) ?? 0) <= 0 {
    Console.error("digitrec: warning: DIGITREC_THREADS=\(threads) is not a positive whole number; using all cores")
}
var status: Int32 = 0
let arguments = Arguments.joiningNegativeValues(Arguments.raw())
do {
    if let problem = Arguments.commandProblem(arguments, commands: Digitrec.commandNames + ["interactive"])
        ?? Arguments.optionLikeFile(arguments) {
        Console.error(problem)
        throw ExitCode(2)
    }
    if let twice = Arguments.repeatedOption(arguments) {
        // Said here, before any parser: ArgumentParser would show the root's usage, not the command's.
        let command = arguments.first.flatMap { Digitrec.commandNames.contains($0) ? " " + $0 : nil } ?? ""
        Console.error("digitrec\(command): \(twice) is given more than once; give it once (see digitrec\(command) --help)")
        throw ExitCode(2)
    }
    if let quick = PredictRequest.quickParse(arguments) {
        try quick.run()
    } else {
        var command = try Digitrec.parseAsRoot(arguments)
        try command.run()
    }
} catch let code as ExitCode {
    status = code.rawValue
} catch {
    let code = Digitrec.exitCode(for: error)
    if code == .success {
        // `--help`, `--version`: printed through Console, so a full disk or a closed stdout is an error too.
        Console.out(Digitrec.fullMessage(for: error))
        exit(Console.finish(0))
    }
    let message = Digitrec.fullMessage(for: error)
    let unknown = code == .validationFailure ? Digitrec.unknownOptionMessage(arguments) : nil
    Console.error(unknown ?? message)
    status = code == .validationFailure ? 2 : code.rawValue
}
exit(Console.finish(status))
