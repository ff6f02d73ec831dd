import Support
import Testing

/// Training's clock leaves out the time the program was stopped by Ctrl-Z, so img/s and the
/// ETA after `fg` measure the work (walkthrough, session 23).
@Suite struct StoppedTimeTests {
    @Test func aStopIsLeftOutOfTheWorkingClock() {
        let before = StoppedTime.seconds
        let gapBefore = now() - workingNow()
        StoppedTime.add(nanoseconds: 2_000_000)  // 2 ms: other tests' epoch times barely move
        StoppedTime.add(nanoseconds: -5)  // a clock read backwards is not a stop
        let added = StoppedTime.seconds - before
        let gapAfter = now() - workingNow()
        // Other suites may add stops of their own meanwhile (none do today): at least ours.
        #expect(added >= 0.002 - 1e-9 && added < 0.002 + 1e-6)
        #expect(gapAfter - gapBefore > 0.0019)
    }
}
