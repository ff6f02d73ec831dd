import DigitApp
import Testing

@Suite struct TextTests {
    @Test func progressText() {
        #expect(ProgressText.bar(fraction: 0.5, width: 10) == "[#####-----]")
        #expect(ProgressText.bar(fraction: 2, width: 4) == "[####]")
        #expect(ProgressText.bar(fraction: .nan, width: 3) == "[---]")
        // Progress is full only when done; a probability of 99.97 % ("100.0%") is a full bar.
        #expect(ProgressText.bar(fraction: 0.9997, width: 20) == "[" + String(repeating: "#", count: 19) + "-]")
        #expect(ProgressText.bar(fraction: 0.9997, width: 20, nearest: true) == "[" + String(repeating: "#", count: 20) + "]")
        #expect(ProgressText.bar(fraction: 0.076, width: 20, nearest: true) == "[##" + String(repeating: "-", count: 18) + "]")
        #expect(ProgressText.bar(fraction: .infinity, width: 3, nearest: true) == "[---]")
        let p = BatchProgress(epoch: 3, epochs: 10, batch: 62, batches: 100, loss: 0.04123, accuracy: 0.987,
                              imagesPerSecond: 18400, epochElapsed: 6.2)
        #expect(ProgressText.trainingLine(p, barWidth: 10) == "Epoch 3/10 [######----] 62% loss 0.0412 acc 98.7% 18,400 img/s ETA 4s")
        #expect(Format.duration(65) == "1m05s")
        #expect(Format.grouped(1234567) == "1,234,567")
        #expect(Format.fixed(.nan, 2) == "nan")
        #expect(Format.bytes(64 << 20 + 1) == "67,108,865 bytes (64.0 MiB)")
    }

    /// Counts read as sentences: no "epoch(s)" anywhere (the CLI said "trained 1 epoch(s)").
    @Test func countsTakeTheirNoun() {
        #expect(Format.count(1, "epoch") == "1 epoch")
        #expect(Format.count(4, "epoch") == "4 epochs")
        #expect(Format.count(0, "image") == "0 images")
        #expect(Format.count(18400, "batch", plural: "batches") == "18,400 batches")
    }
}
