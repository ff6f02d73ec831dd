import Glibc
import Synchronization
import Testing
import Support

/// `concurrently` (Support/Concurrently.swift): both results, and the two really at once.
@Suite struct ConcurrentlyTests {
    @Test func returnsBothResultsInOrder() {
        let (a, b) = concurrently({ (1...1000).reduce(0, +) }, { "second" })
        #expect(a == 500_500)
        #expect(b == "second")
    }

    /// Each side waits for the other to arrive: run one after the other, the first would wait
    /// out its 10 s and report that the second never came.
    @Test func theTwoRunAtTheSameTime() {
        let arrived = Atomic<Int>(0)
        func meet() -> Bool {
            arrived.add(1, ordering: .sequentiallyConsistent)
            let deadline = now() + 10
            while arrived.load(ordering: .sequentiallyConsistent) < 2 {
                if now() > deadline { return false }
                sched_yield()
            }
            return true
        }
        let (a, b) = concurrently(meet, meet)
        #expect(a && b)
    }

    @Test func theSecondRunsOnAnotherThread() {
        let (a, b) = concurrently({ pthread_self() }, { pthread_self() })
        #expect(pthread_equal(a, b) == 0)
        #expect(pthread_equal(a, pthread_self()) != 0)
    }
}
