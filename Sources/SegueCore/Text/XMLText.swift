/// Text escaped for XML content and attributes (XSPF playlists, the XHTML report): the five
/// specials become entities, and the characters XML 1.0 forbids outright (C0 controls other
/// than tab and line breaks, U+FFFE, U+FFFF) become U+FFFD, so no tag text can break a file.
public enum XMLText {
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            // &#39; rather than &apos;: it is also valid in HTML.
            case "'": escaped += "&#39;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                escaped.unicodeScalars.append("\u{FFFD}")
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
