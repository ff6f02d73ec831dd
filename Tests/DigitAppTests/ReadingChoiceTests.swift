import Glibc
import Testing
@testable import DigitApp

/// Issue 15 ("all at once" photos): of the two readings of an image (as it is, and inside a
/// margin of paper), the one with fewer digits wins: the margin keeps a wedge of shadow at the
/// frame that the network reads as a confident extra digit.
@Suite struct ReadingChoiceTests {
    @Test func fewerDigitsWinOverASurerReadingWithMore() {
        // "1" at 90 % against "71" at 100 % and 100 %.
        #expect(Recognizer.prefers((1, log(0.9)), over: (2, 0)))
        #expect(!Recognizer.prefers((2, 0), over: (1, log(0.9))))
    }

    @Test func withAsManyDigitsTheSurerReadingWins() {
        #expect(Recognizer.prefers((2, log(0.9)), over: (2, log(0.5))))
        #expect(!Recognizer.prefers((1, log(0.5)), over: (1, log(0.9))))
        // A tie keeps the first reading (the image as it is).
        #expect(!Recognizer.prefers((1, log(0.9)), over: (1, log(0.9))))
    }
}
