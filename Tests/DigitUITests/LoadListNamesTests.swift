import DigitApp
import Foundation
import Testing
import TestSupport
@testable import DigitUI

/// The load list showed every name in 22 columns at any width: "default-tuned-2026-12-04"
/// and "default-tuned-2026-12-04-2" both read "default-tuned-2026-12".
@Suite struct LoadListNamesTests {
    static let names = ["default", "default-tuned-2026-12-04", "default-tuned-2026-12-04-2"]

    @Test func theNameColumnGrowsToTheLongestNameWhereThereIsRoom() {
        let at80 = LoadScreen.columns(names: Self.names, width: 76)
        guard case let .length(w) = at80[0] else { Issue.record("\(at80)"); return }
        #expect(w == 28, "the longest name and two spaces (one read as touching the next column)")
        guard case let .length(short) = LoadScreen.columns(names: ["default", "mlp"], width: 76)[0] else { return }
        #expect(short == 22, "never narrower than before")
        guard case let .length(narrow) = LoadScreen.columns(names: [String(repeating: "x", count: 60)], width: 76)[0] else { return }
        #expect(narrow == 28, "the other columns keep their room, the date all ten characters")
    }

    /// Walkthrough (session 23): nothing in the load list said which model was in use.
    @Test func theHeadingNamesTheModelInUse() {
        var s = apply(fresh(), .modelLoaded(name: "saved_models/mlp.safetensors"),
                      .modelsScanned([ModelEntry(path: "saved_models/default.safetensors", name: "default"),
                                      ModelEntry(path: "saved_models/mlp.safetensors", name: "mlp")])).0
        s.screen = .load(selected: 0)
        let heading = render(s).text.split(separator: "\n").first { $0.contains("Load a saved model") } ?? ""
        #expect(heading.contains("in use: mlp"), "\(heading)")
    }

    /// Walkthrough, session 33: a fine-tune and an average looked alike in the list. Where each
    /// came from is a column at 160 columns, and the selected model's line under the list at 80.
    @Test func theListSaysWhereEachModelCameFrom() {
        #expect(ModelOrigin.text([:]) == "")
        #expect(ModelOrigin.text(["parent": "default", "finetune_images": "mine"]) == "tuned from default on mine/")
        #expect(ModelOrigin.text(["parent": "mlp", "finetune_images": "/home/ann/photos/", "finetune_train_digits": "25"])
                == "tuned from mlp on photos/ (25 digits)")
        #expect(ModelOrigin.text(["parent": "mlp", "averaged_with": "mlp-mine"]) == "average of mlp and mlp-mine")
        #expect(ModelOrigin.text(["parent": "default", "finetune_images": "mine", "averaged_with": "its fine-tune (not saved)"])
                == "halfway: default and its tune on mine/")
        #expect(ModelOrigin.text(["parent": "cnn-a"]) == "trained on from cnn-a")
        let models = [ModelEntry(path: "saved_models/default.safetensors", name: "default"),
                      ModelEntry(path: "saved_models/mine.safetensors", name: "mine", origin: "tuned from default")]
        var s = apply(fresh(), .modelsScanned(models)).0
        s.screen = .load(selected: 0)
        #expect(!render(s).text.contains("tuned from default"), "nothing to say for the selected one, trained from scratch")
        s.screen = .load(selected: 1)
        let at80 = render(s).text.split(separator: "\n")
        #expect(at80.contains { $0.trimmingCharacters(in: .whitespaces) == "mine: tuned from default" }, "\(at80)")
        s.width = 160; s.height = 50
        let at160 = render(s).text.split(separator: "\n")
        #expect(at160.contains { $0.contains("From") && $0.contains("Created") }, "\(at160)")
        #expect(at160.contains { $0.contains("mine") && $0.contains("  tuned from default") }, "\(at160)")
        #expect(!at160.contains { $0.trimmingCharacters(in: .whitespaces) == "mine: tuned from default" }, "said once: in the column")
    }

    /// "x-2.safetensors" sorted before "x.safetensors" ('-' before '.'): by name, the base first.
    @Test func aModelIsListedBeforeItsNumberedSibling() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        for name in ["default-tuned-2026-12-04-2", "default-tuned-2026-12-04", "mlp", "default"] {
            FileManager.default.createFile(atPath: dir.file(name + ModelStore.suffix), contents: Data("x".utf8))
        }
        #expect(ModelStore(folder: dir.path).list().map(\.name) == ["default", "default-tuned-2026-12-04", "default-tuned-2026-12-04-2", "mlp"])
    }

    @Test func aNameTooLongIsCutInTheMiddleKeepingItsEnd() {
        let name = "my-own-digits-model-tuned-2026-12-04-7"
        let fitted = LoadScreen.fitted(name, width: 22, unicode: true)
        #expect(TextWidth.of(fitted) == 20, "\(fitted)")
        #expect(fitted.hasPrefix("my-own-di") && fitted.hasSuffix("12-04-7") && fitted.contains("…"), "\(fitted)")
        #expect(LoadScreen.fitted("default", width: 22, unicode: true) == "default")
        #expect(LoadScreen.fitted(name, width: 22, unicode: false).contains("..."), "ASCII's ellipsis, as elsewhere")
    }
}
