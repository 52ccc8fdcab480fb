/// The white space that tags, credits and file names are trimmed of: the set and the result
/// of Foundation's `trimmingCharacters(in: .whitespaces)` (tab, the space separators and
/// U+200B, compared scalar by scalar), without its `CharacterSet`. On Linux every such call
/// fetches the predefined set under one process-wide spin lock that sleeps when two threads
/// meet, and a first scan trims every tag of every file on several threads at once.
public enum Whitespace {
    public static func contains(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing `Whitespace`.
    public func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return "" }
        if !Whitespace.contains(first), !Whitespace.contains(last) { return String(self) }
        guard let start = scalars.firstIndex(where: { !Whitespace.contains($0) }),
              let end = scalars.lastIndex(where: { !Whitespace.contains($0) }) else { return "" }
        return String(String.UnicodeScalarView(scalars[start...end]))
    }
}
