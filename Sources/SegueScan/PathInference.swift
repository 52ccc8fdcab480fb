import Foundation
import SegueCore

/// Artist, album, title and track number read from a path laid out as
/// `Artist/Album/NN Title.ext`, for files whose tags say nothing.
struct PathInference: Equatable {
    var artist: String?
    var album: String?
    var title: String
    var trackNumber: Int?
    var discNumber: Int?

    /// `path` relative to its music folder, so that only folders inside it count.
    init(relativePath path: String) {
        var components = path.split(separator: "/").map(String.init)
        let fileName = components.popLast() ?? path
        var stem = Substring(fileName)
        if let dot = stem.lastIndex(of: "."), dot != stem.startIndex { stem = stem[..<dot] }
        album = components.popLast()
        artist = components.popLast()

        // "NN Title", "NN - Title", "NN. Title", or "D-NN Title" on multi-disc albums.
        var rest = stem
        let first = rest.prefix(while: \.isNumber)
        if (1...3).contains(first.count) {
            rest = rest.dropFirst(first.count)
            let second = rest.first == "-" ? rest.dropFirst().prefix(while: \.isNumber) : ""
            if (1...3).contains(second.count), rest.dropFirst(1 + second.count).first == " " {
                discNumber = Int(first)
                trackNumber = Int(second)
                rest = rest.dropFirst(1 + second.count)
            } else {
                trackNumber = Int(first)
            }
            rest = rest.drop(while: { $0 == " " || $0 == "-" || $0 == "." || $0 == "_" })
        }
        let cleaned = rest.trimmingWhitespace()
        title = cleaned.isEmpty ? String(stem) : cleaned
    }
}
