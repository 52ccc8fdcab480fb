import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One end of the Unix-domain socket pair between the supervisor and a worker: frames of the
/// worker protocol out, bytes in and split back into frames. A socket rather than a pipe pair so
/// that one descriptor carries both directions and a send to a dead peer is an `EPIPE` error
/// (`MSG_NOSIGNAL`) rather than a SIGPIPE that would kill the sender.
final class WireSocket {
    /// A frame longer than this is taken as garbage rather than allocated.
    static let maxFrame = 64 << 20

    let descriptor: Int32
    private var pending: [UInt8] = []
    private var consumed = 0
    private var chunk = [UInt8](repeating: 0, count: 64 << 10)

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    func send(_ message: WireWriter) throws(WireError) {
        let frame = message.frame()
        var sent = 0
        while sent < frame.count {
            let count = frame.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress! + sent, frame.count - sent, Int32(MSG_NOSIGNAL)) }
            if count < 0 {
                if errno == EINTR { continue }
                throw errno == EPIPE || errno == ECONNRESET ? .closed : .system(call: "send", errno: errno)
            }
            sent += count
        }
    }

    /// Reads what has arrived with a single `read` (it blocks only when nothing has); false at
    /// the end of the stream.
    func fill() throws(WireError) -> Bool {
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                if consumed > 0 {
                    pending.removeFirst(consumed)
                    consumed = 0
                }
                pending.append(contentsOf: chunk[0..<count])
                return true
            }
            if count == 0 { return false }
            if errno == EINTR { continue }
            if errno == ECONNRESET { return false }
            throw .system(call: "read", errno: errno)
        }
    }

    /// The next whole frame already read, if any.
    func nextFrame() throws(WireError) -> WireReader? {
        let available = pending.count - consumed
        guard available >= 4 else { return nil }
        let length = Int(WireReader.integer(UInt32.self, pending, at: consumed))
        guard length <= Self.maxFrame else { throw .malformed("a frame of \(length) bytes") }
        guard available - 4 >= length else { return nil }
        let payload = Array(pending[(consumed + 4)..<(consumed + 4 + length)])
        consumed += 4 + length
        return try WireReader(payload: payload)
    }

    /// Waits for the next frame; nil when the other side closed first.
    func receive() throws(WireError) -> WireReader? {
        while true {
            if let frame = try nextFrame() { return frame }
            guard try fill() else {
                if pending.count > consumed { throw .malformed("the stream ended inside a frame") }
                return nil
            }
        }
    }

    func close() {
        _ = Glibc.close(descriptor)
    }
}
