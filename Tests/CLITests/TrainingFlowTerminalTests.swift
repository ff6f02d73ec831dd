import Foundation
import Testing
import TestSupport

/// Training and fine-tuning in the real program: the results keep the epoch table and both
/// charts, Esc at the save prompt goes on with the new model unsaved, quitting then asks, a
/// second save under one name asks first, and the gallery's `F` fine-tunes and reloads.
@Suite(.serialized, .requires(.tmux)) struct TrainingFlowTerminalTests {
    /// The form's defaults (mlp) for one epoch, typed as a number, then Start.
    func trainOneEpoch(_ t: TmuxSession) throws {
        #expect(t.wait(for: "Train a new model"))
        try t.keys("t")
        #expect(t.wait(for: "Start training"))
        try t.keys("Down", "1", "End", "Enter")
        #expect(t.wait(for: "Epoch 1/1"), "\(t.screen)")
    }

    @Test(.requires(.mnist)) func resultsKeepTheCurvesEscUsesTheModelUnsavedAndQuitAsks() throws {
        let mnist = try Requirement.mnist.path()
        let dir = try scratchFolder(model: false)
        defer { dir.remove() }
        let t = try TmuxSession(command: "DIGITREC_DATA='\(mnist)' '\(Env.digitrec)'", width: 160, height: 50, workdir: dir.path)
        try trainOneEpoch(t)
        #expect(t.wait(for: "Save as: mlp-", timeout: 60), "\(t.screen)")
        // At 160×50 the matrix, the epoch table and both charts show at once.
        let screen = t.screen
        #expect(screen.contains("Confusion matrix") && screen.contains("Epoch  Train loss"), "\(screen)")
        #expect(screen.contains("loss per epoch") && screen.contains("accuracy per epoch") && screen.contains("× validation"), "\(screen)")
        #expect(screen.contains("• train"), "\(screen)")
        #expect(screen.contains("┤") && screen.contains("└"), "axes with ticks: \(screen)")
        // At 80×24 Tab shows the curves.
        try t.resize(80, 24)
        try t.keys("Tab")
        #expect(t.wait(for: "Training curves") && t.screen.contains("Epoch  Train loss") && t.screen.contains("accuracy"), "\(t.screen)")
        // q is a letter of the name here; Ctrl-Q quits, and asks first.
        try t.keys("C-q")
        #expect(t.wait(for: "Quit without saving"), "\(t.screen)")
        try t.keys("n")
        #expect(t.wait { $0.contains("Training curves") && !$0.contains("Quit without saving") }, "\(t.screen)")
        // Esc: the gallery with the new model, unsaved, reading the images.
        try t.keys("Escape")
        #expect(t.wait(for: "model: unsaved"), "\(t.screen)")
        #expect(t.wait(for: "correct"), "the images are read with the new model: \(t.screen)")
        #expect(!t.screen.contains("no model loaded"))
        // q asks; n stays; Esc to the menu and q asks again; y leaves.
        try t.keys("q")
        #expect(t.wait(for: "Quit without saving"), "\(t.screen)")
        try t.keys("n")
        #expect(t.wait { $0.contains("model: unsaved") && !$0.contains("Quit without saving") }, "\(t.screen)")
        // (Esc and q as two presses: ESC with a key right behind it reads as Alt plus the key.)
        try t.keys("Escape")
        #expect(t.wait(for: "Load a saved model"), "\(t.screen)")
        try t.keys("q")
        #expect(t.wait(for: "Quit without saving"), "\(t.screen)")
        try t.keys("y")
        #expect(t.wait(for: "EXIT=0"), "\(t.screen)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("saved_models")).isEmpty, "nothing was saved")
    }

    @Test(.requires(.mnist)) func aSecondSaveUnderTheSameNameAsksFirst() throws {
        let mnist = try Requirement.mnist.path()
        let dir = try scratchFolder(model: false)
        defer { dir.remove() }
        let t = try TmuxSession(command: "DIGITREC_DATA='\(mnist)' '\(Env.digitrec)'", workdir: dir.path)
        try trainOneEpoch(t)
        #expect(t.wait(for: "Save as: mlp-", timeout: 60), "\(t.screen)")
        for _ in 0..<20 { try t.keys("BSpace") }
        try t.keys("s", "a", "m", "e", "Enter")
        #expect(t.wait(for: "Saved saved_models/same.safetensors"), "\(t.screen)")
        let path = dir.file("saved_models/same.safetensors")
        let first = try Data(contentsOf: URL(fileURLWithPath: path))
        // Again, from the remembered form (1 epoch), under the same name.
        try t.keys("Escape")
        #expect(t.wait(for: "Load a saved model"), "\(t.screen)")
        try t.keys("t")
        #expect(t.wait(for: "Start training") && t.screen.contains("under 1s here"), "the form kept 1 epoch: \(t.screen)")
        try t.keys("End", "Enter")
        #expect(t.wait(for: "Save as: mlp-", timeout: 60), "\(t.screen)")
        for _ in 0..<20 { try t.keys("BSpace") }
        try t.keys("s", "a", "m", "e", "Enter")
        #expect(t.wait(for: "replace same? y/n"), "asked before replacing: \(t.screen)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == first, "nothing replaced yet")
        try t.keys("n")
        #expect(t.wait(for: "Save as: mlp-"), "n offers the free name: \(t.screen)")
        try t.keys("Enter")
        #expect(t.wait(for: "Saved saved_models/mlp-"), "\(t.screen)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == first, "the first model is intact")
        try t.keys("q")
        #expect(t.wait(for: "EXIT=0"), "saved: quitting does not ask: \(t.screen)")
    }

    /// A scratch folder whose digits folder holds `names` from the samples, with the small
    /// shipped model.
    func fineTuneFolder(_ names: [String]) throws -> TempDir {
        let dir = try scratchFolder(model: false)
        let fm = FileManager.default
        try fm.copyItem(atPath: Env.root + "/saved_models/mlp.safetensors", toPath: dir.file("saved_models/mlp.safetensors"))
        for file in try fm.contentsOfDirectory(atPath: dir.file("digits")) where !names.contains(file) {
            try fm.removeItem(atPath: dir.file("digits/\(file)"))
        }
        return dir
    }

    @Test(.requires(.mnist)) func fineTuneFromTheGalleryFinishesAndReloads() throws {
        let mnist = try Requirement.mnist.path()
        let dir = try fineTuneFolder(["0_font_breip_paper.png", "0_mnist_size.png", "1_font_dkg_bold_small.png", "1_thin_canvas.png",
                                      "7_gray16.png", "7_thin_canvas.png"])
        defer { dir.remove() }
        let t = try TmuxSession(command: "DIGITREC_DATA='\(mnist)' '\(Env.digitrec)' --model saved_models/mlp.safetensors",
                                width: 100, height: 30, workdir: dir.path)
        #expect(t.wait(for: "Image 1/6"), "\(t.screen)")
        try t.keys("F")
        // The panel first: what it learns from, the file it will write, the parent untouched.
        #expect(t.wait(for: "saved_models/mlp-tuned-"), "\(t.screen)")
        #expect(t.screen.contains("6 labelled images in digits/") && t.screen.contains("is not changed"), "\(t.screen)")
        try t.keys("Enter")
        #expect(t.wait(for: "Fine-tuning mlp on digits/"), "\(t.screen)")
        #expect(t.wait(for: "held-back digits:", timeout: 120), "before/after on the results: \(t.screen)")
        #expect(t.wait(for: "Save as: mlp-tuned-") && t.screen.contains("MNIST test:"), "a name from the parent's: \(t.screen)")
        try t.keys("Enter")
        #expect(t.wait(for: "Saved saved_models/mlp-tuned-"), "\(t.screen)")
        #expect(t.wait(for: "model: mlp-tuned-") && t.wait(for: "Image 1/6"), "the gallery reloads with it: \(t.screen)")
        let saved = try FileManager.default.contentsOfDirectory(atPath: dir.file("saved_models")).sorted()
        #expect(saved.count == 2 && saved.contains("mlp.safetensors"), "a new file beside the parent: \(saved)")
        try t.keys("q")
        #expect(t.wait(for: "EXIT=0"))
    }

    @Test(.requires(.mnist)) func fineTuneWithTooFewLabelsSaysHowMany() throws {
        let mnist = try Requirement.mnist.path()
        // One labelled image: nothing to hold back (two images of two digits are enough since
        // groups of one are pooled, review session 21).
        let dir = try fineTuneFolder(["0_font_breip_paper.png"])
        defer { dir.remove() }
        let t = try TmuxSession(command: "DIGITREC_DATA='\(mnist)' '\(Env.digitrec)' --model saved_models/mlp.safetensors", workdir: dir.path)
        #expect(t.wait(for: "Image 1/1"), "\(t.screen)")
        // Refused in the gallery, before the panel (walkthrough, session 31: the panel offered
        // a run that then stopped without a model).
        try t.keys("F")
        #expect(t.wait(for: "Fine-tuning needs at least two different labelled images"), "\(t.screen)")
        #expect(!t.screen.contains("Enter fine-tune") && t.screen.contains("Image 1/1"), "\(t.screen)")
        try t.keys("q")
        #expect(t.wait(for: "EXIT=0"))
    }
}
