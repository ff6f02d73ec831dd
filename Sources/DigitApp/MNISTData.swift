import DigitModel
import MNIST
import Support

/// MNIST located and loaded as the engine's labelled images, with the integrity report
/// (files whose content differs from the official ones) that every front end must show.
public struct MNISTData: Sendable {
    public var folder: String
    public var train: LabelledImages?
    public var test: LabelledImages
    /// "…: differs from the official MNIST file (SHA-256 mismatch)", one per such file.
    public var warnings: [String]

    /// The folder `--data` names, else `$DIGITREC_DATA`, `./data/mnist`, `~/.cache/digitrec/mnist`.
    public static func locate(_ explicit: String?, withTraining: Bool = true) throws -> String {
        try DataLocator.locate(explicit: explicit, environment: Environment.variables,
                               splits: withTraining ? [.train, .test] : [.test])
    }

    /// Where `download` stores the files.
    public static func downloadTarget(_ explicit: String?) -> String {
        DataLocator.downloadTarget(explicit: explicit, environment: Environment.variables)
    }

    /// Loads the test split, and the training split too when `withTraining`.
    public static func load(_ explicit: String?, withTraining: Bool) throws -> MNISTData {
        let folder = try locate(explicit, withTraining: withTraining)
        var warnings: [String] = []
        func split(_ s: MNISTSplit) throws -> LabelledImages {
            let (data, report) = try MNIST.load(s, from: folder)
            warnings += report.unofficialFiles.map { "\(Path.display($0)) differs from the official MNIST file (SHA-256 mismatch)" }
            guard let images = LabelledImages(images: data.images, labels: data.labels) else {
                throw AppError.badOption("\(folder): images and labels disagree")
            }
            return images
        }
        let train = withTraining ? try split(.train) : nil
        let test = try split(.test)
        return MNISTData(folder: folder, train: train, test: test, warnings: warnings)
    }
}
