// libFuzzer target: PNG decode + preprocessing + segmentation. Built by `make fuzz`
// together with the DigitImage sources (see the Makefile).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPNG(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let image = try? PNGDecoder.decode(bytes, name: "fuzz.png") {
        _ = Segment.run(image)
    }
    return 0
}
