@testable import DigitApp
import DigitImage
import Testing
@testable import DigitUI

/// The gallery's header line names the format the decoder found, not a fixed "PNG".
@Suite struct GalleryFormatTests {
    @Test(arguments: [(ImageDecoder.Format?.some(.jpeg), "JPEG"), (.some(.png), "PNG"), (nil, "image")])
    func headerNamesTheDecodedFormat(_ format: ImageDecoder.Format?, _ word: String) {
        var img = ByteImage(width: 40, height: 30, fill: 255)
        for y in 5..<25 { for x in 17..<22 { img[x, y] = 0 } }
        let r = Recognition(file: "digits/one.jpg", segmentation: DigitExtraction.extract(img), digits: [], fileBytes: 2048, format: format)
        let (s, _) = apply(fresh(), .modelLoaded(name: "m"), .folderScanned(files: ["digits/one.jpg"]),
                           .recognized(index: 0, file: "digits/one.jpg", .recognized(r)))
        let header = render(s).text.split(separator: "\n").first { $0.contains("Image 1/1") } ?? ""
        #expect(header.contains("40×30 \(word), 2.0 KiB"), "\(header)")
    }
}
