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
        #expect("\(error)".contains("known: elastic, fade, styles"), "\(error)")
    }

    @Test func stylesTakeAnOptionalShare() throws {
        let plain = try TrainingRequest.parseExtraList("styles,fade")
        #expect(plain.extras == [.styles, .fade] && plain.styleFraction == nil)
        let share = try TrainingRequest.parseExtraList("elastic, styles=0.05")
        #expect(share.extras == [.styles, .elastic] && share.styleFraction == 0.05)
    }

    @Test(arguments: ["styles=0", "styles=0.6", "styles=", "styles=x", "styles=nan", "styles=inf", "styles=-0.1"])
    func badSharesAreRefusedNamingTheRange(_ text: String) throws {
        let error = try #require(throws: AppError.self) { try TrainingRequest.parseExtraList(text) }
        #expect("\(error)".contains("share of style digits F must be a number from 0.001 to 0.5"), "\(error)")
    }

    @Test func onlyStylesTakeAValue() throws {
        let error = try #require(throws: AppError.self) { try TrainingRequest.parseExtraList("fade=0.3") }
        #expect("\(error)".contains("only styles takes a value"), "\(error)")
    }

    @Test func recipeCarriesTheStylesShareAndValidateChecksIt() throws {
        var r = TrainingRequest(preset: .deep)
        r.augment = true
        r.augmentExtras = [.styles, .fade]
        #expect(r.recipe.hasSuffix("--augment --augment-extra fade,styles"), "the default share is not written: \(r.recipe)")
        #expect(r.config.augmentation == Augmentation(extras: [.fade]), "styles is no distortion of an image")
        r.styleFraction = 0.05
        #expect(r.recipe.hasSuffix("--augment-extra fade,styles=0.05"), "\(r.recipe)")
        try r.validate()
        r.styleFraction = 0.9
        #expect(throws: AppError.self) { try r.validate() }
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
