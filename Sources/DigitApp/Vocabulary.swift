import DigitModel
import MNIST
import DigitImage
import Support

// The engine's and the dataset module's plain value types that the front ends name in
// requests and events. They are re-declared here so a front end imports only this layer.
public typealias Preset = DigitModel.Preset
/// A layer of a preset's architecture (the train form lists them).
public typealias LayerSpec = DigitModel.LayerSpec
public typealias OptimizerKind = DigitModel.OptimizerKind
public typealias Schedule = DigitModel.Schedule
/// A distortion beyond the plain ones (`--augment-extra`).
public typealias AugmentationExtra = DigitModel.Augmentation.Extra
public typealias TrainingEvent = DigitModel.TrainingEvent
public typealias TrainingPlan = DigitModel.TrainingPlan
public typealias BatchProgress = DigitModel.BatchProgress
public typealias EpochSummary = DigitModel.EpochSummary
public typealias Metrics = DigitModel.Metrics
public typealias CancelFlag = DigitModel.CancelFlag
public typealias Network = DigitModel.Network
public typealias ArtStyle = DigitImage.ArtStyle
public typealias Format = Support.Format
public typealias Throttle = Support.Throttle
public typealias Path = Support.Path
public typealias Clock = Support.Clock
public typealias Shared = Support.Shared
public typealias Divergence = DigitModel.Divergence
public typealias LabelledImages = DigitModel.LabelledImages
public typealias Environment = Support.Environment
public typealias InputStyle = DigitModel.InputStyle
public typealias Calibration = DigitModel.Calibration
public typealias ReliabilityBin = DigitModel.ReliabilityBin
public typealias ModelClasses = DigitModel.ModelClasses
