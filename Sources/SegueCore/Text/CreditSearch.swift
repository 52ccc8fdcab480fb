import Foundation

/// The searches `ArtistCredit` makes, without Foundation when the text is printable ASCII.
/// Foundation's `range(of:)` and `components(separatedBy:)` on Linux go through
/// CoreFoundation (a `CFString` made and searched per call), about 3 % of a first scan's CPU
/// in `perf`; on printable ASCII a byte search means exactly the same (no character is more
/// than one byte, none combines with its neighbours, case folding is ASCII's own), so only
/// other text takes Foundation's path.
enum CreditSearch {
    /// The first `pattern` in `text` (the last, `backwards`), ignoring case when asked;
    /// `from` limits it to the text from there on.
    static func range(of pattern: String, in text: String, caseInsensitive: Bool = false, backwards: Bool = false,
                      from: String.Index? = nil) -> Range<String.Index>? {
        let start = from ?? text.startIndex
        guard isPrintableASCII(text), isPrintableASCII(pattern) else {
            var options: String.CompareOptions = []
            if caseInsensitive { options.insert(.caseInsensitive) }
            if backwards { options.insert(.backwards) }
            return text.range(of: pattern, options: options, range: start..<text.endIndex)
        }
        let lower = text.utf8.distance(from: text.startIndex, to: start)
        let offset = withBytes(of: text) { bytes in
            withBytes(of: pattern) { needle in
                firstOffset(of: needle, in: bytes, from: lower, caseInsensitive: caseInsensitive, backwards: backwards)
            }
        }
        guard let offset else { return nil }
        let found = text.utf8.index(text.startIndex, offsetBy: offset)
        return found..<text.utf8.index(found, offsetBy: pattern.utf8.count)
    }

    private static func firstOffset(of needle: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>, from lower: Int,
                                    caseInsensitive: Bool, backwards: Bool) -> Int? {
        guard !needle.isEmpty, bytes.count - lower >= needle.count else { return nil }
        let candidates = lower...(bytes.count - needle.count)
        let matches = { (offset: Int) in
            needle.indices.allSatisfy { caseInsensitive ? folded(bytes[offset + $0]) == folded(needle[$0]) : bytes[offset + $0] == needle[$0] }
        }
        return backwards ? candidates.reversed().first(where: matches) : candidates.first(where: matches)
    }

    /// A string's UTF-8 bytes in place (native strings are contiguous), without the copy per
    /// search that would cost more than the search on a short credit.
    private static func withBytes<T>(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        text.utf8.withContiguousStorageIfAvailable(body) ?? Array(text.utf8).withUnsafeBufferPointer(body)
    }

    /// `text` cut at every `separator`, left to right, empty parts kept: what
    /// `components(separatedBy:)` gives.
    static func components(of text: String, separatedBy separator: String) -> [String] {
        guard isPrintableASCII(text), isPrintableASCII(separator), !separator.isEmpty else {
            return text.components(separatedBy: separator)
        }
        var parts: [String] = []
        var rest = text.startIndex
        while let found = range(of: separator, in: text, from: rest) {
            parts.append(String(text[rest..<found.lowerBound]))
            rest = found.upperBound
        }
        parts.append(String(text[rest...]))
        return parts
    }

    static func isPrintableASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { (0x20..<0x7F).contains($0) }
    }

    private static func folded(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }
}
