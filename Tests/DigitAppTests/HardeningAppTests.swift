import DigitApp
import DigitModel
import Foundation
import Glibc
import Support
import Testing

/// Issue 14 at the level of the use cases: temp files, save targets, option validation,
/// messages, and paths that are not UTF-8.
@Suite(.serialized) struct HardeningAppTests {
    // Review, session 12: the name a cancelled run is kept under beside a long --out stays a
    // file name (255 bytes), and a taken one gets a number.
    @Test func sideNameOfALongOutFits() throws {
        let dir = Folder()
        let long = dir.file(String(repeating: "m", count: 240) + ".safetensors")
        let side = ModelStore.sideName(for: long, why: "cancelled")
        #expect(Path.baseName(side).utf8.count <= 255, "\(Path.baseName(side).utf8.count)")
        #expect(Path.baseName(side).hasSuffix("-cancelled.safetensors") && Path.folder(of: side) == Path.folder(of: long))
        let plain = dir.file("m.safetensors")
        FileManager.default.createFile(atPath: dir.file("m-cancelled.safetensors"), contents: Data())
        #expect(Path.baseName(ModelStore.sideName(for: plain, why: "cancelled")) == "m-cancelled-2.safetensors")
    }

    final class Folder {
        let path = NSTemporaryDirectory() + "digitrec-app-\(UUID().uuidString)"
        init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        func file(_ name: String) -> String { path + "/" + name }
        func names() -> Set<String> { Set((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []) }
    }

    static func tinyNetwork() throws -> Network {
        try Network(layers: [.flatten, .dense(units: 10)], seed: 1, threads: 1)
    }

    /// A PID that no process has (the highest PIDs are free on a test machine).
    static func deadPID() -> Int32 {
        var pid: Int32 = 4_194_000
        while kill(pid, 0) == 0 || errno == EPERM { pid -= 1 }
        return pid
    }

    // Item 6: a save removes the temp file a killed save left (our prefix, writer gone, lock
    // free) and nothing else: not a user's dotfile, not a model named like a temp file, not the
    // live temp file of another writer (PID alive, or lock held).
    @Test func saveRemovesOnlyProvablyStaleTempFiles() throws {
        let dir = Folder()
        let stale = "\(AtomicFile.tempPrefix)\(Self.deadPID())-abcdef"
        let live = "\(AtomicFile.tempPrefix)\(getpid())-ghijkl"
        let locked = "\(AtomicFile.tempPrefix)\(Self.deadPID() - 1)-mnopqr"
        let keep = [".my-notes.tmp-2024.txt", ".x.tmp-1.safetensors", live, locked]
        for name in [stale] + keep { FileManager.default.createFile(atPath: dir.file(name), contents: Data([1])) }
        let lockFD = open(dir.file(locked), O_RDONLY)
        defer { close(lockFD) }
        #expect(flock(lockFD, LOCK_EX) == 0)
        try ModelStore.save(try Self.tinyNetwork(), metadata: [:], to: dir.file("m.safetensors"), overwrite: .refuse)
        let names = dir.names()
        #expect(!names.contains(stale), "the stale temp was removed: \(names)")
        for name in keep { #expect(names.contains(name), "\(name) was kept") }
        #expect(names.contains("m.safetensors"))
    }

    // Item 14: a legal 255-byte name can be saved (the temp name does not grow with it); a
    // longer one, or an existing file without --force, is refused by the check made before training.
    @Test func saveTargetChecks() throws {
        let dir = Folder()
        let longest = dir.file(String(repeating: "n", count: 255 - ModelStore.suffix.utf8.count) + ModelStore.suffix)
        try ModelStore.checkTarget(longest, overwrite: .refuse)
        try ModelStore.save(try Self.tinyNetwork(), metadata: [:], to: longest, overwrite: .refuse)
        #expect(FileManager.default.fileExists(atPath: longest))
        #expect(throws: AppError.self) { try ModelStore.checkTarget(longest, overwrite: .refuse) }
        #expect(throws: AppError.self) { try ModelStore.checkTarget(dir.file(String(repeating: "n", count: 256)), overwrite: .replace) }
        // A link as the target, dangling or not, and a folder-like name are refused, not replaced.
        #expect(symlink("nowhere/x.safetensors", dir.file("dangling.safetensors")) == 0)
        for target in [dir.file("dangling.safetensors"), dir.path + "/new/", dir.path + "/.."] {
            #expect(throws: AppError.self, "\(target)") { try ModelStore.checkTarget(target, overwrite: .replace) }
        }
    }

    /// A save that must not replace (finetune, average, export) still does not when the file
    /// appears after the check made before the long run: the finished file is linked into place,
    /// and link(2) refuses a taken name. The folders a check made are removed when the run fails.
    @Test func aFileThatAppearsAfterTheCheckIsNotReplaced() throws {
        let dir = Folder()
        let target = dir.file("late.safetensors")
        try ModelStore.checkTarget(target, overwrite: .refuse)
        FileManager.default.createFile(atPath: target, contents: Data("someone else's".utf8))
        #expect(throws: ModelError.self) {
            try ModelFile.save(try Self.tinyNetwork(), metadata: [:], to: target, replacing: false)
        }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "someone else's")
        #expect(!dir.names().contains { $0.hasPrefix(AtomicFile.tempPrefix) }, "no temp file left: \(dir.names())")

