// libFuzzer target: image decode (PNG or JPEG, chosen from the content as for a real file) +
// preprocessing + segmentation. Built by `make fuzz` together with the DigitImage sources
// (see the Makefile); the seeds are PNGs and JPEGs, so both decoders are reached.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImage(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // A quarter-size JPEG decode too: the scaled IDCT is a separate code path in libjpeg-turbo.
    let scale: JPEGDecoder.Scale = size % 2 == 0 ? .full : .quarter
    if let image = try? ImageDecoder.decode(bytes, name: "fuzz-image", jpeg: .init(scale: scale)) {
        // Both readings the recogniser compares: as it is, and inside a margin of paper.
        _ = DigitExtraction.candidates(image)
    }
    return 0
}
