import DigitApp
import Testing
@testable import DigitUI

/// The start menu is no dead end: once a model is loaded it leads back to the images.
@Suite struct StartMenuTests {
    @Test func escFromTheGalleryAndBackKeepsTheImage() throws {
        let r = try GalleryFixture.recognition("5_x.png", labels: [5], confidence: [0.99])
        var (s, _) = apply(GalleryFixture.gallery(r), .key(.escape))
        guard case .start(let selected) = s.screen else { Issue.record("Esc opens the menu"); return }
        #expect(selected == 0 && render(s).text.contains("▸ Back to the images  (g)"))
        var e: [Effect]
        (s, e) = apply(s, .key(.enter))
        guard case .gallery = s.screen else { Issue.record("Enter on the first row goes back"); return }
        #expect(e.isEmpty, "back where it was, no rescan")
        (s, _) = apply(s, .key(.escape), .key(.char("g")))
        guard case .gallery = s.screen else { Issue.record("g goes back"); return }
    }

    @Test func withoutAModelTheMenuHasNoWayBack() {
        let s = fresh()
        #expect(!render(s).text.contains("Back to the images"))
        let (t, _) = apply(s, .key(.char("g")))
        guard case .start(0) = t.screen else { Issue.record("g without a model stays"); return }
        #expect(t.message?.contains("model first") == true)
        // The train form's Esc comes back to "Train a new model", wherever that row is.
        var (u, _) = apply(s, .key(.char("t")), .dataReady(folder: nil), .key(.escape))
        guard case .start(2) = u.screen else { Issue.record("back on Train: \(u.screen)"); return }
        u.modelName = "m"
        (u, _) = apply(u, .key(.char("t")), .dataReady(folder: nil), .key(.escape))
        guard case .start(3) = u.screen else { Issue.record("back on Train below Back: \(u.screen)"); return }
    }

    /// Review, session 20: with a model trained here and used unsaved, the menu had no way back
    /// to the images, and Draw loaded the shipped model over it.
    @Test func anUnsavedModelInUseCountsAsLoaded() {
        var s = fresh()
        s.usingUnsaved = true
        #expect(render(s).text.contains("Back to the images  (g)"))
        guard case .gallery = apply(s, .key(.char("g"))).0.screen else { Issue.record("g goes back to the images"); return }
        let (d, e) = apply(s, .key(.char("d")))
        #expect(e.isEmpty && d.usingUnsaved, "no model loaded over it: \(e)")
    }
}
