import Glibc
import ArgumentParser
import DigitModel
import MNIST

struct Download: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digitrec download",
        abstract: "Download the four MNIST files, verify them and store them.",
        discussion: """
            Tries public mirrors in order ($DIGITREC_MNIST_MIRRORS, comma-separated, overrides them),
            resumes partial downloads (.part files) and checks the SHA-256 of the decompressed content.

            Examples:
              digitrec download
              digitrec download --data ~/mnist
            """)

    @Option(help: "Target folder (default: $DIGITREC_DATA, else ~/.cache/digitrec/mnist).") var data: String?

    func run() throws {
        let env = Environment.variables
        let folder = DataLocator.downloadTarget(explicit: data, environment: env)
        let downloader = Downloader(mirrors: Downloader.mirrors(environment: env))
        let terminal = Console.stderrIsTerminal
        let lastDraw = LockedDouble()
        do {
            try downloader.downloadAll(into: folder) { event in
                switch event {
                case let .started(file, url, offset):
                    Console.error("\(file): \(offset > 0 ? "resuming at \(offset) bytes from" : "fetching") \(url)")
                case let .progress(file, received, total):
                    guard terminal, lastDraw.elapsed(0.1) else { return }
                    let fraction = total.map { Double(received) / Double(max($0, 1)) } ?? 0
                    Console.status("\(file) \(ProgressText.bar(fraction: fraction, width: 30)) \(Int(fraction * 100))% \(ProgressText.grouped(Int(received / 1024))) KiB")
                case let .finished(file, already):
                    if terminal { Console.status("") }
                    Console.error(already ? "\(file): already present and verified" : "\(file): done, checksum verified")
                case let .mirrorFailed(file, url, reason):
                    if terminal { Console.status("") }
                    Console.error("\(file): \(url) failed: \(reason)")
                }
            }
        } catch {
            Console.error("digitrec download: \(error)")
            throw ExitCode(1)
        }
        Console.out("MNIST is in \(folder)")
    }
}

final class LockedDouble: @unchecked Sendable {
    private var last = 0.0
    private var lock = pthread_mutex_t()
    init() { pthread_mutex_init(&lock, nil) }
    func elapsed(_ interval: Double) -> Bool {
        pthread_mutex_lock(&lock); defer { pthread_mutex_unlock(&lock) }
        let t = now()
        if t - last >= interval { last = t; return true }
        return false
    }
}
