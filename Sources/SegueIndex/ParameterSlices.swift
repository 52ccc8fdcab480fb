/// Lists of ids bound as `IN (?, …)` a slice at a time: SQLite bounds the parameters of a statement.
enum ParameterSlices {
    static let size = 500

    /// Calls `body` with each slice of `ids`, in order, and its `?, ?, …` marks.
    static func forEach<ID>(_ ids: [ID], _ body: (_ marks: String, _ slice: [ID]) throws -> Void) rethrows {
        for start in stride(from: 0, to: ids.count, by: size) {
            let slice = Array(ids[start..<min(ids.count, start + size)])
            try body(Array(repeating: "?", count: slice.count).joined(separator: ", "), slice)
        }
    }
}
