import ArgumentParser
import DigitUI

enum Interactive {
    static func run(model: String?, digits: String, ascii: Bool, data: String?) throws {
        let status = App.run(AppOptions(model: model, digits: digits, ascii: ascii, data: data))
        if status != 0 { throw ExitCode(status) }
    }
}
