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
