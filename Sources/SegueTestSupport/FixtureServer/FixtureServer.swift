import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real HTTP/1.1 server on 127.0.0.1 for tests and benchmarks: POSIX sockets, one thread
/// per connection, keep-alive. A handler turns each request into a response; fault rules
/// replace answers with the misbehaviour under test; every request is recorded with its
/// arrival time, so tests can count requests and check rate limits where they land.
public final class FixtureServer: @unchecked Sendable {
    public typealias Handler = @Sendable (FixtureRequest) -> FixtureResponse

    public let port: Int
    private let listener: Int32
    private let handler: Handler
    private let lock = NSLock()
    private var recorded: [FixtureRequest] = []
    private var faulted: [FixtureRequest] = []
    private var rules: [FixtureFaultRule] = []
    private var connections = 0
    private var openSockets: Set<Int32> = []
    private var stopped = false
    private let log: FileHandle?

    /// Starts listening on `port` (0: an ephemeral port) and serving at once; with
    /// `requestLog`, appends a line per request to that file (for benchmarks).
    public init(port: Int = 0, requestLog: String? = nil, handler: @escaping Handler) throws {
        self.handler = handler
        if let requestLog {
            if !FileManager.default.fileExists(atPath: requestLog) {
                _ = FileManager.default.createFile(atPath: requestLog, contents: nil)
            }
            log = FileHandle(forWritingAtPath: requestLog)
            _ = try log?.seekToEnd()
        } else {
            log = nil
        }
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw FixtureServerError.socket("socket", errno) }
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 64) == 0 else {
            let code = errno
            close(listener)
            throw FixtureServerError.socket("bind/listen", code)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.listener = listener
        self.port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "fixture-server-accept"
        thread.start()
    }


    /// `http://127.0.0.1:PORT`, a service root to put in a `base_url`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Every request so far, in arrival order.
    public var requests: [FixtureRequest] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    public func requests(pathPrefix: String) -> [FixtureRequest] {
        requests.filter { $0.path.hasPrefix(pathPrefix) }
    }

    /// The requests answered with an injected fault, so a test can tell its fault fired.
    public var faultedRequests: [FixtureRequest] {
        lock.lock()
        defer { lock.unlock() }
        return faulted
    }

    public func inject(_ rule: FixtureFaultRule) {
        lock.lock()
        rules.append(rule)
        lock.unlock()
    }

    public func clearFaults() {
        lock.lock()
        rules.removeAll()
        lock.unlock()
    }

    /// Closes the listening socket and every open connection. The accept thread holds the
    /// server until then, so owners call this when done (`FixtureServices` does on deinit).
    public func stop() {
        lock.lock()
        let sockets = openSockets
        let wasStopped = stopped
        stopped = true
        openSockets.removeAll()
        lock.unlock()
        guard !wasStopped else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for socket in sockets { shutdown(socket, Int32(SHUT_RDWR)) }
    }

    // MARK: Serving

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            lock.lock()
            if stopped {
                lock.unlock()
                close(client)
                return
            }
            connections += 1
            let connection = connections
            openSockets.insert(client)
            lock.unlock()
            let thread = Thread { [self] in serve(client, connection: connection) }
            thread.name = "fixture-server-connection"
            thread.start()
        }
    }

    private func serve(_ socket: Int32, connection: Int) {
        var reader = SocketReader(socket: socket)
        defer {
            lock.lock()
            let owned = openSockets.remove(socket) != nil || stopped
            lock.unlock()
            if owned { close(socket) }
        }
        while let head = reader.readHead() {
            let lines = head.components(separatedBy: "\r\n")
            let requestLine = lines[0].split(separator: " ").map(String.init)
            guard requestLine.count >= 2 else { return }
            var headers: [String: String] = [:]
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            var body = Data()
            if let length = headers["content-length"].flatMap(Int.init), length > 0 {
                guard let read = reader.read(count: length) else { return }
                body = read
            }
            let request = record(method: requestLine[0], target: requestLine[1], headers: headers, body: body, connection: connection)
            var response = handler(request)
            if let fault = takeFault(for: request) { response = fault.response(replacing: response) }
            guard send(response, on: socket) else { return }
            if headers["connection"]?.lowercased() == "close" { return }
        }
    }

    private func record(method: String, target: String, headers: [String: String], body: Data, connection: Int) -> FixtureRequest {
        lock.lock()
        defer { lock.unlock() }
        let request = FixtureRequest(method: method, target: target, headers: headers, body: body, number: recorded.count + 1,
                                     connection: connection, receivedAt: Date())
        recorded.append(request)
        let line = String(format: "%.3f %@ %@\n", request.receivedAt.timeIntervalSince1970, method, target)
        log?.write(Data(line.utf8))
        return request
    }

    private func takeFault(for request: FixtureRequest) -> FixtureFault? {
        lock.lock()
        defer { lock.unlock() }
        guard let index = rules.firstIndex(where: { ($0.times ?? 1) > 0 && $0.matches(request) }) else { return nil }
        if let times = rules[index].times { rules[index].times = times - 1 }
        faulted.append(request)
        return rules[index].fault
    }

    /// Writes `response`; false when the connection must close afterwards.
    private func send(_ response: FixtureResponse, on socket: Int32) -> Bool {
        if response.delay > 0 { Thread.sleep(forTimeInterval: response.delay) }
        switch response.delivery {
        case .reset:
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            setsockopt(socket, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
            return false
        case .truncated:
            writeAll(socket, Self.head(response, length: response.body.count) + response.body.prefix(response.body.count / 2))
            return false
        case .normal:
            return writeAll(socket, Self.head(response, length: response.body.count) + response.body)
        }
    }

    private static func head(_ response: FixtureResponse, length: Int) -> Data {
        var text = "HTTP/1.1 \(response.status) \(reason(response.status))\r\n"
        for (name, value) in response.headers { text += "\(name): \(value)\r\n" }
        text += "Content-Length: \(length)\r\nConnection: keep-alive\r\n\r\n"
        return Data(text.utf8)
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 204: "No Content"
        case 401: "Unauthorized"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }

    @discardableResult
    private func writeAll(_ socket: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let sent = Glibc.send(socket, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                if sent <= 0 { return false }
                offset += sent
            }
            return true
        }
    }
}

public enum FixtureServerError: Error, CustomStringConvertible {
    case socket(String, Int32)

    public var description: String {
        switch self {
        case let .socket(call, code): "fixture server: \(call) failed: \(String(cString: strerror(code)))"
        }
    }
}

/// Buffered reads of request heads and bodies from a socket.
private struct SocketReader {
    let socket: Int32
    var buffer = Data()

    init(socket: Int32) {
        self.socket = socket
    }

    mutating func readHead() -> String? {
        let separator = Data("\r\n\r\n".utf8)
        while true {
            if let range = buffer.range(of: separator) {
                let head = String(decoding: buffer[buffer.startIndex..<range.lowerBound], as: UTF8.self)
                buffer = Data(buffer[range.upperBound...])
                return head
            }
            guard fill() else { return nil }
        }
    }

    mutating func read(count: Int) -> Data? {
        while buffer.count < count {
            guard fill() else { return nil }
        }
        let data = Data(buffer.prefix(count))
        buffer = Data(buffer.dropFirst(count))
        return data
    }

    private mutating func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        let received = recv(socket, &chunk, chunk.count, 0)
        guard received > 0 else { return false }
        buffer.append(contentsOf: chunk[0..<received])
        return true
    }
}
