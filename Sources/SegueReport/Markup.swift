import Foundation
import SegueCore

/// Escaping and number formatting shared by the renderers.
///
/// The document is written as polyglot XHTML (valid HTML that is also well-formed XML), so
/// text goes through `XMLText`, which suits both.
enum Markup {
    static func escape(_ text: String) -> String {
        XMLText.escape(text)
    }

    /// A coordinate with at most one decimal: enough for screen pixels, and short.
    static func coordinate(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(format: "%.1f", rounded)
    }

    static func decimal(_ value: Double, digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }

    /// Whole percents; one decimal below 10%, and where rounding would say 0% or 100% and
    /// lie (then rounded towards the truth: 99.98% is "99.9%", not "100.0%").
    static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "–" }
        let share = Double(part) / Double(whole) * 100
        if part == 0 || part == whole { return "\(Int(share))%" }
        if share >= 99.5 { return "\(decimal((share * 10).rounded(.down) / 10, digits: 1))%" }
        if share < 0.05 { return "0.1%" }
        return share >= 10 ? "\(Int(share.rounded()))%" : "\(decimal(share, digits: 1))%"
    }

    /// Thousands separated by a thin space, independent of the machine's locale.
    static func count(_ value: Int) -> String {
        let digits = String(abs(value))
        var grouped = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { grouped += "\u{202F}" }
            grouped.append(digit)
        }
        return value < 0 ? "-" + grouped : grouped
    }

    /// "3:07", or "1:02:03" from an hour on.
    static func duration(milliseconds: Int64) -> String {
        let seconds = Int((Double(milliseconds) / 1000).rounded())
        let (hours, minutes, rest) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
        return hours > 0
            ? "\(hours):\(String(format: "%02d", minutes)):\(String(format: "%02d", rest))"
            : "\(minutes):\(String(format: "%02d", rest))"
    }

    /// A run's wall time: "0.4 s", "12 s", "3 min 05 s", "2 h 04 min".
    static func elapsed(seconds: Double) -> String {
        switch seconds {
        case ..<10: return "\(decimal(max(0, seconds), digits: 1)) s"
        case ..<60: return "\(Int(seconds.rounded())) s"
        case ..<3600:
            let total = Int(seconds.rounded())
            return "\(total / 60) min \(String(format: "%02d", total % 60)) s"
        default:
            let minutes = Int((seconds / 60).rounded())
            return "\(minutes / 60) h \(String(format: "%02d", minutes % 60)) min"
        }
    }

    /// UTC, minute precision: the report is read next morning, not parsed.
    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: date)
    }
}
