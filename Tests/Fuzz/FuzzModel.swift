// libFuzzer target: the model-file reader. The checksum would refuse almost every mutation
// at once, so the fuzzer skips it to reach the header, architecture and tensor checks.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModel(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? ModelFile.decode(bytes, file: "fuzz.safetensors", threads: 1, verifyChecksum: false)
    return 0
}
