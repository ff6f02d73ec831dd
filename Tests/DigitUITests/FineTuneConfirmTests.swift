import DigitApp
import Testing
@testable import DigitUI

/// From the new-user walkthrough: `F` in the gallery started fine-tuning at once. Now a panel
/// says what will happen — how many labelled images, which model file will be written, that
/// the model it starts from (the shipped one here) stays — and Enter goes, Esc cancels.
@Suite struct FineTuneConfirmTests {
    static let files = ["digits/3_pen.png", "digits/7_pen.png", "digits/scan.png"]
    static let request = FineTuneRequest(model: "saved_models/default.safetensors", images: "digits")

    func panel(width: Int = 80, height: Int = 24) -> (AppState, [Effect]) {
        apply(fresh(width: width, height: height), .modelLoaded(name: "saved_models/default.safetensors"), .folderScanned(files: Self.files),
              .key(.char("F")))
    }

    @Test func fSaysWhatWillHappenBeforeAnythingRuns() {
        var (s, e) = panel()
        #expect(e.contains(.findFineTuneTarget(prefix: "default-tuned")) && !e.contains(.startFineTune(Self.request)), "nothing starts: \(e)")
        guard case .gallery = s.screen else { Issue.record("still the gallery, under the panel"); return }
        (s, _) = apply(s, .fineTuneTargetFound("saved_models/default-tuned-2026-12-02.safetensors"))
        let text = render(s).text
        #expect(text.contains("Fine-tune default?"))
        #expect(text.contains("2 labelled images in digits/"), "3_pen and 7_pen; scan.png has no label: \(text)")
        #expect(text.contains("saved_models/default-tuned-2026-12-02.safetensors"))
        #expect(text.contains("saved_models/default.safetensors (shipped) is not changed."))
        #expect(text.contains("Enter fine-tune"))
        // Walkthrough, session 35: two images trained, and only the results said "too few to tell".
        #expect(text.contains("With only 2 images to split"), "\(text)")
        let many = (0..<20).map { "digits/\($0 % 10)_\($0).png" }
        let enough = apply(fresh(), .modelLoaded(name: "saved_models/default.safetensors"), .folderScanned(files: many), .key(.char("F"))).0
        #expect(enough.fineTuneConfirm?.labelled == 20 && !render(enough).text.contains("to split"), "20 images: no warning")
    }

    /// Walkthrough (session 23): without MNIST, Enter started a run that stopped at once ("stopped
    /// without a model: MNIST not found"), and nothing said so before. The panel asks whether
    /// MNIST is there, says what is missing and how to get it, and Enter does not start.
    @Test func withoutMNISTThePanelSaysSoBeforeEnter() {
        var (s, e) = panel()
        #expect(e.contains(.checkData), "\(e)")
        (s, _) = apply(s, .dataMissing("MNIST not found in /nowhere: no train-images-idx3-ubyte"))
        let text = render(s).text
        #expect(text.contains("MNIST is not here") && text.contains("MNIST not found in /nowhere"), "\(text)")
        #expect(text.contains("d downloads MNIST") && !text.contains("Enter fine-tune"), "\(text)")
        let after = apply(s, .key(.enter))
        #expect(!after.1.contains { if case .startFineTune = $0 { return true } else { return false } }, "\(after.1)")
        #expect(after.0.fineTuneConfirm != nil && after.0.message?.contains("needs MNIST") == true, "\(after.0.message ?? "")")
        #expect(apply(after.0, .key(.escape)).0.fineTuneConfirm == nil)
    }

