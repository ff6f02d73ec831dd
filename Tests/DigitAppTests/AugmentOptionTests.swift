import Testing
import DigitModel
@testable import DigitApp

/// `--augment-extra`: parsed from a comma list, refused with a message naming the bad part,
/// only together with `--augment`, written into the recipe and passed to the engine.
@Suite struct AugmentOptionTests {
    @Test func listsParseInAnyOrderWithSpaces() throws {
        #expect(try TrainingRequest.parseExtras("elastic,fade") == [.elastic, .fade])
        #expect(try TrainingRequest.parseExtras(" fade , elastic") == [.elastic, .fade])
        #expect(try TrainingRequest.parseExtras("fade") == [.fade])
    }

    @Test(arguments: ["", "elastic,", "blur", "Elastic", "elastic,,fade"])
    func badListsAreRefusedNamingThePart(_ text: String) throws {
        let error = try #require(throws: AppError.self) { try TrainingRequest.parseExtras(text) }
        #expect("\(error)".contains("--augment-extra: unknown distortion"), "\(error)")
        #expect("\(error)".contains("known: elastic, fade"), "\(error)")
    }

    @Test func extrasNeedAugment() throws {
        var r = TrainingRequest(preset: .deep)
        r.augmentExtras = [.fade]
        #expect(throws: AppError.self) { try r.validate() }
        r.augment = true
        try r.validate()
    }

    @Test func recipeAndEngineCarryTheExtras() {
        var r = TrainingRequest(preset: .deep)
        r.augment = true
        #expect(r.recipe.hasSuffix("--augment"), "plain --augment keeps its recipe: \(r.recipe)")
        #expect(r.config.augmentation == Augmentation())
        r.augmentExtras = [.fade, .elastic]
        #expect(r.recipe.hasSuffix("--augment --augment-extra elastic,fade"), "\(r.recipe)")
        #expect(r.config.augmentation == Augmentation(extras: [.elastic, .fade]))
        #expect(r.config.augmentation?.elastic ?? 0 > 0 && r.config.augmentation?.fade ?? 0 > 0)
    }
}
