import DigitApp

/// The gallery's `F`: fine-tune the loaded model on the gallery folder's labelled images
/// through the FineTuning use case, on the training dashboard.
enum FineTuneStart {
    static func start(_ s: inout AppState) -> [Effect] {
        if s.usingUnsaved, var r = s.unsaved {
            // Fine-tuning starts from a file and records it as the parent: save this one first.
            r.saving = false
            s.screen = .results(r)
            s.message = "Save the model first (fine-tuning starts from a saved file), then press F again"
            return [.scanModels]
        }
        guard let parent = s.modelName else {
            s.message = "Load a model first: fine-tuning starts from a saved model"
            return []
        }
        let request = FineTuneRequest(model: parent, images: s.digitsFolder)
        s.screen = .training(TrainingView(form: s.lastForm ?? TrainForm(), fineTune: request))
        return [.startFineTune(request)]
    }
}
