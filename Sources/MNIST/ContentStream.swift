import CZlib
import Glibc
import Support

/// A file's content, read in chunks: as is for a raw file, decompressed for a gzip file.
///
/// The file is opened as `FileBytes` opens files (non-blocking, `fstat`, only a regular file:
/// a FIFO would block, `/dev/zero` never ends). zlib's own gz* readers are not used: they
/// accept a gzip member whose 8-byte trailer (CRC-32 and length) is missing, reporting a
/// clean end of file. Here every member must end with its checked trailer; members may be
/// concatenated (as gzip allows), anything else after the last one is refused.
final class ContentStream {
    let file: String
    /// The file's size on disk (compressed size for a gzip file).
    let fileSize: Int
    /// Whether the file starts with the gzip magic bytes.
    private(set) var compressed = false
    private let fd: Int32
    private let input: UnsafeMutablePointer<UInt8>
    private let inputSize = 1 << 17
    /// zlib keeps a pointer back to the stream: it must not move, so it is allocated.
    private let z: UnsafeMutablePointer<z_stream>
    private var inflating = false
    private var endOfFile = false
    private var finished = false

    init(path: String, file: String) throws {
        self.file = file
        do { (fd, fileSize) = try FileBytes.openRegular(path) } catch {
            throw MNISTError.cannotOpen(file: file, reason: error.reason)
        }
        input = .allocate(capacity: inputSize)
        z = .allocate(capacity: 1)
        z.initialize(to: z_stream())
        try refill()
        if z.pointee.avail_in >= 2 && input[0] == 0x1F && input[1] == 0x8B {
            compressed = true
            // 15 + 16: a 32 KiB window, gzip wrapper (header and trailer checked by zlib).
            guard inflateInit2_(z, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                throw MNISTError.gzipError(file: file, message: "zlib could not start")
            }
            inflating = true
        }
    }

    deinit {
        if inflating { inflateEnd(z) }
        z.deinitialize(count: 1)
        z.deallocate()
        input.deallocate()
        close(fd)
    }

    /// Fills `buffer` as far as the content goes; returns how many bytes were written
    /// (fewer than asked only at the end of the content).
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return 0 }
        var filled = 0
        while filled < buffer.count && !finished {
            if z.pointee.avail_in == 0 && !endOfFile { try refill() }
            if !compressed {
                let n = min(Int(z.pointee.avail_in), buffer.count - filled)
                if n == 0 { finished = endOfFile; continue }
                (base + filled).update(from: z.pointee.next_in, count: n)
                z.pointee.next_in += n
                z.pointee.avail_in -= UInt32(n)
                filled += n
                continue
            }
            filled += try inflateSome(into: base + filled, count: buffer.count - filled)
        }
        return filled
    }

    /// One `inflate` call; handles the end of a member (another member, or the end of the file).
    private func inflateSome(into out: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        z.pointee.next_out = out
        z.pointee.avail_out = UInt32(min(count, Int(UInt32.max)))
        let before = z.pointee.avail_out
        let status = inflate(z, Z_NO_FLUSH)
        let produced = Int(before - z.pointee.avail_out)
        switch status {
        case Z_STREAM_END:
            // The member and its trailer are complete: another member may follow.
            if z.pointee.avail_in == 0 && !endOfFile { try refill() }
            if z.pointee.avail_in == 0 {
                finished = true
            } else if z.pointee.next_in[0] == 0x1F {
                inflateReset(z)
            } else {
                throw MNISTError.gzipError(file: file, message: "unexpected data after the end of the compressed stream")
            }
        case Z_OK, Z_BUF_ERROR:
            if produced == 0 && z.pointee.avail_in == 0 && endOfFile {
                throw MNISTError.gzipError(file: file, message: MNISTError.gzipEndMissing)
            }
        default:
            let message = z.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
            throw MNISTError.gzipError(file: file, message: message)
        }
        return produced
    }

    /// Reads the next chunk of the file into the input buffer (which must be used up).
    private func refill() throws {
        while true {
            let n = Glibc.read(fd, input, inputSize)
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw MNISTError.cannotOpen(file: file, reason: SupportError.reason(errno)) }
            if n == 0 { endOfFile = true }
            z.pointee.next_in = input
            z.pointee.avail_in = UInt32(n)
            return
        }
    }
}

extension ContentStream {
    /// Reads until `buffer` is full or the content ends; returns the bytes read.
    func readFully(into buffer: inout [UInt8]) throws -> Int {
        try buffer.withUnsafeMutableBytes { try read(into: $0) }
    }
}
