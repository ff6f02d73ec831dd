import Foundation
import Glibc
import Testing
import TestSupport

/// Issue 14 against the release binary: special files, unbounded reads, names that are not
/// UTF-8, silent successes, output errors. Each test names the item it covers.
@Suite struct HardeningCLITests {
    static let model = Env.shippedModel
    static let seven = Env.root + "/digits/7_thin_canvas.png"


    // Item 1: a FIFO given to predict is refused at once and the next file is still read.
    @Test(.requires(.shippedModel)) func fifoArgumentIsRefusedAndLaterFilesAreRead() throws {
        _ = try Requirement.shippedModel.path()
        let dir = try Folder()
        defer { dir.remove() }
        let r = Spawn.run(["predict", "--model", Self.model, dir.fifo("pipe.png"), Self.seven], watchdog: 30)
        #expect(!r.hung, "predict blocked on the FIFO")
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("pipe.png") && r.stderr.contains("FIFO"), "\(r.stderr)")
        #expect(r.stdout.contains("7_thin_canvas.png: 7"), "\(r.stdout)")
    }

    // Walkthrough, session 26: a folder option given a FIFO or a device said "Not a directory"
    // (compare, finetune), and `download` asked every mirror before failing to write "into"
    // /dev/zero. Each now says what the path is, download as a usage error before the network.
    @Test(.requires(.shippedModel)) func folderOptionsSayWhatThePathIsInstead() throws {
        _ = try Requirement.shippedModel.path()
        let dir = try Folder()
        defer { dir.remove() }
        let fifo = dir.fifo("pipe")
        let compare = Spawn.run(["compare", Self.model, Self.model, "--images", fifo], watchdog: 30)
        #expect(!compare.hung && compare.status == 1, "\(compare.stderr)")
        #expect(compare.stderr.contains("pipe: a FIFO (named pipe), not a folder"), "\(compare.stderr)")
        let tune = Spawn.run(["finetune", "--model", Self.model, "--images", Self.seven], watchdog: 30)
        #expect(tune.status == 1 && tune.stderr.contains("7_thin_canvas.png: a file, not a folder"), "\(tune.stderr)")
        let download = Spawn.run(["download", "--data", "/dev/zero"], watchdog: 30)
        #expect(download.status == 2, "\(download.stderr)")
        #expect(download.stderr.contains("/dev/zero is a character device, not a folder") && !download.stderr.contains("mirror"), "\(download.stderr)")
    }

    // Walkthrough, session 29: a PNG whose first "chunk type" was ESC [2J cleared the terminal
    // through predict's error message. The damage is said in hex; stderr holds no control byte.
    @Test(.requires(.shippedModel)) func aDamagedChunkTypeNeverReachesTheTerminal() throws {
        _ = try Requirement.shippedModel.path()
        let dir = try Folder()
        defer { dir.remove() }
        let file = dir.file("e.png")
        let bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x3E, 0x28, 0x55, 0xD4, 0x1B, 0x5B, 0x32, 0x4A]
            + (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        FileManager.default.createFile(atPath: file, contents: Data(bytes))
        let r = Spawn.run(["predict", "--model", Self.model, file], watchdog: 30)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("e.png: ") && r.stderr.contains("damaged at byte 8: no PNG chunk there (type bytes 1B 5B 32 4A)"), "\(r.stderr)")
        #expect(!r.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(r.stderr.debugDescription)")
    }

    // Walkthrough, session 28: a dangling symbolic link said "no such file" of a name `ls` lists.
    @Test(.requires(.shippedModel)) func danglingLinkSaysWhereItPoints() throws {
        _ = try Requirement.shippedModel.path()
        let dir = try Folder()
        defer { dir.remove() }
        let link = dir.file("gone.png")
        symlink(dir.file("moved-away.png"), link)
        let r = Spawn.run(["predict", "--model", Self.model, link, Self.seven], watchdog: 30)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("gone.png: cannot read (a symbolic link to \(dir.file("moved-away.png")), which does not exist)"), "\(r.stderr)")
        #expect(r.stdout.contains("7_thin_canvas.png: 7"), "\(r.stdout)")
    }

    // Item 1: a FIFO inside a predict folder.
    @Test(.requires(.shippedModel)) func fifoInsideAFolderIsRefusedAndTheOtherImagesAreRead() throws {
        _ = try Requirement.shippedModel.path()
        let dir = try Folder()
        defer { dir.remove() }
        _ = dir.fifo("a.png")
        _ = dir.copy(Self.seven, "b.png")
        let r = Spawn.run(["predict", "--model", Self.model, dir.path], watchdog: 30)
        #expect(!r.hung)
        #expect(r.status == 1)
        #expect(r.stderr.contains("a.png") && r.stderr.contains("FIFO"), "\(r.stderr)")
        #expect(r.stdout.contains("b.png: 7"), "\(r.stdout)")
    }

    // Items 1, 7, 18: --model that is a FIFO, a directory, /dev/zero or a symlink loop is
    // refused at once with what it is (no "9223372036854775807 bytes" for a directory).
    @Test(.requires(.shippedModel), arguments: ["fifo", "directory", "/dev/zero", "loop"])
    func specialModelFileIsRefused(kind: String) throws {
        _ = try Requirement.shippedModel.path()
        let dir = try Folder()
        defer { dir.remove() }
        let path: String
        switch kind {
        case "fifo": path = dir.fifo("m.safetensors")
        case "directory": path = dir.path
        case "loop":
            path = dir.file("loop")
            symlink(dir.file("loop2"), path)
            symlink(path, dir.file("loop2"))
        default: path = kind
        }
        let r = Spawn.run(["predict", "--model", path, Self.seven], watchdog: 30)
        #expect(!r.hung, "\(kind): blocked")
        #expect(r.status == 1 && r.signal == 0, "\(kind): \(r.stderr)")
        let expected = ["fifo": "FIFO", "directory": "a directory", "/dev/zero": "character device", "loop": "symbolic links"][kind]!
        #expect(r.stderr.contains(expected), "\(kind): \(r.stderr)")
        #expect(!r.stderr.contains("9223372036854775807"), "\(r.stderr)")
        #expect(r.peakMB < 200, "\(kind): \(r.peakMB) MB")
    }

    // Item 1: a symlink loop given as an image.
    @Test(.requires(.shippedModel)) func symlinkLoopImageIsRefused() throws {
        _ = try Requirement.shippedModel.path()
        let dir = try Folder()
        defer { dir.remove() }
        symlink(dir.file("b.png"), dir.file("a.png"))
        symlink(dir.file("a.png"), dir.file("b.png"))
        let r = Spawn.run(["predict", "--model", Self.model, dir.file("a.png")], watchdog: 30)
        #expect(!r.hung && r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("symbolic links"), "\(r.stderr)")
    }

    // Item 1: --data whose test files are FIFOs: refused with what they are, no hang.
    @Test(.requires(.shippedModel)) func mnistFilesThatAreFIFOsAreRefused() throws {
        _ = try Requirement.shippedModel.path()
        let dir = try Folder()
        defer { dir.remove() }
        _ = dir.fifo("t10k-images-idx3-ubyte.gz")
        _ = dir.fifo("t10k-labels-idx1-ubyte.gz")
        let r = Spawn.run(["eval", "--model", Self.model, "--data", dir.path], watchdog: 30)
        #expect(!r.hung, "eval blocked on a FIFO")
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("t10k-images-idx3-ubyte.gz") && r.stderr.contains("FIFO"), "\(r.stderr)")
    }

    // Item 7: a 500 MB (sparse) model file whose first bytes are already invalid is refused
    // without being read whole.
    @Test(.requires(.shippedModel)) func hugeModelFileWithABadHeaderIsRefusedWithoutReadingIt() throws {
        _ = try Requirement.shippedModel.path()
        let dir = try Folder()
        defer { dir.remove() }
        let path = dir.file("huge.safetensors")
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(fd >= 0)
        _ = write(fd, [UInt8](repeating: 0xFF, count: 8), 8)
        #expect(ftruncate(fd, 500 << 20) == 0)
        close(fd)
        let r = Spawn.run(["predict", "--model", path, Self.seven], watchdog: 60)
        #expect(r.status == 1 && r.signal == 0, "\(r.stderr)")
        #expect(r.stderr.contains("huge.safetensors"), "\(r.stderr)")
        print("500 MB model file with a bad header: peak \(Int(r.peakMB)) MB")
        #expect(r.peakMB < 100, "peak \(r.peakMB) MB")
    }

    // Item 8: a file name that is not UTF-8 is opened, and shown escaped (plain and JSON, as a
    // file argument and inside a folder).
    @Test(.requires(.shippedModel)) func nonUTF8FileNameIsOpenedAndShownEscaped() throws {
        _ = try Requirement.shippedModel.path()
        let dir = try Folder()
        defer { dir.remove() }
        let name: [UInt8] = [0xFF, 0x2E, 0x70, 0x6E, 0x67]  // "\xff.png"
        let path = Array(dir.path.utf8) + [0x2F] + name
        let bytes = (try? Data(contentsOf: URL(fileURLWithPath: Self.seven))) ?? Data()
        let fd = path.map { CChar(bitPattern: $0) }.withUnsafeBufferPointer { p -> Int32 in
            var z = Array(p) + [0]
            return open(&z, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        }
        #expect(fd >= 0)
        bytes.withUnsafeBytes { _ = write(fd, $0.baseAddress, $0.count) }
        close(fd)
        let direct = Spawn.run([Array("predict".utf8), Array("--model".utf8), Array(Self.model.utf8), path], watchdog: 30)
        #expect(direct.status == 0, "\(direct.stderr)")
        #expect(direct.stdout.contains("\\xFF.png: 7"), "\(direct.stdout)")
        let folder = Spawn.run(["predict", "--json", "--model", Self.model, dir.path], watchdog: 30)
        #expect(folder.status == 0, "\(folder.stderr)")
        #expect(folder.stdout.contains(#"\\xFF.png","prediction":"7""#), "\(folder.stdout)")
        // The name's bytes, for a script to open it (walkthrough, session 25).
        #expect(folder.stdout.contains("\"file_bytes\":[" + path.map(String.init).joined(separator: ",") + "]"), "\(folder.stdout)")
    }

    // Item 9: nothing to do is a failure that says why.
    @Test(.requires(.shippedModel)) func emptyFolderAndFolderNamedLikeAnImageFail() throws {
        _ = try Requirement.shippedModel.path()
        let dir = try Folder()
        defer { dir.remove() }
        let empty = dir.file("empty"), pngDir = dir.file("x.png")
        try? FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        try? FileManager.default.createDirectory(atPath: pngDir, withIntermediateDirectories: true)
        for folder in [empty, pngDir] {
            let r = Spawn.run(["predict", "--model", Self.model, folder], watchdog: 30)
            #expect(r.status == 1, "\(folder): \(r.stderr)")
            #expect(r.stderr.contains("no PNG or JPEG images"), "\(r.stderr)")
        }
        _ = dir.copy(Self.seven, "empty/a.png")
        FileManager.default.createFile(atPath: dir.file("empty/notes.txt"), contents: Data("hi".utf8))
        let r = Spawn.run(["predict", "--model", Self.model, empty], watchdog: 30)
        #expect(r.status == 0)
        #expect(r.stderr.contains("skipped 1 other file"), "\(r.stderr)")
        let missing = Spawn.run(["predict", "--model", Self.model, dir.file("nope/")], watchdog: 30)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no such file"), "\(missing.stderr)")
    }

    // Item 18: the interactive program's --digits must name a folder that exists.
    @Test func digitsFolderThatDoesNotExistIsAUsageError() {
        let r = Spawn.run(["--digits", "/nonexistent-digitrec-folder"], watchdog: 30)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("no such folder"), "\(r.stderr)")
    }

    // Item 13: stdout on a full disk.
    @Test(.requires(.shippedModel)) func failedWriteToStdoutExits1() throws {
        _ = try Requirement.shippedModel.path()
        let r = Spawn.run(["predict", "--json", "--model", Self.model, Self.seven], stdout: "/dev/full", watchdog: 30)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("standard output"), "\(r.stderr)")
    }

    // Nobody reads the rest (`| head`, a full disk): predict stops at the first failed write
    // instead of reading every image for nothing. The folder's last entry is a FIFO, which
    // predict would report on stderr had it gone on.
    @Test(.requires(.shippedModel)) func predictStopsWhenStdoutFails() throws {
        _ = try Requirement.shippedModel.path()
        let dir = try Folder()
        defer { dir.remove() }
        for name in ["a.png", "b.png", "c.png"] { _ = dir.copy(Env.samples + "/3_icon_alpha.png", name) }
        _ = dir.fifo("zz.png")
        let r = Spawn.run(["predict", "--model", Self.model, dir.path], stdout: "/dev/full", watchdog: 30)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("standard output") && !r.stderr.contains("zz.png"), "\(r.stderr)")
    }

    // Item 2: numeric options are validated before anything runs.
    @Test(arguments: ["nan", "inf", "-0.1", "1e30"]) func badWeightDecayIsAUsageError(value: String) {
        let r = Spawn.run(["train", "--weight-decay", value, "--epochs", "1"], watchdog: 30)
        #expect(r.status == 2, "\(value): \(r.stderr)")
        #expect(r.stderr.contains("--weight-decay"), "\(r.stderr)")
    }

    /// Walkthrough: a misspelt command, an image without `predict`, options before the command
    /// and `help` of no command got the interactive program's usage ("2 unexpected arguments")
    /// or the top-level help with exit 0; a negative value was "missing"; an empty file name and
    /// a --data that is no folder did not say so.
    @Test func commandLineSlipsAreSaidInTheUsersTerms() throws {
        let cases: [([String], Int32, String)] = [
            (["predit", "x.png"], 2, "no command 'predit' (did you mean predict?)"),
            (["digits/3_pen.png"], 2, "to read an image: digitrec predict digits/3_pen.png"),
            (["--model", "m.safetensors", "predict", "f.png"], 2, "the command comes first, then its options: digitrec predict --model m.safetensors f.png"),
            (["help", "nosuch"], 2, "digitrec help: no command 'nosuch'"),
            // A command's name as an option's value is the value (review: a folder named eval).
            (["--digits", "eval"], 2, "--digits eval: no such folder"),
            (["--ascii", "predict", "x.png"], 2, "the command comes first, then its options: digitrec predict --ascii x.png"),
            (["train", "--epochs", "-1"], 2, "--epochs must be between 1 and 1000"),
            (["train", "--lr", "-0.1"], 2, "--lr must be a positive number"),
            (["predict", ""], 2, "an empty file name"),
            (["eval", "--data", "/nonexistent-digitrec"], 1, "Looked in: /nonexistent-digitrec (no such folder)"),
            (["eval", "--data", "/dev/zero"], 1, "Looked in: /dev/zero (not a folder)"),
        ]
        for (args, status, message) in cases {
            let r = Spawn.run(args, watchdog: 30)
            #expect(r.status == status && r.stderr.contains(message), "\(args): \(r.status) \(r.stderr)")
        }
        #expect(Spawn.run(["help", "predict"], watchdog: 30).status == 0)
    }

    /// `Arguments.flags` is typed by hand: every flag of every command (from ArgumentParser's
    /// own dump) must be in it, or `--that-flag predict x.png` takes "predict" for its value
    /// and the "command comes first" hint is lost.
    @Test func everyFlagIsKnownToTheCommandLineChecks() throws {
        let dump = Spawn.run(["--experimental-dump-help"], watchdog: 30)
        let root = try #require((try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])?["command"] as? [String: Any])
        var flags = Set<String>()
        func walk(_ command: [String: Any]) {
            for argument in command["arguments"] as? [[String: Any]] ?? [] where argument["kind"] as? String == "flag" {
                for name in argument["names"] as? [[String: Any]] ?? [] {
                    guard let n = name["name"] as? String else { continue }
                    flags.insert((name["kind"] as? String == "short" ? "-" : "--") + n)
                }
            }
            (command["subcommands"] as? [[String: Any]] ?? []).forEach(walk)
        }
        walk(root)
        #expect(flags.contains("--json") && flags.contains("--mistakes"), "\(flags)")
        for flag in flags.sorted() where !["--help", "-h", "--version"].contains(flag) && !flag.hasPrefix("-help") {
            let r = Spawn.run([flag, "predict", "nosuch.png"], watchdog: 30)
            #expect(r.status == 2 && r.stderr.contains("the command comes first, then its options: digitrec predict \(flag) nosuch.png"),
                    "\(flag): \(r.stderr)")
        }
    }

    /// Walkthrough: `predict -1.png` passed over the file without a word ("name at least one
    /// PNG or JPEG file"); after `--` or as ./-1.png it is read.
    @Test func aFileNamedLikeAnOptionIsSaid() throws {
        let dir = try Folder()
        defer { dir.remove() }
        try FileManager.default.copyItem(atPath: Env.root + "/digits/3_font_white_on_black.png", toPath: dir.file("-1.png"))
        let model = Env.shippedModel
        let r = Spawn.run(["predict", "--model", model, "-1.png"], watchdog: 30, in: dir.path)
        #expect(r.status == 2 && r.stderr.contains("'-1.png' looks like an option; to name the file, write ./-1.png or put -- before it"), "\(r.status) \(r.stderr)")
        for args in [["predict", "--model", model, "--", "-1.png"], ["predict", "--model", model, "./-1.png"]] {
            let ok = Spawn.run(args, watchdog: 30, in: dir.path)
            #expect(ok.status == 0 && ok.stdout.contains(": 3"), "\(args): \(ok.stderr)")
        }
        // A negative number is an option's value, not a file, even where such a file exists.
        try FileManager.default.copyItem(atPath: dir.file("-1.png"), toPath: dir.file("-1"))
        #expect(Spawn.run(["train", "--epochs", "-1"], watchdog: 30, in: dir.path).stderr.contains("--epochs must be between 1 and 1000"))
    }

    // Item 14: a target that cannot be written is refused before training (no data needed:
    // the check comes first, so no "training" line is ever printed).
    @Test func badOutputTargetIsRefusedBeforeTraining() throws {
        let dir = try Folder()
        defer { dir.remove() }
        let long = dir.file(String(repeating: "a", count: 250) + ".safetensors")
        let notFolder = dir.file("file")
        FileManager.default.createFile(atPath: notFolder, contents: Data())
        for (out, message) in [(long, "longer than 255 bytes"), (notFolder + "/m.safetensors", "not a folder"),
                               (dir.path, "exists and is a directory, not a model file"), ("/proc/saved_models/m.safetensors", "cannot create folder"),
                               ("/proc/digitrec-none/saved_models/m.safetensors", "/proc/digitrec-none/saved_models does not exist"),
                               (dir.file("saved_model/m.safetensors"), "the folder \(dir.file("saved_model")) does not exist")] {
            let r = Spawn.run(["train", "--epochs", "1", "--out", out, "--data", dir.path], watchdog: 30)
            #expect(r.status == 1, "\(out): \(r.stderr)")
            #expect(r.stderr.contains(message), "\(out): \(r.stderr)")
            #expect(!r.stderr.contains("MNIST not found"), "checked before the data is looked for: \(r.stderr)")
        }
        // A models folder that does not exist yet is fine: it is made before the training
        // starts, and taken away again when the run fails (here: no data). Any other missing
        // folder was refused above: a slip of the path (walkthrough).
        try FileManager.default.createDirectory(atPath: dir.file("new"), withIntermediateDirectories: false)
        let fresh = dir.file("new/saved_models/m.safetensors")
        let r = Spawn.run(["train", "--epochs", "1", "--out", fresh, "--data", dir.path], watchdog: 30)
        #expect(r.status == 1 && r.stderr.contains("MNIST not found"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("new/saved_models")), "a failed run leaves no empty --out folder")
    }

    // Red team, session 12: `train --out` replaces only a digitrec model. A photo or notes
    // named by a slip is refused before training (no data needed: the check comes first).
    @Test func trainRefusesToReplaceAFileThatIsNotAModel() throws {
        let dir = try Folder()
        defer { dir.remove() }
        let notes = dir.file("notes.txt")
        let text = Data("my notes\n".utf8)
        FileManager.default.createFile(atPath: notes, contents: text)
        let r = Spawn.run(["train", "--epochs", "1", "--out", notes, "--data", dir.path], watchdog: 30)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("is not a digitrec model") && r.stderr.contains("notes.txt"), "\(r.stderr)")
        #expect(!r.stderr.contains("MNIST not found"), "checked before the data is looked for: \(r.stderr)")
        #expect(FileManager.default.contents(atPath: notes) == text)
    }

    // Red team, session 12: an option given twice is a usage error (ArgumentParser would keep
    // the last one silently), whether spelt `--model X` or `--model=X`.
    @Test(arguments: [["predict", "--model", "/nonexistent.safetensors", "--model", "m.safetensors", "x.png"],
                      ["eval", "--json", "--json"], ["train", "--epochs", "1", "--epochs=2"]])
    func repeatedOptionIsAUsageError(arguments: [String]) {
        let r = Spawn.run(arguments, watchdog: 30)
        #expect(r.status == 2, "\(arguments): \(r.stderr)")
        #expect(r.stderr.contains("more than once"), "\(r.stderr)")
    }

    // Red team, session 12: an empty path (an unset shell variable) is a usage error, never
    // the current folder or `/`.
    @Test(arguments: [["download", "--data", ""], ["eval", "--data", ""], ["export", "--onnx", ""],
                      ["train", "--out", ""], ["finetune", "--images", "", "--model", "m.safetensors"], ["--digits", ""]])
    func emptyPathIsAUsageError(arguments: [String]) {
        let r = Spawn.run(arguments, watchdog: 30)
        #expect(r.status == 2, "\(arguments): \(r.stderr)")
        #expect(r.stderr.contains("empty path"), "\(r.stderr)")
    }

    // Red team, session 12: `--help` and `--version` on a full disk fail like every other output.
    @Test(arguments: [["--help"], ["--version"], ["predict", "--help"]])
    func helpToAFullDiskExits1(arguments: [String]) {
        let r = Spawn.run(arguments, stdout: "/dev/full", watchdog: 30)
        #expect(r.status == 1, "\(arguments): \(r.stderr)")
        #expect(r.stderr.contains("standard output"), "\(r.stderr)")
        let fine = Spawn.run(arguments, watchdog: 30)
        #expect(fine.status == 0 && !fine.stdout.isEmpty, "\(fine.stdout)")
    }

    // Red team, session 12: a DIGITREC_THREADS the engine cannot use is said, not ignored.
    @Test(arguments: ["abc", "-1", "0", "2.5"]) func badThreadCountInTheEnvironmentIsWarned(value: String) throws {
        let r = try CLI.run(["--version"], env: ["DIGITREC_THREADS": value])
        #expect(r.status == 0)
        #expect(r.stderr.contains("DIGITREC_THREADS=\(value) is not a positive whole number"), "\(r.stderr)")
        let fine = try CLI.run(["--version"], env: ["DIGITREC_THREADS": "2"])
        #expect(fine.stderr.isEmpty, "\(fine.stderr)")
    }
}
