import Glibc

// libFuzzer target: the IDX reader (raw or gzip) on arbitrary bytes, as images and as labels.
// The reader streams from a file descriptor (regular files only): a tmpfs file per input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIDX(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let path = "/dev/shm/digitrec-fuzz-idx-\(getpid())"
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { return 0 }
    _ = write(fd, data, size)
    close(fd)
    _ = try? IDXReader.read(path: path, kind: .images)
    _ = try? IDXReader.read(path: path, kind: .labels)
    unlink(path)
    return 0
}
