import CCurl
import Foundation

/// One libcurl easy handle, reused for every request to one host so the connection is kept
/// alive between requests. Not thread-safe: `HTTPClient` hands each host's handle to one
/// request at a time.
final class CurlConnection {
    private let handle: UnsafeMutableRawPointer
    private let settings: HTTPSettings

    /// Process-wide libcurl setup, done once before the first handle.
    private static let globalInit: Void = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    }()

    init(settings: HTTPSettings) throws(TransportError) {
        _ = Self.globalInit
        guard let handle = curl_easy_init() else { throw .connection("curl_easy_init failed") }
        self.handle = handle
        self.settings = settings
    }

    deinit {
        curl_easy_cleanup(handle)
    }

    func perform(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        let buffer = ResponseBuffer(limit: settings.maxResponseBytes)
        var list: UnsafeMutablePointer<curl_slist>?
        for header in request.headers { list = curl_slist_append(list, header) }
        defer { curl_slist_free_all(list) }
        let code: CURLcode = withExtendedLifetime(buffer) {
            configure(url: request.url, headers: list, buffer: buffer)
            setMethod(request)
            return curl_easy_perform(handle)
        }
        guard code == CURLE_OK else {
            if buffer.exceeded || code == CURLE_FILESIZE_EXCEEDED { throw .tooLarge(limit: settings.maxResponseBytes) }
            if code == CURLE_OPERATION_TIMEDOUT { throw .timeout }
            if code == CURLE_URL_MALFORMAT || code == CURLE_UNSUPPORTED_PROTOCOL { throw .invalidURL }
            throw .connection(String(cString: curl_easy_strerror(code)))
        }
        var status = 0
        _ = segue_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, headers: buffer.headers, body: buffer.body)
    }

    /// The handle is reused, so every request sets its method afresh: GET resets a previous
    /// POST, and the custom verb is cleared unless this one is a DELETE.
    private func setMethod(_ request: HTTPRequest) {
        switch request.method {
        case .get, .delete:
            _ = segue_curl_setopt_long(handle, CURLOPT_HTTPGET, 1)
        case .post:
            let body = request.body ?? Data()
            _ = segue_curl_setopt_long(handle, CURLOPT_POST, 1)
            _ = segue_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, body.count)
            // COPYPOSTFIELDS copies the bytes now, so the body need not outlive this call.
            if body.isEmpty {
                _ = segue_curl_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, "")
            } else {
                body.withUnsafeBytes { raw in
                    _ = segue_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress))
                }
            }
        }
        if request.method == .delete {
            _ = segue_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, "DELETE")
        } else {
            _ = segue_curl_setopt_pointer(handle, CURLOPT_CUSTOMREQUEST, nil)
        }
    }

    private func configure(url: String, headers: UnsafeMutablePointer<curl_slist>?, buffer: ResponseBuffer) {
        let context = Unmanaged.passUnretained(buffer).toOpaque()
        _ = segue_curl_setopt_string(handle, CURLOPT_URL, url)
        _ = segue_curl_setopt_string(handle, CURLOPT_USERAGENT, settings.userAgent)
        _ = segue_curl_setopt_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(headers))
        _ = segue_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = segue_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(settings.connectTimeoutSeconds * 1000))
        _ = segue_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(settings.timeoutSeconds * 1000))
        _ = segue_curl_setopt_long(handle, CURLOPT_MAXFILESIZE, settings.maxResponseBytes)
        // Verification stays on whatever the environment says; there is no switch to turn it off.
        _ = segue_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1)
        _ = segue_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2)
        _ = segue_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = segue_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 1)
        _ = segue_curl_setopt_long(handle, CURLOPT_MAXREDIRS, 5)
        _ = segue_curl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")
        _ = segue_curl_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1)
        _ = segue_curl_setopt_write_function(handle) { data, size, count, context in
            guard let data, let context else { return 0 }
            let buffer = Unmanaged<ResponseBuffer>.fromOpaque(context).takeUnretainedValue()
            return buffer.append(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
        }
        _ = segue_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
        _ = segue_curl_setopt_header_function(handle) { data, size, count, context in
            guard let data, let context else { return 0 }
            let buffer = Unmanaged<ResponseBuffer>.fromOpaque(context).takeUnretainedValue()
            buffer.header(String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self))
            return size * count
        }
        _ = segue_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
    }
}

/// Collects one response's body (up to a limit) and headers from libcurl's callbacks.
private final class ResponseBuffer {
    let limit: Int
    var body = Data()
    var headers: [String: String] = [:]
    var exceeded = false

    init(limit: Int) {
        self.limit = limit
    }

    func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= limit else {
            exceeded = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    func header(_ line: String) {
        if line.hasPrefix("HTTP/") {
            // A new status line (after a redirect or 100-continue) starts a new header set.
            headers = [:]
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
