import DigitApp
import Testing
@testable import DigitUI

/// Images found in subfolders are named by their path below the gallery's folder, in the
/// title, the file list and its filter (two `scan.png` in two folders are told apart).
@Suite struct SubfolderNamesTests {
    @Test func namesAreRelativeToTheFolder() {
        let files = ["digits/june/scan.png", "digits/scan.png"]
        var (s, _) = apply(fresh(), .modelLoaded(name: "m"), .folderScanned(files: files))
        #expect(render(s).text.contains("Image 1/2: june/scan.png"))
        (s, _) = apply(s, .key(.char("/")), .key(.char("j")), .key(.char("u")))
        #expect(s.listedFiles == [0], "the filter sees the folder's name")
        #expect(render(s).text.contains("june/scan.png"))
    }
}
