import Testing
import TestSupport
import DigitModel
@testable import DigitApp

/// `PreparedImage`: the part of a recognition that needs no model, done beforehand (while a
/// model loads) gives the same reading as recognising the file in one go.
@Suite struct PreparedImageTests {
    static let files = Env.files(in: Env.samples).map { Env.samples + "/" + $0 }

    @Test(arguments: [false, true])
    func aPreparedImageReadsAsTheFileDoes(wholePictures: Bool) throws {
        let style: InputStyle = wholePictures ? .whole : .digits
        try #require(!Self.files.isEmpty, "digits/ has images")
        let network = try Network(layers: [.flatten, .dense(units: 10)], seed: 3, threads: 1)
        network.inputStyle = style
        let recognizer = Recognizer(network: network)
        for file in Self.files {
            // Prepared for digits, as `predict` does before it knows the model: a model of whole
            // pictures must still read the whole picture.
            let prepared = try PreparedImage(file: file)
            let a = try recognizer.recognize(prepared), b = try recognizer.recognize(file: file)
            #expect(a.digits.map(\.probabilities) == b.digits.map(\.probabilities), "\(file)")
            #expect(a.contentID == b.contentID && a.format == b.format, "\(file)")
            #expect(a.digits.count == (style == .whole ? 1 : b.digits.count), "\(file)")
        }
    }

    @Test func aFileThatCannotBeReadIsRefusedWhenPrepared() {
        #expect(throws: (any Error).self) { try PreparedImage(file: "/nonexistent/x.png") }
    }
}
