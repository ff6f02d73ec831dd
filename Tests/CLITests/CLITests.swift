import Foundation
import Testing
import TestSupport

/// Runs the built `digitrec` binary from the package root (80 columns, so help text wraps the
/// same everywhere) and checks stdout, stderr and exit codes.
enum CLI {
    static func run(_ args: [String], env: [String: String?] = [:]) throws -> CommandOutput {
        try ChildProcess.run([Env.digitrec] + args, environment: ["COLUMNS": "80"].merging(env) { $1 }, in: Env.root)
    }

    static func json(_ line: Substring) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "a JSON object: \(line)")
    }

    /// The number in "test accuracy 97.84% …" (stdout of `train`).
    static func testAccuracy(_ stdout: String) throws -> Double {
        let line = try #require(stdout.split(separator: "\n").first { $0.hasPrefix("test accuracy ") }, "\(stdout)")
        let word = try #require(line.split(separator: " ").dropFirst(2).first, "\(line)")
        return try #require(Double(word.dropLast()), "a percentage: \(line)")
    }
}

@Suite struct CLIContractTests {
    /// The whole help of one command, pinned: `predict --help` and `help predict` print the same
    /// text (Tests/CLITests/Snapshots/predict-help.txt; RECORD_SNAPSHOTS=1 re-records it).
    @Test func predictHelpIsPinned() throws {
        let flag = try CLI.run(["predict", "--help"]), command = try CLI.run(["help", "predict"])
        #expect(flag.status == 0)
        #expect(command.status == 0)
        #expect(flag.stderr == "")
        #expect(command.stderr == "")
        #expect(command.stdout == flag.stdout)
        Snapshot.check(flag.stdout, named: "predict-help.txt")
    }

    /// Every command's help the same both ways, with its usage line and examples that fit 80 columns.
    @Test(arguments: ["interactive", "train", "eval", "predict", "dataset", "compare", "finetune", "average", "export", "download"])
    func helpOfEveryCommand(_ cmd: String) throws {
        let flag = try CLI.run([cmd, "--help"]), command = try CLI.run(["help", cmd])
        #expect(flag.status == 0)
        #expect(command.status == 0)
        #expect(flag.stderr == "")
        #expect(command.stdout == flag.stdout)
        let lines = flag.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(flag.stdout.hasPrefix("OVERVIEW: "))
        #expect(lines.filter { $0.hasPrefix("USAGE: digitrec \(cmd) ") }.count == 1, "\(flag.stdout)")
        let start = try #require(lines.firstIndex(of: "Examples:"), "\(cmd) --help has examples")
        let examples = lines[(start + 1)...].prefix { !$0.isEmpty }
        #expect(!examples.isEmpty)
        #expect(examples.allSatisfy { $0.hasPrefix("  digitrec") }, "an example wrapped: \(examples)")
    }

    @Test func rootHelpListsEveryCommand() throws {
        let r = try CLI.run(["--help"])
        #expect(r.status == 0)
        #expect(r.stderr == "")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex(of: "SUBCOMMANDS:"), "\(r.stdout)")
        let names = lines[(start + 1)...].prefix { !$0.isEmpty }
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(names == ["interactive", "train", "eval", "predict", "dataset", "compare", "finetune", "average", "export", "download"])
        #expect(r.stdout.hasSuffix("\n  See 'digitrec help <subcommand>' for detailed help.\n"))
    }

