@testable import DigitApp
import Testing
@testable import DigitUI

/// From the new-user walk: status lines named keys that did nothing on the screen shown — the
/// dataset's Counts page offered "↑↓←→ select  Enter zoom" (they act on the Samples page only),
/// and a report that could not be made (no MNIST) offered "↑↓←→ cell  Enter images  m all
/// mistakes" under its error. The status line now names what works there; `?` still lists all.
@Suite struct StatusLineTests {
    static func statusLine(_ s: AppState) -> String {
        String(render(s).text.split(separator: "\n", omittingEmptySubsequences: false)[s.height - 1])
    }

    /// The terminal never draws the screen's last cell (ncurses would scroll): a status line
    /// reaching it lost its last letter ("? hel" on the drawing screen, README audit).
    @Test func theStatusLineKeepsOffTheLastCell() {
        let screens = [fresh(), apply(fresh(), .key(.char("d"))).0, apply(fresh(), .key(.char("D"))).0,
                       apply(fresh(), .key(.char("t"))).0, apply(fresh(), .key(.char("g"))).0]
        for s in screens {
            let line = Self.statusLine(s)
            // The text of a row ends at its last letter: at most 79 columns, help in full.
            #expect(TextWidth.of(line) <= 79 && line.hasSuffix("? help"), "\(line)|")
        }
        #expect(Self.statusLine(screens[1]).contains("Esc back"), "the drawing screen still offers Esc")
    }

    @Test func datasetPagesNameTheirOwnKeys() {
        var s = apply(fresh(), .key(.char("D")), .explored(.dataset, .dataset(ExploreFixtures.exploration))).0
        let counts = Self.statusLine(s)
        #expect(!counts.contains("zoom") && !counts.contains("select"), "counts: \(counts)")
        #expect(counts.contains("Tab/1-4 page") && counts.contains("Esc back"), "counts: \(counts)")
        s = apply(s, .key(.char("2"))).0
        let samples = Self.statusLine(s)
        #expect(samples.contains("↑↓←→ select") && samples.contains("Enter zoom"), "samples: \(samples)")
        s = apply(s, .key(.char("3"))).0
        #expect(Self.statusLine(s).contains("s mean/std") && !Self.statusLine(s).contains("zoom"), "means: \(Self.statusLine(s))")
        s = apply(s, .key(.char("?"))).0
        #expect(render(s).text.contains("select a sample in the grid"), "the help lists every key")
    }

    /// At 160×50 the means page shows each class's mean beside its deviation, so `s` (switch
    /// between them) does nothing there and is not offered; at 80×24 one fits and it is.
    @Test func meansPageOffersSwitchingOnlyWhenOneFits() {
        let big = apply(fresh(width: 160, height: 50), .key(.char("D")), .explored(.dataset, .dataset(ExploreFixtures.exploration)), .key(.char("3"))).0
        #expect(!Self.statusLine(big).contains("mean/std"), "160×50: \(Self.statusLine(big))")
        #expect(render(big).text.contains("the mean image above its pixel standard deviation"), "both shown at 160×50")
        // `s` there does nothing: after shrinking, the page still opens on the means.
        let small = apply(big, .key(.char("s")), .resize(width: 80, height: 24)).0
        #expect(Self.statusLine(small).contains("s mean/std"), "80×24: \(Self.statusLine(small))")
        #expect(render(small).text.contains("mean image per class · s: standard deviations"), "\(render(small).text)")
    }

    @Test func aReportThatFailedOffersOnlyBackAndQuit() {
        var s = fresh()
        s.screen = .gallery
        s.modelName = "saved_models/default.safetensors"
        s = apply(s, .key(.char("E")), .explored(.report(path: "saved_models/default.safetensors"), .failed("MNIST not found"))).0
        let failed = Self.statusLine(s)
        #expect(!failed.contains("cell") && !failed.contains("images") && !failed.contains("mistakes"), "\(failed)")
        #expect(failed.contains("Esc back") && failed.contains("q quit"), "\(failed)")
        s = fresh()
        s.screen = .gallery
        s.modelName = "saved_models/default.safetensors"
        s = apply(s, .key(.char("E")), .explored(.report(path: "saved_models/default.safetensors"), .report(ExploreFixtures.reportA))).0
        #expect(Self.statusLine(s).contains("Enter images"), "\(Self.statusLine(s))")
    }
}
