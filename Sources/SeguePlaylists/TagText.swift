import SegueCore

/// Tag text made safe for a one-line playlist field: line breaks, tabs and other control
/// characters become spaces (a newline in a title would end an M3U entry early), and runs
/// of spaces collapse.
enum TagText {
    static func line(_ text: String) -> String {
        var result = ""
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            let isControl = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                || scalar == "\u{2028}" || scalar == "\u{2029}" || scalar == "\u{FEFF}"
            if isControl || scalar == " " {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace { result.unicodeScalars.append(" ") }
            pendingSpace = false
            result.unicodeScalars.append(scalar)
        }
        return result
    }

    /// One line of text for XML content or attributes.
    static func xml(_ text: String) -> String {
        XMLText.escape(line(text))
    }
}