    /// libcurl (and URLSession, which links it) is loaded only by `download`: linked, it and the
    /// ~30 libraries behind it cost every `digitrec predict` 7 ms of start-up.
    @Test func startsWithoutLoadingNetworkingLibraries() throws {
        let r = try ChildProcess.run(["ldd", Env.digitrec])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("libc.so"), "ldd listed the binary's libraries: \(r.stdout)")
        #expect(!r.stdout.contains("libcurl"), "\(r.stdout)")
        #expect(!r.stdout.contains("FoundationNetworking"), "\(r.stdout)")
    }

    /// The exact usage error: the problem, the usage line, the hint once; exit 2, nothing on stdout.
    @Test func predictWithoutFilesIsAUsageError() throws {
        let r = try CLI.run(["predict"])
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(r.stderr == """
            Error: name at least one PNG or JPEG file, or a folder
            Usage: digitrec predict [--model <path>] [--json] [--art] [--ascii] [<file-or-folder> ...]
              See 'digitrec predict --help' for more information.

            """)
        #expect(r.stderr.components(separatedBy: "See 'digitrec").count == 2, "the hint exactly once")
        // Walkthrough, session 28: a misspelt option alone was answered "name at least one file".
        let bogus = try CLI.run(["predict", "--bogus"])
        #expect(bogus.status == 2 && bogus.stderr.hasPrefix("Error: Unknown option '--bogus'\n"), "\(bogus.stderr)")
        // Walkthrough, session 30: the commands that need an argument said it was missing.
        for command in ["finetune", "compare", "export", "average"] {
            let r = try CLI.run([command, "--bogus=1"])
            #expect(r.status == 2 && r.stderr.hasPrefix("Error: Unknown option '--bogus'\nUsage: digitrec \(command) ")
                    && r.stderr.hasSuffix("See 'digitrec \(command) --help' for more information.\n"), "\(command): \(r.stderr)")
        }
        // A guess within two edits (case too), none beyond (ArgumentParser guessed --out for --bogus).
        for (args, said) in [(["train", "--epocs", "2"], "Error: Unknown option '--epocs' (did you mean --epochs?)\n"),
                             (["predict", "--JSON", "x.png"], "Error: Unknown option '--JSON' (did you mean --json?)\n"),
                             (["train", "--bogus"], "Error: Unknown option '--bogus'\nUsage: digitrec train <options>\n")] {
            let r = try CLI.run(args)
            #expect(r.status == 2 && r.stderr.hasPrefix(said), "\(args): \(r.stderr)")
        }
        // Review, session 31: a value that starts with "-" is no unknown option; `help CMD`
        // speaks of CMD's options; the typed name, not the joined `--bogus=-1`.
        for (args, said) in [(["finetune", "--images", "-scans"], "Error: '-scans' after --images looks like an option: for the value, write --images=-scans (or ./-scans for a file or folder)\nUsage: digitrec finetune "),
                             (["help", "finetune", "--bogus"], "Error: Unknown option '--bogus'\nUsage: digitrec finetune "),
                             (["train", "--bogus", "-1"], "Error: Unknown option '--bogus'\nUsage: digitrec train ")] {
            let r = try CLI.run(args)
            #expect(r.status == 2 && r.stderr.hasPrefix(said), "\(args): \(r.stderr)")
        }
        // Known options only: the missing argument is the news.
        let missing = try CLI.run(["finetune", "--json", "--epochs", "2"])
        #expect(missing.status == 2 && missing.stderr.hasPrefix("Error: Missing expected argument '--images <dir>'"), "\(missing.stderr)")
        let dashes = try CLI.run(["predict", "--"])
        #expect(dashes.status == 2 && dashes.stderr.hasPrefix("Error: name at least one PNG"), "\(dashes.stderr)")
        let valued = try CLI.run(["predict", "--model=mlp"])
        #expect(valued.status == 2 && valued.stderr.hasPrefix("Error: name at least one PNG"), "\(valued.stderr)")
    }

    static let usageErrors: [([String], String)] = [
        (["train", "--epochs", "0"], """
            Error: --epochs must be between 1 and 1000
            Usage: digitrec train <options>
              See 'digitrec train --help' for more information.

            """),
        (["train", "--augment", "--augment-extra", "elastic,blur"], """
            Error: --augment-extra: unknown distortion 'blur' (known: elastic, fade, styles, separated by commas)
            Usage: digitrec train <options>
              See 'digitrec train --help' for more information.

            """),
        (["train", "--augment", "--augment-extra", "styles=0.9"], """
            Error: --augment-extra styles=F: the share of style digits F must be a number from 0.001 to 0.5 (got '0.9')
            Usage: digitrec train <options>
              See 'digitrec train --help' for more information.

            """),
        (["train", "--augment-extra", "fade"], """
            Error: --augment-extra adds to --augment; give both
            Usage: digitrec train <options>
              See 'digitrec train --help' for more information.

            """),
        // Options before any subcommand belong to the interactive program, the default.
        (["--bogus"], """
            Error: Unknown option '--bogus'
            Usage: digitrec interactive [--model <path>] [--digits <dir>] [--data <dir>] [--ascii]
              See 'digitrec interactive --help' for more information.

            """),
        (["train", "--arch", "nope"], """
            Error: The value 'nope' is invalid for '--arch <arch>'. Please provide one of the following:
              - mlp
              - cnn
              - small
              - deep
              - fast
              - sprint
            Help:  --arch <arch>  Architecture preset: cnn is the classic, sprint the fastest, deep the shipped model's.
            Usage: digitrec train <options>
              See 'digitrec train --help' for more information.

            """),
        (["eval", "--json", "extra"], """
            Error: Unexpected argument 'extra'
            Usage: digitrec eval [--model <path>] [--data <dir>] [--json] [--mistakes]
              See 'digitrec eval --help' for more information.

            """),
        // Walkthrough (session 23): --art was dropped without a word (the quick parse too).
        (["predict", "--art", "--json", "digits/0_mnist_size.png"], """
            Error: --art draws pictures and --json prints data: choose one
            Usage: digitrec predict [--model <path>] [--json] [--art] [--ascii] [<file-or-folder> ...]
              See 'digitrec predict --help' for more information.

            """),
    ]

    @Test(arguments: usageErrors)
    func usageErrorsExitWith2(_ args: [String], stderr: String) throws {
        let r = try CLI.run(args)
        #expect(r.status == 2, "\(args)")
        #expect(r.stdout == "")
        #expect(r.stderr == stderr)
    }

    @Test func interactiveProgramRefusesWithoutATerminal() throws {
        let r = try CLI.run([])
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(r.stderr.hasPrefix("digitrec: the interactive program needs a terminal; see `digitrec --help` for the subcommands ("))
        // Every subcommand --help lists, from the command tree (review: a list typed by hand).
        let help = try CLI.run(["--help"]).stdout.split(separator: "\n")
        let start = try #require(help.firstIndex { $0.hasPrefix("SUBCOMMANDS:") })
        let rows: [Substring] = help[(start + 1)...].prefix { !$0.isEmpty }.filter { !$0.hasPrefix("   ") }
        let words: [String] = rows.compactMap { $0.split(separator: " ").first.map(String.init) }
        let names = words.filter { $0 != "interactive" && $0 != "help" && $0.allSatisfy(\.isLowercase) }
        #expect(names.count >= 9 && names.allSatisfy { r.stderr.contains($0) }, "\(names) \(r.stderr)")
        // An image's path for --digits passes validation (its folder, at it), as `o` takes one;
        // a text file is still "not a folder".
        let image = try CLI.run(["--digits", "digits/0_mnist_size.png"])
        #expect(image.status == 2 && image.stderr.hasPrefix("digitrec: the interactive program needs a terminal"), "\(image.stderr)")
        let text = try CLI.run(["--digits", "README.md"])
        #expect(text.status == 2 && text.stderr.contains("--digits README.md: not a folder"), "\(text.stderr)")
        // A phone's HEIC photo is named as such (walkthrough, session 29).
        let dir = try TempDir()
        defer { dir.remove() }
        FileManager.default.createFile(atPath: dir.file("IMG_0001.HEIC"), contents: Data([0, 0, 0, 24] + Array("ftypheic".utf8)))
        let heic = try CLI.run(["--digits", dir.file("IMG_0001.HEIC")])
        #expect(heic.status == 2 && heic.stderr.contains("IMG_0001.HEIC: a HEIC image, which digitrec does not read (PNG and JPEG only; convert it first)"), "\(heic.stderr)")
    }

    @Test func missingModelIsAClearError() throws {
        let r = try CLI.run(["eval", "--model", "/nonexistent/m.safetensors"])
        #expect(r.status == 1)
        #expect(r.stderr == "digitrec eval: /nonexistent/m.safetensors: no such file\n")
    }

    /// Walkthrough: the load list calls the models "default" and "mlp", `--model mlp` said
    /// "mlp: no such file". A bare name is the models folder's file; a name nothing has, as before.
    @Test(.requires(.shippedModel)) func aModelIsFoundByTheNameTheLoadListShows() throws {
        try Requirement.shippedModel.path()
        let r = try CLI.run(["predict", "--model", "mlp", "--json", "digits/0_mnist_size.png"])
        #expect(r.status == 0 && r.stdout.contains("\"prediction\":\"0\""), "\(r.stdout) \(r.stderr)")
        let compared = try CLI.run(["compare", "default", "mlp", "--images", "digits", "--json"])
        #expect(compared.status == 0, "\(compared.stderr)")
        let missing = try CLI.run(["eval", "--model", "nosuchmodel"])
        // Walkthrough (session 23): it said where it looked, and what is there.
        #expect(missing.status == 1 && missing.stderr.hasPrefix("digitrec eval: --model \"nosuchmodel\": no such file here, nor saved_models/nosuchmodel.safetensors (models there: default, "),
                "\(missing.stderr)")
        #expect(missing.stderr.contains("mlp"), "\(missing.stderr)")
    }

    /// Walkthrough: `--data /tmp` (a mistyped path) said "/tmp: 1563 classes…": the folder was
    /// read as a dataset of class folders, without a word that no MNIST was there.
    @Test func aFolderWithoutMNISTSaysSoBeforeItsClassFolders() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.file("a"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir.file("b"), withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: dir.file("a/x.png"), contents: Data())
        let r = try CLI.run(["eval", "--data", dir.path], env: ["DIGITREC_DATA": nil])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("digitrec eval: \(dir.path): no MNIST files here, so it was read as a dataset of class folders (one per label): "), "\(r.stderr)")
    }

    @Test func damagedModelIsAClearError() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("bad.safetensors")
        // Not text (text is named as such): the first 8 bytes, "this is" and 0x80, read as the
        // little-endian header length.
        try Data(Array("this is".utf8) + [0x80] + Array(" not a model".utf8)).write(to: URL(fileURLWithPath: path))
        let r = try CLI.run(["predict", "--model", path, "x.png"])
        #expect(r.status == 1)
        #expect(r.stdout == "")
        #expect(r.stderr == "digitrec predict: \(path): header claims 9255857247272659060 bytes (limit 4194304) — damaged or not a model file\n")
        try Data("this is not a model".utf8).write(to: URL(fileURLWithPath: path))
        let text = try CLI.run(["predict", "--model", path, "x.png"])
        #expect(text.status == 1 && text.stderr == "digitrec predict: \(path): not a safetensors model file (it is text, not a model)\n", "\(text.stderr)")
    }

    @Test func missingDataSaysWhereToPutIt() throws {
        let r = try CLI.run(["eval", "--data", "/nonexistent/mnist"], env: ["DIGITREC_DATA": nil])
        #expect(r.status == 1)
        #expect(r.stderr == """
            digitrec eval: MNIST not found. Looked in: /nonexistent/mnist (no such folder).
            Run `digitrec download`, or put the four files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, \
            t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz) in that folder.

            """)
    }

    /// A file given as --data is no folder to put the files in (walkthrough: "in that folder" of /dev/zero).
    @Test func dataThatIsAFileSaysToNameAFolder() throws {
        let r = try CLI.run(["eval", "--data", "/dev/zero"], env: ["DIGITREC_DATA": nil])
        #expect(r.status == 1)
        #expect(r.stderr.contains("Looked in: /dev/zero (not a folder)."), "\(r.stderr)")
        #expect(r.stderr.hasSuffix("in a folder and pass that with --data DIR.\n"), "\(r.stderr)")
    }

    /// The first image is read while the model loads: its failure is still reported in its
    /// place, after nothing about the model, and a model that cannot be loaded is the only error.
    @Test(.requires(.shippedModel)) func theFirstImageReadBesideTheModelLoadKeepsItsPlace() throws {
        try Requirement.shippedModel.path()
        let r = try CLI.run(["predict", "/nonexistent.png", "digits/0_mnist_size.png"])
        #expect(r.status == 1)
        #expect(r.stderr == "/nonexistent.png: cannot read (no such file)\n")
        #expect(r.stdout.hasPrefix("digits/0_mnist_size.png: 0  ("), "\(r.stdout)")
        let m = try CLI.run(["predict", "--model", "/nonexistent/m.safetensors", "/nonexistent.png"])
        #expect(m.status == 1)
        #expect(m.stderr == "digitrec predict: /nonexistent/m.safetensors: no such file\n")
        #expect(m.stdout == "")
    }

    /// The text output says a reading is unsure, as the gallery does (the walk: "1_flag.png: 1
    /// (83.4%)  ✓" where the gallery said "unsure: 1 or 7?"). An untrained model is unsure of
    /// everything; the shipped one is sure of a clean MNIST digit.
    @Test(.requires(.shippedModel)) func predictSaysWhenItIsUnsure() throws {
        try Requirement.shippedModel.path()
        let dir = try TempDir()
        defer { dir.remove() }
        let model = dir.file("untrained.safetensors")
        let made = try ChildProcess.run([Env.digitBench, "init-model", "mlp", model], in: Env.root)
        try #require(made.status == 0, "\(made.stderr)")
        let r = try CLI.run(["predict", "--model", model, "digits/0_mnist_size.png"])
        #expect(r.status == 0 && r.stdout.contains("%)  unsure: ") && r.stdout.contains(" or ") && r.stdout.contains("?"), "\(r.stdout)")
        let two = try CLI.run(["predict", "--model", model, "digits/1907_thin_blue.png"])
        #expect(two.stdout.contains(" digit, ") && two.stdout.contains("%)  unsure: "), "the least sure digit of a number: \(two.stdout)")
        let sure = try CLI.run(["predict", "digits/0_mnist_size.png"])
        #expect(!sure.stdout.contains("unsure"), "\(sure.stdout)")
    }

    /// Review: a folder's problem also says it without the name in "error" (README: the error
    /// without the file's name); stderr keeps the name.
    @Test(.requires(.shippedModel)) func predictJSONSaysAFoldersProblemWithoutItsName() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let j = try CLI.run(["predict", "--json", dir.path])
        #expect(j.status == 1 && j.stdout.contains("\"error\":\"no PNG or JPEG images in this folder\""), "\(j.stdout)")
        let t = try CLI.run(["predict", dir.path])
        #expect(t.stderr.contains("\(dir.path): no PNG or JPEG images in this folder"), "\(t.stderr)")
    }

    @Test(.requires(.testdata, .shippedModel)) func predictJSONReportsEveryFileAndKeepsGoing() throws {
        let hostile = try Requirement.testdata.path() + "/png-hostile"
        try Requirement.shippedModel.path()
        let files = [hostile + "/digit-7-gray8-28x28.png", "/nonexistent.png", hostile + "/jpeg-renamed.png",
                     hostile + "/digit-7-rgba-alpha-only.png", hostile + "/all-white-28x28.png"]
        let r = try CLI.run(["predict", "--json"] + files)
        #expect(r.status == 1, "some input failed")
        #expect(r.stderr == "")
        let lines = r.stdout.split(separator: "\n")
        try #require(lines.count == files.count, "one line per file: \(r.stdout)")
        let objects = try lines.map(CLI.json)
        #expect(objects.map { $0["file"] as? String } == files)
        #expect(Set(objects[2].keys) == ["file", "prediction", "lines", "digits"], "\(objects[2])")
        #expect(objects[2]["prediction"] as? String == "7", "a JPEG named .png: the content decides")
        for i in [0, 3] {
            #expect(Set(objects[i].keys) == ["file", "prediction", "lines", "digits"], "\(objects[i])")
            #expect(objects[i]["prediction"] as? String == "7")
            #expect(objects[i]["lines"] as? [String] == ["7"])
            let digits = try #require(objects[i]["digits"] as? [[String: Any]], "\(objects[i])")
            try #require(digits.count == 1)
            #expect(digits[0]["label"] as? Int == 7)
            let probabilities = try #require(digits[0]["probabilities"] as? [Double])
            #expect(probabilities.count == 10)
            #expect(abs(probabilities.reduce(0, +) - 1) < 1e-4)
            #expect(probabilities.firstIndex(of: try #require(probabilities.max())) == 7)
            #expect(digits[0]["box"] as? [Int] == [6, 7, 16, 20], "the ink's bounding box in the 28×28 image")
        }
        // "file" names the file: "error" says what is wrong with it (README audit).
        let errors = [1: "cannot read (no such file)", 4: "no digit found"]
        for (i, message) in errors {
            #expect(Set(objects[i].keys) == ["file", "error"], "\(objects[i])")
            #expect(objects[i]["error"] as? String == message)
        }
    }
}

/// Training and evaluating on the real MNIST from $DIGITREC_DATA.
@Suite(.requires(.mnist)) struct CLITrainingTests {
    /// The README: into a pipe or a file the commands print the same UTF-8 whatever the locale
    /// (README audit: `dataset` printed ASCII bars into a pipe).
    @Test func datasetIntoAPipeIsUTF8InAnyLocale() throws {
        try Requirement.mnist.path()
        for lang in ["C", "C.UTF-8"] {
            let d = try CLI.run(["dataset"], env: ["LANG": lang, "LC_ALL": nil, "LC_CTYPE": nil])
            #expect(d.status == 0 && d.stdout.contains("█") && d.stdout.contains("2.5–3.0"), "LANG=\(lang): \(d.stdout.prefix(300))")
        }
    }

    /// The README: under SOURCE_DATE_EPOCH a re-run gives the same file byte for byte (README
    /// audit: the epochs' wall-clock seconds in the history made it differ at byte 250).
    @Test func sourceDateEpochMakesARerunByteIdentical() throws {
        try Requirement.mnist.path()
        let dir = try TempDir()
        defer { dir.remove() }
        var files: [Data] = []
        for run in 1...2 {
            // The same name in two folders: the name is stored in the file.
            try FileManager.default.createDirectory(atPath: dir.file("\(run)"), withIntermediateDirectories: false)
            let out = dir.file("\(run)/m.safetensors")
            let t = try CLI.run(["train", "--arch", "mlp", "--epochs", "1", "--threads", "2", "--validation", "1000", "--out", out],
                                env: ["SOURCE_DATE_EPOCH": "1795000000"])
            #expect(t.status == 0, "\(t.stderr)")
            files.append(try Data(contentsOf: URL(fileURLWithPath: out)))
        }
        #expect(files[0].count > 100_000 && files[0] == files[1], "\(files.map(\.count))")
    }

    @Test func mlpOneEpochReaches95PercentAndEvalJSONFollowsTheContract() throws {
        try Requirement.mnist.path()
        let dir = try TempDir()
        defer { dir.remove() }
        let out = dir.file("mlp.safetensors")
        let t = try CLI.run(["train", "--arch", "mlp", "--epochs", "1", "--out", out])
        #expect(t.status == 0, "\(t.stderr)")
        let percent = try CLI.testAccuracy(t.stdout)
        #expect(percent >= 95)
        #expect(t.stderr.contains("epoch 1:"), "progress lines on stderr")

        let e = try CLI.run(["eval", "--json", "--model", out])
        #expect(e.status == 0, "\(e.stderr)")
        let obj = try CLI.json(Substring(e.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let accuracy = try #require(obj["accuracy"] as? Double, "\(obj)")
        #expect(abs(accuracy * 100 - percent) < 0.01)
        let confusion = try #require(obj["confusion"] as? [[Int]], "\(obj)")
        #expect(confusion.map(\.count) == Array(repeating: 10, count: 10))
        #expect(confusion.joined().reduce(0, +) == 10000)
        #expect(abs(Double((0..<10).map { confusion[$0][$0] }.reduce(0, +)) / 10000 - accuracy) < 1e-9, "the diagonal is the accuracy")
        let perClass = try #require(obj["per_class"] as? [[String: Double]], "\(obj)")
        #expect(perClass.count == 10)
        #expect(perClass.allSatisfy { Set($0.keys).isSuperset(of: ["precision", "recall"]) })
        #expect(obj["seconds"] is Double)
        #expect(obj["model"] as? String == out && obj["dataset"] as? String == "MNIST", "what was measured on what: \(obj)")
    }

    /// The time-to-99 % recipe of `make bench` (the bench times it; this pins its accuracy).
    /// Two threads, so the result is the same on any machine with two or more cores.
    @Test func fastPresetReaches99PercentInTwoEpochs() throws {
        try Requirement.mnist.path()
        let dir = try TempDir()
        defer { dir.remove() }
        let t = try CLI.run(["train", "--arch", "fast", "--epochs", "2", "--validation", "0", "--threads", "2",
                             "--out", dir.file("fast.safetensors")])
        #expect(t.status == 0, "\(t.stderr)")
        #expect(try CLI.testAccuracy(t.stdout) >= 99.0, "\(t.stdout)")
    }
}
