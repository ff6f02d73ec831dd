import Foundation
import Testing
import TestSupport

/// The explore screens for real, in tmux: the dataset screen and its reshuffle, the model
/// report and a confusion cell's images, and two models compared from the load list.
@Suite(.serialized) struct ExploreTmuxTests {
    /// The scratch folder with the mlp beside the shipped model.
    static func folder() throws -> TempDir {
        let dir = try scratchFolder()
        do {
            try FileManager.default.copyItem(atPath: Env.root + "/saved_models/mlp.safetensors", toPath: dir.file("saved_models/mlp.safetensors"))
        } catch {
            dir.remove()
            throw error
        }
        return dir
    }

    /// The art rows of the sample grid (everything between the tabs and the footer).
    static func grid(_ screen: String) -> String {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.drop { !$0.contains("1 Counts") }.prefix { !$0.contains("reshuffles") }.joined(separator: "\n")
    }

    @Test(.requires(.mnist, .shippedModel))
    func datasetScreenOpensAndReshuffles() throws {
        let data = try Requirement.mnist.path()
        let dir = try Self.folder()
        defer { dir.remove() }
        let t = try TmuxSession(command: "'\(Env.digitrec)' --data '\(data)'", width: 80, height: 24, workdir: dir.path)
        #expect(t.wait(for: "Explore the dataset"))
        try t.keys("D")
        #expect(t.wait(for: "Train: 60,000 images"), "\(t.screen)")
        #expect(t.screen.contains("6,742") && t.screen.contains("1,135") && t.screen.contains("most 1, least 5: 24 % more"), "\(t.screen)")
        #expect(t.screen.contains("computed in"))
        try t.keys("2")
        #expect(t.wait(for: "shuffle 1"), "\(t.screen)")
        let before = Self.grid(t.screen)
        try t.keys("r")
        #expect(t.wait(for: "shuffle 2"), "\(t.screen)")
        #expect(Self.grid(t.screen) != before, "other samples after r")
        try t.keys("Enter")
        #expect(t.wait(for: "train image #"), "\(t.screen)")
        try t.keys("Escape")
        #expect(t.wait(for: "shuffle 2"))
        // Two Escapes sent as one write are two steps back (they were read as Alt+Escape and
        // lost, walkthrough session 26): zoomed in, then the grid, then the start menu.
        try t.keys("Enter")
        #expect(t.wait(for: "train image #"), "\(t.screen)")
        try t.keys("Escape", "Escape")
        #expect(t.wait(for: "Explore the dataset"), "\(t.screen)")
        try t.keys("q")
        #expect(t.wait(for: "EXIT=0"))
    }

    @Test(.requires(.mnist, .shippedModel))
    func modelReportCellImagesAndComparison() throws {
        let data = try Requirement.mnist.path()
        let dir = try Self.folder()
        defer { dir.remove() }
        let t = try TmuxSession(command: "'\(Env.digitrec)' --data '\(data)'", width: 80, height: 24, workdir: dir.path)
        #expect(t.wait(for: "Load a saved model"))
        try t.keys("l")
        #expect(t.wait(for: "mlp"))
        try t.keys("e")
        #expect(t.wait(for: "Top confusions", timeout: 60), "\(t.screen)")
        #expect(t.screen.contains("accuracy 99.") && t.screen.contains("recall") && t.screen.contains("measured in"), "\(t.screen)")
        // Enter on the cursor's cell (the largest confusion) browses its images.
        try t.keys("Enter")
        #expect(t.wait(for: "test image #"), "\(t.screen)")
        #expect(t.screen.contains(" read as ") && t.screen.contains("1 of ") && t.screen.contains("← true"), "\(t.screen)")
        // One Esc at a time: two at once arrive as one Alt-Esc.
        try t.keys("Escape")
        #expect(t.wait(for: "Top confusions"))
        try t.keys("Escape")
        #expect(t.wait(for: "Load a saved model ("))
        // Reopening is instant: the report comes from the cache.
        try t.keys("e")
        #expect(t.wait(for: "from the cache in"), "\(t.screen)")
        try t.keys("Escape")
        #expect(t.wait(for: "Load a saved model ("))
        // Mark default and mlp (Space leaves the cursor where it is), compare.
        try t.keys("Space", "Down", "Space", "c")
        #expect(t.wait(for: "McNemar", timeout: 60), "\(t.screen)")
        let screen = t.screen
        #expect(screen.contains("A  default: 99.") && screen.contains("B  mlp: 9") && screen.contains("A right"), "\(screen)")
        try t.keys("Enter")
        #expect(t.wait(for: "Disagreements — 1 of"), "\(t.screen)")
        #expect(t.screen.contains("the wrong one"), "\(t.screen)")
        try t.keys("q")
        #expect(t.wait(for: "EXIT=0"))
    }
}
