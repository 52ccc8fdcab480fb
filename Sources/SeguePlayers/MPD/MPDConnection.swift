import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One connection to MPD over its text protocol: a command per line, arguments quoted, each
/// answered by lines ending in `OK` or `ACK [code@index] {command} message`.
final class MPDConnection {
    enum Reply {
        case ok([String])
        case ack(code: Int, message: String)
    }

    enum Failure: Error {
        case connect(String)
        case io(String)
    }

    private let descriptor: Int32
    private var buffer: [UInt8] = []

    init(host: String, port: Int, timeoutSeconds: Double) throws(Failure) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw .connect("cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var reason = "no address"
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        var connected: Int32 = -1
        while let info = candidate {
            let socket = Glibc.socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if socket >= 0 {
                Self.setTimeout(socket, seconds: timeoutSeconds)
                if Glibc.connect(socket, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 {
                    connected = socket
                    break
                }
                reason = String(cString: strerror(errno))
                close(socket)
            }
            candidate = info.pointee.ai_next
        }
        guard connected >= 0 else { throw .connect("cannot connect to \(host):\(port): \(reason)") }
        descriptor = connected
        let greeting = try readLine()
        guard greeting.hasPrefix("OK MPD ") else {
            close(descriptor)
            throw .connect("\(host):\(port) is not MPD (it said '\(greeting.prefix(40))')")
        }
    }

    deinit {
        close(descriptor)
    }

    /// Sends one command and reads its whole reply.
    func command(_ name: String, _ arguments: [String] = []) throws(Failure) -> Reply {
        let line = ([name] + arguments.map(Self.quote)).joined(separator: " ") + "\n"
        let bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw .io("write failed: \(String(cString: strerror(errno)))") }
            offset += sent
        }
        var lines: [String] = []
        while true {
            let reply = try readLine()
            if reply == "OK" { return .ok(lines) }
            if reply.hasPrefix("ACK ") { return Self.ack(reply) }
            lines.append(reply)
        }
    }

    /// `"…"` with backslashes and quotes escaped, as MPD's tokenizer expects.
    static func quote(_ argument: String) -> String {
        "\"" + argument.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// `ACK [50@0] {playlistadd} No such song` → code 50 and the message.
    static func ack(_ line: String) -> Reply {
        let code = line.firstIndex(of: "[").flatMap { open in
            line[line.index(after: open)...].split(separator: "@").first.flatMap { Int($0) }
        } ?? 0
        let message = line.firstIndex(of: "}").map { String(line[line.index(after: $0)...]).trimmingCharacters(in: .whitespaces) } ?? line
        return .ack(code: code, message: message)
    }

    private func readLine() throws(Failure) -> String {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 8192)
            let received = recv(descriptor, &chunk, chunk.count, 0)
            guard received > 0 else {
                throw .io(received == 0 ? "MPD closed the connection" : "read failed: \(String(cString: strerror(errno)))")
            }
            buffer.append(contentsOf: chunk[0..<received])
        }
    }

    private static func setTimeout(_ socket: Int32, seconds: Double) {
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1_000_000))
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }
}
