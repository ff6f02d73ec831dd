import Foundation
import Glibc
import Testing
import TestSupport

@Suite(.serialized, .requires(.tmux)) struct TerminalTests {
    static let cooked = "icanon echo"

    @Test(.requires(.shippedModel), arguments: [(80, 24), (120, 40)])
    func loadDefaultModelStepThroughImagesAndQuit(width: Int, height: Int) throws {
        let dir = try scratchFolder()
        defer { dir.remove() }
        let t = try TmuxSession(command: "'\(Env.digitrec)'", width: width, height: height, workdir: dir.path)
        #expect(t.wait(for: "Load a saved model"))
        try t.keys("l")
        #expect(t.wait(for: "default"))
        try t.keys("Enter")
        #expect(t.wait(for: "Image 1/"), "the gallery opens: \(t.screen)")
        for i in 2...4 {
            try t.keys("n")
            #expect(t.wait(for: "Image \(i)/"))
            #expect(t.wait(for: "%"))
            // A bar line ends "<digit> <bar> <percent>%", e.g. "1 █████████████████░  99.1%".
            let barDigits = t.screen.split(separator: "\n").compactMap { line -> String? in
                let words = line.split(separator: " ").suffix(3).map(String.init)
                guard words.count == 3, words[0].count == 1, words[0].allSatisfy(\.isNumber),
                      words[1].allSatisfy({ "█░▏▎▍▌▋▊▉#-=".contains($0) }), words[2].hasSuffix("%") else { return nil }
                return words[0]
            }
            #expect(barDigits == (0...9).map(String.init), "ten probability bars, 0 to 9:\n\(t.screen)")
        }
        try t.keys("q")
        #expect(t.wait(for: "EXIT=0"))
        #expect(t.wait(for: Self.cooked), "terminal back in cooked mode: \(t.screen)")
    }

    @Test(.requires(.shippedModel), arguments: [("C-c", "EXIT=130"), ("HUP", "EXIT=129")])
    func signalsInTheGalleryRestoreTheTerminal(signal: String, exit: String) throws {
        let dir = try scratchFolder()
        defer { dir.remove() }
        let t = try TmuxSession(command: "'\(Env.digitrec)' --model saved_models/default.safetensors", workdir: dir.path)
        #expect(t.wait(for: "Image 1/"))
        if signal == "C-c" {
            try t.keys("C-c")
        } else {
            try signalProgram(in: t, signal)
        }
        #expect(t.wait(for: exit), "\(t.screen)")
        #expect(t.wait(for: Self.cooked), "\(t.screen)")
    }

    @Test func dumbTerminalGetsAClearMessage() throws {
        let dir = try scratchFolder(model: false)
        defer { dir.remove() }
        let t = try TmuxSession(command: "TERM=dumb '\(Env.digitrec)'", workdir: dir.path)
        #expect(t.wait(for: "EXIT=2"), "\(t.screen)")
        // The pane wraps the message at 80 columns: compare it unwrapped.
        let screen = t.screen.split(separator: "\n").prefix { !$0.hasPrefix("EXIT=") }.joined()
        #expect(screen == "digitrec: TERM is \"dumb\"; the interactive program needs a terminal with cursor control "
                + "(for example TERM=xterm-256color). The subcommands work anywhere: see `digitrec --help`.", "\(t.screen)")
    }

    @Test(.requires(.shippedModel)) func corruptPNGShowsItsErrorAndTheGalleryGoesOn() throws {
        let dir = try scratchFolder()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.file("bad"), withIntermediateDirectories: true)
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]).write(to: URL(fileURLWithPath: dir.file("bad/1_broken.png")))
        try FileManager.default.copyItem(atPath: dir.file("digits/7_thin_canvas.png"), toPath: dir.file("bad/2_seven.png"))
        let t = try TmuxSession(command: "'\(Env.digitrec)' --model saved_models/default.safetensors --digits bad", workdir: dir.path)
        #expect(t.wait(for: "Cannot use this file"), "\(t.screen)")
        #expect(t.screen.contains("1_broken.png"))
        try t.keys("n")
        #expect(t.wait(for: "Image 2/2"))
        #expect(t.wait(for: " 7 "))
        try t.resize(100, 30)
        #expect(t.wait(for: "Image 2/2"))
        try t.resize(30, 8)
        #expect(t.wait(for: "Terminal too small"), "\(t.screen)\n\((try? t.tmux(["list-windows"])) ?? "")")
        for (w, h) in [(1, 1), (20, 5)] {
            try t.resize(w, h)
            usleep(300_000)
            try t.resize(80, 24)
            #expect(t.wait(for: "Image 2/2"), "back from \(w)×\(h): \(t.screen)")
        }
        try t.keys("q")
        #expect(t.wait(for: Self.cooked))
    }

    /// Issue #16 items 2 and 3: a whole number with Tab choosing the digit, and a file named
    /// with the wrong label marked ✗ with the score dropping.
    @Test(.requires(.shippedModel)) func galleryShowsWholeNumbersAndWrongLabels() throws {
        let dir = try scratchFolder()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.file("mixed"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: dir.file("digits/5283_row.png"), toPath: dir.file("mixed/5283_row.png"))
        try FileManager.default.copyItem(atPath: dir.file("digits/7_thin_canvas.png"), toPath: dir.file("mixed/9_misnamed.png"))
        let t = try TmuxSession(command: "'\(Env.digitrec)' --model saved_models/default.safetensors --digits mixed", width: 160, height: 50, workdir: dir.path)
        #expect(t.wait(for: "Number: 5283"), "\(t.screen)")
        // The other image is read in the background: the score counts it at once.
        #expect(t.wait(for: "1/2 correct") && t.screen.contains("✓ right"), "\(t.screen)")
        try t.keys("Tab")
        #expect(t.wait(for: "bars: digit 2 of 4") && t.screen.contains("28×28 input, digit 2"), "\(t.screen)")
        try t.keys("n")
        #expect(t.wait(for: "Image 2/2"))
        #expect(t.wait(for: "✗ expected 9, read 7"), "\(t.screen)")
        #expect(t.wait(for: "1/2 correct"), "the score drops: \(t.screen)")
        try t.keys("q")
        #expect(t.wait(for: Self.cooked))
    }

    @Test(.requires(.mnist)) func trainOneEpochShowsProgressAndConfusionMatrixThenSaves() throws {
        let mnist = try Requirement.mnist.path()
        let dir = try scratchFolder(model: false)
        defer { dir.remove() }
        let t = try TmuxSession(command: "DIGITREC_DATA='\(mnist)' '\(Env.digitrec)'", width: 100, height: 30, workdir: dir.path)
        #expect(t.wait(for: "Train a new model"))
        try t.keys("t")
        #expect(t.wait(for: "Start training"))
        try t.keys("Down", "Left", "Left")   // epochs 3 → 1
        #expect(t.wait(for: "◀ 1 ▶"), "\(t.screen)")
        try t.keys("End", "Enter")
        #expect(t.wait(for: "Epoch 1/1"), "\(t.screen)")
        #expect(t.wait(for: "Overall"))
        try t.resize(80, 24)
        #expect(t.wait(for: "Confusion matrix", timeout: 60), "\(t.screen)")
        #expect(t.screen.contains("Test accuracy"))
        #expect(t.wait(for: "Save as: mlp-"), "a free name is offered: \(t.screen)")
        for _ in 0..<20 { try t.keys("BSpace") }
        try t.keys("e", "2", "e")
        try t.keys("Enter")
        #expect(t.wait(for: "Saved saved_models/e2e.safetensors"), "\(t.screen)")
        #expect(FileManager.default.fileExists(atPath: dir.file("saved_models/e2e.safetensors")))
        try t.keys("q")
        #expect(t.wait(for: Self.cooked))
    }

    /// Walkthrough: under LANG=C the model report's "·" and the dataset's "–" reached the
    /// terminal (shown as spaces). An ASCII terminal gets ASCII only.
    @Test(.requires(.mnist, .shippedModel)) func anASCIITerminalIsSentASCIIOnly() throws {
        let mnist = try Requirement.mnist.path()
        let dir = try scratchFolder()
        defer { dir.remove() }
        let t = try TmuxSession(command: "LANG=C LC_ALL=C DIGITREC_DATA='\(mnist)' '\(Env.digitrec)'", workdir: dir.path)
        #expect(t.wait(for: "Train a new model"))
        try t.keys("l")
        #expect(t.wait(for: "default"))
        try t.keys("e")
        #expect(t.wait(for: "mistakes", timeout: 60), "\(t.screen)")
        let screen = t.screen
        let wide = screen.unicodeScalars.filter { !$0.isASCII }
        #expect(wide.isEmpty, "\(screen)")
        try t.keys("q")
    }

    /// Walkthrough: Ctrl-C during training threw away the epochs done, where `digitrec train`
    /// saves them. It stops the run as `c` does, and the results offer the model for saving; a
    /// Ctrl-C there asks, as q does, before the unsaved model is lost (walkthrough, session 21),
    /// and a second one quits.
    @Test(.requires(.mnist, .shippedModel)) func ctrlCDuringTrainingKeepsTheEpochsDone() throws {
        let mnist = try Requirement.mnist.path()
        let dir = try scratchFolder()
        defer { dir.remove() }
        let t = try TmuxSession(command: "DIGITREC_DATA='\(mnist)' '\(Env.digitrec)'", workdir: dir.path)
        try t.keys("t")
        #expect(t.wait(for: "Start training"))
        try t.keys("Right")   // cnn: an epoch takes seconds
        try t.keys("End", "Enter")
        #expect(t.wait(for: "Epoch 2/3", timeout: 120), "\(t.screen)")
        try t.keys("C-c")
        #expect(t.wait(for: "Save as:", timeout: 60), "the results of the epoch done: \(t.screen)")
        #expect(t.screen.contains("cancelled") && !t.screen.contains("EXIT="), "\(t.screen)")
        try t.keys("C-c")
        #expect(t.wait(for: "Quit without saving"), "\(t.screen)")
        #expect(!t.screen.contains("EXIT="), "\(t.screen)")
        try t.keys("C-c")
        #expect(t.wait(for: "EXIT=130"), "\(t.screen)")
    }

    @Test(.requires(.mnist, .shippedModel)) func sigtermDuringTrainingRestoresTheTerminalAndSavesNothing() throws {
        let mnist = try Requirement.mnist.path()
        let dir = try scratchFolder()
        defer { dir.remove() }
        let before = try FileManager.default.contentsOfDirectory(atPath: dir.file("saved_models")).sorted()
        #expect(before == ["default.safetensors"])
        let t = try TmuxSession(command: "DIGITREC_DATA='\(mnist)' '\(Env.digitrec)'", workdir: dir.path)
        try t.keys("t")
        #expect(t.wait(for: "Start training"))
        try t.keys("Right")   // cnn: slow enough to be mid-training
        try t.keys("End", "Enter")
        #expect(t.wait(for: "Epoch 1/3"), "\(t.screen)")
        try signalProgram(in: t, "TERM")
        #expect(t.wait(for: "EXIT=143"), "\(t.screen)")
        #expect(t.wait(for: Self.cooked), "\(t.screen)")
        let after = try FileManager.default.contentsOfDirectory(atPath: dir.file("saved_models")).sorted()
        #expect(before == after)
    }
}