    /// Walkthrough, session 31: with one labelled image the panel offered a run that then
    /// stopped without a model (one to learn from and one to hold back are needed).
    @Test func oneLabelledImageIsRefusedBeforeThePanel() {
        let gallery = apply(fresh(), .modelLoaded(name: "saved_models/default.safetensors"),
                            .folderScanned(files: ["digits/3_pen.png", "digits/scan.png"])).0
        let (s, e) = apply(gallery, .key(.char("F")))
        #expect(s.fineTuneConfirm == nil && e.isEmpty && s.message?.hasPrefix("Fine-tuning needs at least two different labelled images") == true,
                "\(s.message ?? "")")
    }

    /// Review, session 31: two copies of one photo were two labelled images to the gallery and
    /// one to fine-tuning, whose run then held nothing back and stopped without a model.
    @Test func copiesOfOneImageCountOnce() throws {
        let files = ["digits/3_a.png", "digits/3_b.png"]
        var read = try GalleryFixture.right()
        read.contentID = "0123456789abcdef"
        let copies = apply(fresh(), .modelLoaded(name: "saved_models/default.safetensors"), .folderScanned(files: files),
                           .recognized(index: 0, file: files[0], .recognized(read)),
                           .recognized(index: 1, file: files[1], .recognized(read)), .key(.char("F"))).0
        #expect(copies.fineTuneConfirm == nil && copies.message?.contains("copies of one file count once") == true, "\(copies.message ?? "")")
        var other = read
        other.contentID = "fedcba9876543210"
        let two = apply(fresh(), .modelLoaded(name: "saved_models/default.safetensors"), .folderScanned(files: files),
                        .recognized(index: 0, file: files[0], .recognized(read)),
                        .recognized(index: 1, file: files[1], .recognized(other)), .key(.char("F"))).0
        #expect(two.fineTuneConfirm?.labelled == 2, "\(two.message ?? "")")
        // Walkthrough, session 32: with a copy beside two images the panel said "13 labelled
        // images" for 12 and fine-tuning weighed the copy twice: it is passed over, and said.
        let three = ["digits/3_a.png", "digits/3_b.png", "digits/7_c.png"]
        let withCopy = apply(fresh(), .modelLoaded(name: "saved_models/default.safetensors"), .folderScanned(files: three),
                             .recognized(index: 0, file: three[0], .recognized(read)), .recognized(index: 1, file: three[1], .recognized(read)),
                             .recognized(index: 2, file: three[2], .recognized(other)), .key(.char("F"))).0
        let confirm = try #require(withCopy.fineTuneConfirm)
        #expect(confirm.labelled == 2 && confirm.copies == 1)
        // Two copies read wrong at full confidence are one suspect label, not two of 2 (review, session 32).
        var wrong = try GalleryFixture.recognition("x", labels: [8], confidence: [0.999])
        wrong.contentID = read.contentID
        let suspects = apply(fresh(), .modelLoaded(name: "saved_models/default.safetensors"), .folderScanned(files: three),
                             .recognized(index: 0, file: three[0], .recognized(wrong)), .recognized(index: 1, file: three[1], .recognized(wrong)),
                             .recognized(index: 2, file: three[2], .recognized(other)), .key(.char("F"))).0
        #expect(suspects.fineTuneConfirm?.suspect == 1 && suspects.fineTuneConfirm?.labelled == 2, "\(String(describing: suspects.fineTuneConfirm))")
        let lines = FineTuneStart.lines(confirm, ui: UIStyle(Capabilities(color: false, unicode: true))).map(\.text)
        #expect(lines.contains("1 more file is a copy of another image and is passed over (a copy counts once)."), "\(lines)")
        // Walkthrough, session 33: a copy labelled otherwise had its label learnt, said only
        // after training. The panel names both, and neither counts.
        var third = read
        third.contentID = "00112233445566aa"
        let four = ["digits/3_a.png", "digits/8_copy.png", "digits/7_c.png", "digits/1_d.png"]
        let conflicting = apply(fresh(), .modelLoaded(name: "saved_models/default.safetensors"), .folderScanned(files: four),
                                .recognized(index: 0, file: four[0], .recognized(read)), .recognized(index: 1, file: four[1], .recognized(read)),
                                .recognized(index: 2, file: four[2], .recognized(other)), .recognized(index: 3, file: four[3], .recognized(third)),
                                .key(.char("F"))).0
        let panel = try #require(conflicting.fineTuneConfirm, "\(conflicting.message ?? "")")
        #expect(panel.labelled == 2 && panel.conflicts == ["3_a.png (3)", "8_copy.png (8)"], "\(panel)")
        let said = FineTuneStart.lines(panel, ui: UIStyle(Capabilities(color: false, unicode: true))).map(\.text)
        #expect(said.contains("Copies of one image with different labels, passed over until one label is fixed: 3_a.png (3), 8_copy.png (8)."), "\(said)")
    }

    /// Walkthrough: "half of the 5 labelled images" when one could not be read (said only after
    /// Enter); the panel counts those apart, and refuses when none can be learnt from.
    @Test func labelledImagesThatCannotBeUsedAreCountedApart() throws {
        let files = ["digits/3_pen.png", "digits/0_white.png", "digits/7_pen.png"]
        var (s, _) = apply(fresh(), .modelLoaded(name: "saved_models/default.safetensors"), .folderScanned(files: files),
                           .recognized(index: 0, file: files[0], .recognized(try GalleryFixture.right())),
                           .read(index: 1, file: files[1], .failed("digits/0_white.png: no digit found")),
                           .key(.char("F")))
        #expect(s.fineTuneConfirm?.labelled == 2 && s.fineTuneConfirm?.unusable == 1)
        let lines = s.fineTuneConfirm.map { FineTuneStart.lines($0, ui: UIStyle(Capabilities(color: false, unicode: true))).map(\.text) } ?? []
        // One parenthesis, not two back to back (walkthrough, session 25).
        #expect(lines.first?.contains("half of the 2 labelled images in digits/ (half of each") == true, "\(lines)")
        #expect(lines.dropFirst().first == "1 more labelled image cannot be read and is passed over.", "\(lines)")
        let none = apply(fresh(), .modelLoaded(name: "saved_models/default.safetensors"), .folderScanned(files: [files[1]]),
                         .read(index: 0, file: files[1], .failed("digits/0_white.png: no digit found")), .key(.char("F"))).0
        #expect(none.fineTuneConfirm == nil && none.message?.hasPrefix("None of the 1 labelled image in digits/ can be read") == true, "\(none.message ?? "")")
    }

    /// Walkthrough, session 25: fine-tuning a fine-tuned model held back images it had learnt
    /// from. The panel says those are learnt again and the half is of the others.
    @Test func imagesTheModelLearntFromAreSaidApart() {
        let files = ["digits/3_a.png", "digits/3_b.png", "digits/7_a.png", "digits/7_b.png"]
        var s = apply(fresh(), .modelLoaded(name: "saved_models/mine.safetensors", learnt: LearntImages(ids: ["00000000000000a0"])),
                      .folderScanned(files: files)).0
        for (i, f) in files.enumerated() {
            s = apply(s, .read(index: i, file: f, Reading(prediction: String(f.dropFirst(7).prefix(1)), leastConfidence: 0.99, contentID: "00000000000000a\(i)"))).0
        }
        s = apply(s, .key(.char("F"))).0
        #expect(s.fineTuneConfirm?.learntBefore == 1 && s.fineTuneConfirm?.labelled == 4)
        let first = s.fineTuneConfirm.map { FineTuneStart.lines($0, ui: UIStyle(Capabilities(color: false, unicode: true)))[0].text } ?? ""
        #expect(first.contains("learns again from the 1 that mine learnt from, and from half of the other 3"), "\(first)")
        // With one new image nothing could be held back: refused before the run (review).
        var t = apply(fresh(), .modelLoaded(name: "saved_models/mine.safetensors", learnt: LearntImages(ids: ["00000000000000a0", "00000000000000a1"])),
                      .folderScanned(files: Array(files.prefix(3)))).0
        for (i, f) in files.prefix(3).enumerated() {
            t = apply(t, .read(index: i, file: f, Reading(prediction: "3", leastConfidence: 0.99, contentID: "00000000000000a\(i)"))).0
        }
        t = apply(t, .key(.char("F"))).0
        #expect(t.fineTuneConfirm == nil && t.message?.hasPrefix("2 labelled images here were learnt by this model already") == true, "\(t.message ?? "")")
    }

    /// Walkthrough: labels the model contradicts at 99 % were named only on the dashboard,
    /// once training had started; the panel counts those the gallery has read already.
    @Test func thePanelSaysHowManyLabelsTheModelContradicts() throws {
        let files = ["digits/3_pen.png", "digits/3_wrong.png", "digits/3_thin.png"]
        var (s, _) = apply(fresh(), .modelLoaded(name: "saved_models/default.safetensors"), .folderScanned(files: files),
                           .recognized(index: 0, file: files[0], .recognized(try GalleryFixture.right())),
                           .recognized(index: 1, file: files[1], .recognized(try GalleryFixture.wrong())),
                           .key(.char("F")))
        #expect(s.fineTuneConfirm?.suspect == 0, "read 9 at 95 %: below the level")
        var sure = try GalleryFixture.recognition("digits/3_thin.png", labels: [8], confidence: [0.995])
        sure.file = files[2]
        (s, _) = apply(s, .key(.escape), .recognized(index: 2, file: files[2], .recognized(sure)), .key(.char("F")))
        #expect(s.fineTuneConfirm?.suspect == 1)
        // Read as another count of digits: passed over by fine-tuning, not learnt, so not counted.
        var other = try GalleryFixture.recognition("digits/3_thin.png", labels: [8, 8], confidence: [0.995, 0.995])
        other.file = files[0]
        let (t, _) = apply(s, .key(.escape), .recognized(index: 0, file: files[0], .recognized(other)), .key(.char("F")))
        #expect(t.fineTuneConfirm?.suspect == 1, "3_pen.png read as 88 is not counted")
        let text = render(s).text
        let said = FineTuneStart.lines(try #require(s.fineTuneConfirm), ui: UIStyle(Capabilities(color: false, unicode: true))).map(\.text)
        #expect(said.contains { $0.hasPrefix("1 of the 3 labelled images is read as something else at 99 % or more") }, "\(said) \(text)")
    }

    @Test func escCancelsAndEnterGoes() {
        var (s, e) = apply(panel().0, .key(.escape))
        #expect(e.isEmpty && s.fineTuneConfirm == nil)
        guard case .gallery = s.screen else { Issue.record("back to the gallery"); return }
        #expect(s.message?.contains("Not fine-tuned") == true)
        (s, e) = apply(panel().0, .key(.char("x")))
        #expect(e.isEmpty && s.fineTuneConfirm != nil, "other keys leave the panel open")
        (s, e) = apply(s, .key(.enter))
        #expect(e == [.startFineTune(Self.request)])
        guard case let .training(view) = s.screen, view.fineTune == Self.request else { Issue.record("the dashboard runs it"); return }
    }

    /// From the new-user walk: at 80 columns the dashboard's heading was cut ("…seed 1, MNIST r");
    /// it takes a second row now, and says "4 epochs", not "4 epoch(s)".
    @Test func theDashboardHeadingIsWholeAt80Columns() {
        let s = apply(panel().0, .key(.enter)).0
        let text = render(s).text
        // "…, seed 1, MNIST replay" on the first row, "3,000" on the second (the old row ended "MNIST repla").
        #expect(text.contains("MNIST replay") && text.contains("3,000"), "\(text)")
        #expect(text.contains("MNIST replay 3,000"), "a setting stays on one row with its value (the walk: 'replay' / '3,000'): \(text)")
        #expect(text.contains("4 epochs,") && !text.contains("epoch(s)"), "\(text)")
    }

    /// A heading longer than two rows (long model and folder paths) ends its second row in "…"
    /// instead of dropping the rest without a sign (review).
    @Test func aHeadingOverTwoRowsEndsInAnEllipsis() throws {
        var s = apply(panel().0, .key(.enter)).0
        guard case var .training(view) = s.screen, var request = view.fineTune else { Issue.record("the dashboard runs it"); return }
        request.model = "saved_models/" + String(repeating: "handwriting-of-my-family-", count: 3) + "tuned.safetensors"
        request.images = "/home/someone/" + String(repeating: "photos-from-the-phone/", count: 3)
        view.fineTune = request
        s.screen = .training(view)
        let rows = render(s).text.split(separator: "\n", omittingEmptySubsequences: false)
        let first = try #require(rows.firstIndex { $0.contains("Fine-tuning") })
        let second = String(rows[first + 1].reversed().drop { $0 == " " }.reversed())
        #expect(second.hasSuffix("…"), "\(second)")
    }

    /// Same walk: a fine-tuning cancelled after its first epoch ended its results heading
    /// "… 1 epoch, 5s — cancell" at 80 columns; a shorter wording keeps "cancelled".
    @Test func aCancelledFineTuningSaysSoAt80Columns() throws {
        var o = try fineTuneOutcome()
        o.cancelled = true
        o.seconds = 5
        let s = apply(panel().0, .key(.enter), .fineTuneDone(o)).0
        let heading = render(s).text.split(separator: "\n").first { $0.contains("Fine-tuned") } ?? ""
        #expect(heading.contains("5s — cancelled"), "\(heading)")
        #expect(heading.contains("more held back,"), "\(heading)")
    }

    @Test func noLabelledImagesSaysHowToLabelInsteadOfAsking() {
        let (s, e) = apply(fresh(), .modelLoaded(name: "saved_models/default.safetensors"), .folderScanned(files: ["digits/scan.png"]),
                           .key(.char("F")))
        #expect(!e.contains { if case .startFineTune = $0 { true } else if case .findFineTuneTarget = $0 { true } else { false } })
        #expect(s.fineTuneConfirm == nil && s.message?.contains("No labelled images in digits/") == true)
    }
}
