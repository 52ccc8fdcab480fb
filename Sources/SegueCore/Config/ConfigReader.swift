import Foundation
import Yams

/// Reads typed values out of a parsed `config.yaml`, one dotted key at a time.
///
/// Every key a section asks for is remembered, whether or not the file sets it, so that
/// `rejectUnknownKeys()` can name any key the file sets that no section knows, together with
/// the closest key that does exist. Lists of mappings (playlist definitions) are read through
/// `mappings(_:)`, whose elements share this bookkeeping under a `key[]` path.
public final class ConfigReader {
    private final class Ledger {
        var known: Set<String> = []
    }

    public let filePath: String
    private let root: Node?
    private let prefix: String
    private let ledger: Ledger
    private let environment: [String: String]

    public convenience init(yaml: String, filePath: String, environment: [String: String]) throws(ConfigError) {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch {
            let reason = String(describing: error).split(separator: "\n").first.map(String.init) ?? "syntax error"
            throw .invalidYAML(path: filePath, reason: reason)
        }
        if let node, node.mapping == nil, node != Node("") {
            throw .wrongType(path: filePath, key: "(top level)", expected: "a mapping of sections", found: Self.describe(node))
        }
        self.init(root: node, filePath: filePath, prefix: "", ledger: Ledger(), environment: environment)
    }

    private init(root: Node?, filePath: String, prefix: String, ledger: Ledger, environment: [String: String]) {
        self.root = root
        self.filePath = filePath
        self.prefix = prefix
        self.ledger = ledger
        self.environment = environment
    }

    // MARK: Typed getters

    public func string(_ key: String, default fallback: String) throws(ConfigError) -> String {
        try optionalString(key) ?? fallback
    }

    public func optionalString(_ key: String) throws(ConfigError) -> String? {
        guard let node = lookup(key) else { return nil }
        guard let scalar = node.scalar else { throw wrongType(key, "a string", node) }
        if node.null != nil { return nil }
        return try substitute(scalar.string, key: key)
    }

    /// A filesystem path: `~` expanded, environment variables substituted.
    public func path(_ key: String, default fallback: String) throws(ConfigError) -> String {
        Self.expandTilde(try string(key, default: fallback), environment: environment)
    }

    public func optionalPath(_ key: String) throws(ConfigError) -> String? {
        try optionalString(key).map { Self.expandTilde($0, environment: environment) }
    }

    public func int(_ key: String, default fallback: Int, range: ClosedRange<Int>? = nil) throws(ConfigError) -> Int {
        guard let node = lookup(key) else { return fallback }
        guard let value = node.int else { throw wrongType(key, "a whole number", node) }
        if let range, !range.contains(value) {
            throw .invalidValue(path: filePath, key: fullKey(key), reason: "must be between \(range.lowerBound) and \(range.upperBound), found \(value)")
        }
        return value
    }

    public func double(_ key: String, default fallback: Double, range: ClosedRange<Double>? = nil) throws(ConfigError) -> Double {
        guard let node = lookup(key) else { return fallback }
        guard let value = node.float ?? node.int.map(Double.init) else { throw wrongType(key, "a number", node) }
        if let range, !range.contains(value) {
            throw .invalidValue(path: filePath, key: fullKey(key), reason: "must be between \(range.lowerBound) and \(range.upperBound), found \(value)")
        }
        return value
    }

    public func bool(_ key: String, default fallback: Bool) throws(ConfigError) -> Bool {
        guard let node = lookup(key) else { return fallback }
        guard let value = node.bool else { throw wrongType(key, "true or false", node) }
        return value
    }

    /// A list of strings; a single string is taken as a one-element list.
    public func strings(_ key: String, default fallback: [String]) throws(ConfigError) -> [String] {
        guard let node = lookup(key) else { return fallback }
        if node.null != nil { return [] }
        if let scalar = node.scalar { return [try substitute(scalar.string, key: key)] }
        guard let sequence = node.sequence else { throw wrongType(key, "a list of strings", node) }
        var values: [String] = []
        for (index, element) in sequence.enumerated() {
            guard let scalar = element.scalar else { throw wrongType("\(key)[\(index)]", "a string", element) }
            values.append(try substitute(scalar.string, key: key))
        }
        return values
    }

    public func paths(_ key: String, default fallback: [String]) throws(ConfigError) -> [String] {
        try strings(key, default: fallback).map { Self.expandTilde($0, environment: environment) }
    }

