@testable import DigitApp
import DigitImage
import Foundation
import Testing
import TestSupport

/// A class folder of photos is read as `predict` reads them: of the readings (the image as it
/// is, inside a margin of paper) the first with one digit. Reading only the first passed over
/// photos whose plain reading found two pieces ("2 digits found") though the margin's reading
/// holds the one digit the class folder says is there.
@Suite struct ImageFolderReadingTests {
    @Test(.requires(.mnist, HeldBackReadingTests.tools))
    func classPhotosUseTheReadingWithOneDigit() throws {
        let dir = try HeldBackReadingTests.generatedPhotos()
        defer { dir.remove() }
        // Conditions where, at this seed, a photo's plain reading finds two pieces or none.
        var list: [(String, UInt8)] = []
        for condition in ["jpeg_q30", "faint_rings", "everything"] {
            let folder = dir.file(condition)
            let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted().filter { $0.hasSuffix(".jpg") || $0.hasSuffix(".png") }
            list += names.compactMap { name in name.first?.wholeNumberValue.map { (folder + "/" + name, UInt8($0)) } }
        }
        try #require(list.count >= 100)
        var problems: [String] = []
        let read = ImageFolderDataset.read(list, style: .digits, problems: &problems)
        var oneAnywhere = 0, oneAsItIs = 0
        for (file, _) in list {
            let image = try ImageDecoder.decode(file: file)
            let counts = DigitExtraction.candidates(image).map(\.digits.count)
            if counts.contains(1) { oneAnywhere += 1 }
            if counts.first == 1 { oneAsItIs += 1 }
        }
        #expect(read.count == oneAnywhere && read.count + problems.count == list.count, "\(read.count) read, \(problems)")
        #expect(oneAnywhere > oneAsItIs, "the set should hold a photo only the margin's reading reads as one digit (if preprocessing now reads them all as they are, pick another seed)")
    }
}
