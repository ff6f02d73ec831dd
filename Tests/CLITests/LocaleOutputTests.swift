import Foundation
import Testing
import TestSupport

/// A terminal whose locale is not UTF-8 (LANG=C over SSH, a Latin-1 console) gets ASCII from the
/// command line: no "✓", half blocks or dashes it would show as mojibake. Output into a pipe or
/// a file stays the same bytes whatever the locale. `script` gives the command a terminal.
extension Requirement {
    static let script = Requirement("util-linux's script (Debian's bsdutils)", at: "/usr/bin/script", isThere: Requirement.isExecutable)
}

@Suite(.requires(.shippedModel, .script)) struct LocaleOutputTests {
    static let image = Env.samples + "/3_icon_alpha.png"

    /// Runs `digitrec ARGS` on a pseudo-terminal (util-linux's `script`), with `locale` as LC_ALL.
    func onTerminal(_ args: [String], locale: String) throws -> String {
        let command = ([Env.digitrec] + args).map { "'\($0)'" }.joined(separator: " ")
        let out = try ChildProcess.run([try Requirement.script.path(), "-qec", command, "/dev/null"],
                                       environment: ["LC_ALL": locale, "COLUMNS": "80"], timeout: 60)
        #expect(out.status == 0, "\(args): \(out.stderr)")
        return out.stdout
    }

    @Test(arguments: [["predict", Self.image], ["predict", "--art", Self.image], ["--help"]])
    func aCLocaleTerminalGetsASCII(args: [String]) throws {
        let plain = try onTerminal(args, locale: "C"), utf8 = try onTerminal(args, locale: "C.UTF-8")
        let plainIsASCII = plain.utf8.allSatisfy { $0 < 0x80 }, utf8IsASCII = utf8.utf8.allSatisfy { $0 < 0x80 }
        #expect(!plain.isEmpty && plainIsASCII, "only ASCII in a C locale:\n\(plain)")
        #expect(!utf8IsASCII, "a UTF-8 terminal keeps its symbols:\n\(utf8)")
        if args.first == "predict" { #expect(plain.contains("3"), "the reading is still there:\n\(plain)") }
        // digitrec's own words all have an ASCII spelling: no "?" for a symbol it wrote itself.
        #expect(!plain.contains("?"), "a symbol without an ASCII spelling:\n\(plain)")
    }

    /// JSON is data: a name in another script stays itself on a C-locale terminal too.
    @Test func jsonKeepsUTF8OnACLocaleTerminal() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let name = dir.file("3_数字.png")
        try FileManager.default.copyItem(atPath: Self.image, toPath: name)
        let out = try onTerminal(["predict", "--json", name], locale: "C")
        #expect(out.contains("3_数字.png") && out.contains("\"prediction\":\"3\""), "\(out)")
    }

    @Test func aPipeGetsTheSameBytesInAnyLocale() throws {
        let c = try ChildProcess.run([Env.digitrec, "predict", Self.image], environment: ["LC_ALL": "C"])
        let utf8 = try ChildProcess.run([Env.digitrec, "predict", Self.image], environment: ["LC_ALL": "C.UTF-8"])
        #expect(c.status == 0 && c.stdout == utf8.stdout && c.stdout.contains("✓"), "\(c.stdout) / \(utf8.stdout)")
    }
}
