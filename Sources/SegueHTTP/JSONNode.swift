import Foundation

/// Lenient access to a parsed JSON document, for services whose shapes wobble: numbers that
/// come as strings, a one-element list sent as the element itself, missing keys.
public struct JSONNode {
    public let value: Any?

    public init(_ value: Any?) {
        self.value = value
    }

    /// Parses a response body; a body that is not JSON (truncated, an HTML error page) is a
    /// transient problem, retried rather than taken as "nothing there".
    public static func parse(_ data: Data) throws(ResponseProblem) -> JSONNode {
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
              object is [String: Any] else {
            let start = String(decoding: data.prefix(40), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
            throw .retry(reason: "response is not a JSON object (\(data.count) bytes: \(start)…)")
        }
        return JSONNode(object)
    }

    public subscript(key: String) -> JSONNode {
        JSONNode((value as? [String: Any])?[key])
    }

    public var string: String? {
        switch value {
        case let text as String: text
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }

    /// A string that is there and not empty (Last.fm's `"mbid": ""` means none).
    public var nonEmptyString: String? {
        string.flatMap { $0.isEmpty ? nil : $0 }
    }

    public var int: Int? {
        switch value {
        case let number as NSNumber: number.intValue
        case let text as String: Int(text) ?? Double(text).map { Int($0) }
        default: nil
        }
    }

    public var double: Double? {
        switch value {
        case let number as NSNumber: number.doubleValue
        case let text as String: Double(text)
        default: nil
        }
    }

    public var bool: Bool? {
        switch value {
        case let flag as Bool: flag
        case let number as NSNumber: number.boolValue
        case let text as String: ["true", "1"].contains(text.lowercased()) ? true : ["false", "0"].contains(text.lowercased()) ? false : nil
        default: nil
        }
    }

    /// The elements of a list; a lone object is a list of one, nothing is an empty list.
    public var list: [JSONNode] {
        switch value {
        case let array as [Any]: array.map(JSONNode.init)
        case is [String: Any]: [self]
        default: []
        }
    }
}
