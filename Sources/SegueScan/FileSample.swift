import SegueCore
#if canImport(Glibc)
import Glibc
#endif

/// The first and last 64 KiB of a file, read with two `pread`s: enough to check that its
/// container is complete, and to recompute the fingerprint scans made before the audio
/// identity.
struct FileSample {
    static let chunk = 64 * 1024

    let size: Int
    let head: [UInt8]
    let tail: [UInt8]
    /// Where `tail` starts in the file.
    let tailOffset: Int
    private let descriptor: Int32

    enum Failure: Error {
        case unreadable(errno: Int32)
    }

    /// Reads the sample through an open descriptor, which the caller closes.
    init(descriptor: Int32, size: Int) throws(Failure) {
        self.descriptor = descriptor
        self.size = size
        head = try Self.read(descriptor, offset: 0, count: min(size, Self.chunk))
        tailOffset = max(head.count, size - Self.chunk)
        tail = tailOffset < size ? try Self.read(descriptor, offset: tailOffset, count: size - tailOffset) : []
    }

    /// The fingerprint of `fingerprint_version` 0: SHA-256 over the size (8 bytes,
    /// little-endian), the head and the tail. A retag changes it, so it serves only to
    /// recognize tracks identified that way, until the next scan gives them an audio identity.
    var byteFingerprint: String {
        var digest = SHA256Digest()
        digest.update(UInt64(size))
        digest.update(head)
        digest.update(tail)
        return digest.finalizeHex()
    }

    /// False when the file held fewer bytes than `stat` said (it shrank meanwhile).
    var isComplete: Bool {
        head.count == min(size, Self.chunk) && tail.count == size - tailOffset
    }

    /// The file's last bytes, from the tail or, for a small file, the head.
    var lastBytes: ArraySlice<UInt8> {
        tail.isEmpty ? head[...] : tail[...]
    }

    /// Where `lastBytes` starts in the file.
    var lastBytesOffset: Int {
        tail.isEmpty ? 0 : tailOffset
    }

    /// More bytes at any offset (atoms of an MP4 beyond the head).
    func bytes(at offset: Int, count: Int) -> [UInt8]? {
        try? Self.read(descriptor, offset: offset, count: count)
    }

    private static func read(_ descriptor: Int32, offset: Int, count: Int) throws(Failure) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let result = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if result < 0 {
                if errno == EINTR { continue }
                throw .unreadable(errno: errno)
            }
            if result == 0 { break }
            done += result
        }
        return done == count ? buffer : Array(buffer[0..<done])
    }
}