    /// One of a fixed set of words, e.g. `analysis.mode: segments|full`.
    public func choice<T: RawRepresentable & CaseIterable>(_ key: String, default fallback: T) throws(ConfigError) -> T where T.RawValue == String {
        guard let raw = try optionalString(key) else { return fallback }
        guard let value = T(rawValue: raw) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw .invalidValue(path: filePath, key: fullKey(key), reason: "must be one of \(allowed), found '\(raw)'")
        }
        return value
    }

    /// Whether the file sets `key` at all.
    public func contains(_ key: String) -> Bool {
        lookup(key) != nil
    }

    /// Each element of a list of mappings, as a reader scoped to that element.
    public func mappings(_ key: String) throws(ConfigError) -> [ConfigReader] {
        guard let node = lookup(key) else { return [] }
        if node.null != nil { return [] }
        guard let sequence = node.sequence else { throw wrongType(key, "a list", node) }
        var readers: [ConfigReader] = []
        for (index, element) in sequence.enumerated() {
            guard element.mapping != nil else { throw wrongType("\(key)[\(index)]", "a mapping", element) }
            readers.append(ConfigReader(root: element, filePath: filePath, prefix: fullKey(key) + "[]", ledger: ledger, environment: environment))
        }
        return readers
    }

    // MARK: Unknown keys

    /// Every key asked for so far, as dotted paths (`[]` marks list elements).
    var knownKeys: Set<String> {
        ledger.known
    }

    /// Fails on the first key the file sets that no section asked for.
    public func rejectUnknownKeys() throws(ConfigError) {
        guard let root else { return }
        try reject(node: root, path: "")
    }

    private func reject(node: Node, path: String) throws(ConfigError) {
        if let mapping = node.mapping {
            for (keyNode, value) in mapping {
                let key = keyNode.string ?? String(describing: keyNode)
                let full = path.isEmpty ? key : "\(path).\(key)"
                let known = ledger.known.contains(full) || ledger.known.contains { $0.hasPrefix(full + ".") || $0.hasPrefix(full + "[].") }
                guard known else {
                    throw .unknownKey(path: filePath, key: full, suggestion: suggestion(for: full, parent: path))
                }
                try reject(node: value, path: full)
            }
        } else if let sequence = node.sequence, sequence.contains(where: { $0.mapping != nil }) {
            for element in sequence {
                try reject(node: element, path: path + "[]")
            }
        }
    }

    private func suggestion(for full: String, parent: String) -> String? {
        let siblings = Set(ledger.known.compactMap { known -> String? in
            let remainder: Substring
            if parent.isEmpty {
                remainder = Substring(known)
            } else {
                guard known.hasPrefix(parent + ".") else { return nil }
                remainder = known.dropFirst(parent.count + 1)
            }
            let head = remainder.split(whereSeparator: { $0 == "." || $0 == "[" }).first.map(String.init) ?? String(remainder)
            return parent.isEmpty ? head : "\(parent).\(head)"
        })
        return EditDistance.closest(to: full, among: siblings)
    }

    // MARK: Helpers

    private func fullKey(_ key: String) -> String {
        prefix.isEmpty ? key : "\(prefix).\(key)"
    }

    private func lookup(_ key: String) -> Node? {
        ledger.known.insert(fullKey(key))
        var node = root
        for component in key.split(separator: ".") {
            guard let mapping = node?.mapping else { return nil }
            node = mapping[Node(String(component))]
        }
        return node
    }

    private func wrongType(_ key: String, _ expected: String, _ node: Node) -> ConfigError {
        .wrongType(path: filePath, key: fullKey(key), expected: expected, found: Self.describe(node))
    }

    private static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): "'\(scalar.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    /// Replaces `${NAME}` with the environment variable's value, so secrets stay out of the file.
    private func substitute(_ text: String, key: String) throws(ConfigError) -> String {
        guard text.contains("${") else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                throw .invalidValue(path: filePath, key: fullKey(key), reason: "has an unclosed '${'")
            }
            let name = String(rest[open.upperBound..<close])
            guard let value = environment[name] else {
                throw .missingEnvironment(path: filePath, key: fullKey(key), variable: name)
            }
            result += value
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    static func expandTilde(_ path: String, environment: [String: String]) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + path.dropFirst()
    }
}