        try FileManager.default.createDirectory(atPath: dir.file("a"), withIntermediateDirectories: false)
        let made = try ModelStore.checkTarget(dir.file("a/saved_models/m.safetensors"), overwrite: .refuse)
        #expect(made.map { Path.baseName($0) } == ["saved_models"])
        Path.removeEmptyFolders(made)
        #expect(!FileManager.default.fileExists(atPath: dir.file("a/saved_models")))
        // A models folder in a folder that does not exist either: a slip of the path (review).
        #expect(throws: AppError.self) { try ModelStore.checkTarget(dir.file("b/saved_models/m.safetensors"), overwrite: .refuse) }
        #expect(!dir.names().contains("b"))
        // Any other missing folder is a slip of the path, refused (walkthrough: `--out
        // /nonexistent-dir/x` made the folder).
        #expect(throws: AppError.self) { try ModelStore.checkTarget(dir.file("saved_model/m.safetensors"), overwrite: .refuse) }
        #expect(!dir.names().contains("saved_model"))
    }

    // Item 2: every numeric option is checked; nan, inf, negative and huge values are refused.
    @Test func numericOptionsAreValidated() {
        for wd: Float in [.nan, .infinity, -0.1, 1e30] {
            var r = TrainingRequest()
            r.weightDecay = wd
            #expect(throws: AppError.self, "weight decay \(wd)") { try r.validate() }
        }
        for lr: Float in [.nan, .infinity, -1, 0] {
            var r = TrainingRequest()
            r.learningRate = lr
            #expect(throws: AppError.self, "lr \(lr)") { try r.validate() }
        }
        var ok = TrainingRequest()
        ok.weightDecay = 0.0005
        #expect(throws: Never.self) { try ok.validate() }
    }

    // Item 18: exact units at the limit, and a sane date from a huge SOURCE_DATE_EPOCH.
    @Test func messagesUseExactUnitsAndSaneDates() {
        let over = SupportError.tooLarge(file: "f", bytes: 64 << 20 + 1, limit: 64 << 20).description
        #expect(over.contains("67,108,865 bytes") && over.contains("67,108,864 bytes"), "\(over)")
        setenv("SOURCE_DATE_EPOCH", "99999999999999999", 1)
        defer { unsetenv("SOURCE_DATE_EPOCH") }
        let date = Clock.creationDate()
        #expect(date.count == 20 && date.hasPrefix("20"), "\(date)")
        setenv("SOURCE_DATE_EPOCH", "86400", 1)
        #expect(Clock.creationDate() == "1970-01-02T00:00:00Z")
    }

    // Item 8: paths keep bytes that are not UTF-8, and any byte string survives the round trip.
    @Test func pathsKeepBytesThatAreNotUTF8() throws {
        let samples: [[UInt8]] = [[0xFF], [0x61, 0xC3], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x8F, 0xBF, 0xBF],
                                  Array("héllo 日本".utf8), [0xE2, 0x82], [0x80, 0x80, 0x41]]
        for bytes in samples {
            #expect(Path.bytes(Path.decode(bytes: bytes)) == bytes, "\(bytes)")
        }
        #expect(Path.decode(bytes: Array("héllo".utf8)) == "héllo")
        #expect(Path.display(Path.decode(bytes: [0xFF, 0x2E, 0x70, 0x6E, 0x67])) == "\\xFF.png")
        // And through the file system: written under its raw name, listed, read back.
        let dir = Folder()
        let name = Path.decode(bytes: [0x78, 0xFF, 0xFE])
        FileManager.default.createFile(atPath: dir.path + "/x\u{FFFD}", contents: nil)  // a decoy the old code would find
        let raw = Array(dir.path.utf8) + [0x2F, 0x78, 0xFF, 0xFE, 0]
        let fd = raw.map { CChar(bitPattern: $0) }.withUnsafeBufferPointer { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o600) }
        #expect(fd >= 0)
        _ = [UInt8]([7, 7, 7]).withUnsafeBytes { write(fd, $0.baseAddress, 3) }
        close(fd)
        let listed = try Path.names(in: dir.path)
        #expect(listed.contains(name), "\(listed.map(Path.display))")
        #expect(try FileBytes.read(Path.join(dir.path, name), limit: 10) == [7, 7, 7])
    }
}

/// Issue 14 items 1 and 2 in the use cases: special files in the models folder, non-finite numbers in text.
@Suite struct HardeningStoreTests {
    // Item 1: a FIFO (or a folder) named like a model in the models folder is listed with what it
    // is, without blocking the listing (run on another thread with a time limit, so a regression
    // fails instead of hanging the suite).
    @Test func modelListReportsSpecialFilesWithoutBlocking() throws {
        let dir = HardeningAppTests.Folder()
        mkfifo(dir.file("pipe.safetensors"), 0o600)
        try FileManager.default.createDirectory(atPath: dir.file("folder.safetensors"), withIntermediateDirectories: true)
        let store = ModelStore(folder: dir.path)
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var entries: [ModelEntry] = []
        Thread { entries = store.list(); done.signal() }.start()
        guard done.wait(timeout: .now() + 30) == .success else {
            Issue.record("listing a folder with a FIFO blocked")
            return
        }
        let byName = Dictionary(uniqueKeysWithValues: entries.map { ($0.name, $0) })
        #expect(byName["pipe"]?.error?.contains("FIFO") == true, "\(entries)")
        #expect(byName["folder"]?.error?.contains("directory") == true, "\(entries)")
    }

    // Item 2: a non-finite speed (a batch timed as 0 s) is printed, not trapped on.
    @Test func progressLineWithNonFiniteNumbers() {
        for rate in [Double.infinity, .nan, 1e300] {
            let p = BatchProgress(epoch: 1, epochs: 1, batch: 1, batches: 10, loss: .nan, accuracy: .nan,
                                  imagesPerSecond: rate, epochElapsed: 0)
            #expect(ProgressText.trainingLine(p, barWidth: 10).hasPrefix("Epoch 1/1 [#---------] 10% loss nan"))
        }
    }
}
