import Foundation
import SegueCore

/// Turns TagLib's raw property map into `TrackTags`: control characters stripped, numbers
/// parsed ("3/12"), implausible values (track 99999, year 0 or 9999, a negative length)
/// rejected, each problem noted.
public enum TagSanitizer {
    public static let plausibleTrackNumbers = 1...999
    public static let plausibleDiscNumbers = 1...99
    public static let plausibleYears = 1000...2100
    /// Longer than any real recording (a day), so a length beyond it is a broken header.
    public static let plausibleDurationMs = 0...86_400_000

    public static func sanitize(_ raw: RawTags) -> TrackTags {
        var tags = TrackTags()
        var problems: [TagProblem] = []

        func values(_ key: String) -> [String] {
            // A NUL separates values in some tag formats; it is a separator, not a stray control.
            (raw.properties[key] ?? []).flatMap(splitOnNUL).compactMap { value in
                let cleaned = clean(value)
                if cleaned.hadControlCharacters, !problems.contains(.controlCharacters(key: key)) {
                    problems.append(.controlCharacters(key: key))
                }
                return cleaned.text.isEmpty ? nil : cleaned.text
            }
        }
        func first(_ key: String) -> String? { values(key).first }
        func number(_ key: String, _ range: ClosedRange<Int>, _ text: String?) -> Int? {
            guard let text, !text.isEmpty else { return nil }
            guard let value = Int(text.trimmingWhitespace()), range.contains(value) else {
                problems.append(.absurdValue(key: key, value: text))
                return nil
            }
            return value
        }
        func identifier(_ key: String, _ text: String?) -> String? {
            guard let text else { return nil }
            let lowered = text.lowercased()
            guard UUID(uuidString: lowered) != nil else {
                problems.append(.absurdValue(key: key, value: text))
                return nil
            }
            return lowered
        }

        tags.title = first("TITLE")
        tags.artist = first("ARTIST")
        tags.artists = values("ARTISTS")
        tags.albumArtist = first("ALBUMARTIST")
        tags.album = first("ALBUM")

        let track = split(first("TRACKNUMBER"))
        tags.trackNumber = number("TRACKNUMBER", plausibleTrackNumbers, track.number)
        tags.trackTotal = number("TRACKTOTAL", plausibleTrackNumbers, track.total ?? first("TRACKTOTAL") ?? first("TOTALTRACKS"))
        let disc = split(first("DISCNUMBER"))
        tags.discNumber = number("DISCNUMBER", plausibleDiscNumbers, disc.number)
        tags.discTotal = number("DISCTOTAL", plausibleDiscNumbers, disc.total ?? first("DISCTOTAL") ?? first("TOTALDISCS"))

        if let date = first("DATE") ?? first("ORIGINALDATE") {
            if let year = number("DATE", plausibleYears, String(date.prefix(while: \.isNumber))) {
                tags.year = year
                tags.date = date
            }
        }
        tags.genres = splitGenres(values("GENRE"))
        tags.compilation = first("COMPILATION").map { ["1", "true", "yes"].contains($0.lowercased()) } ?? false

        tags.mbRecordingID = identifier("MUSICBRAINZ_TRACKID", first("MUSICBRAINZ_TRACKID"))
        tags.mbReleaseTrackID = identifier("MUSICBRAINZ_RELEASETRACKID", first("MUSICBRAINZ_RELEASETRACKID"))
        tags.mbArtistIDs = values("MUSICBRAINZ_ARTISTID").flatMap { $0.split(separator: "/").map(String.init) }
            .compactMap { identifier("MUSICBRAINZ_ARTISTID", $0.trimmingWhitespace()) }
        tags.mbAlbumArtistID = identifier("MUSICBRAINZ_ALBUMARTISTID", first("MUSICBRAINZ_ALBUMARTISTID"))
        tags.mbReleaseID = identifier("MUSICBRAINZ_ALBUMID", first("MUSICBRAINZ_ALBUMID"))
        tags.mbReleaseGroupID = identifier("MUSICBRAINZ_RELEASEGROUPID", first("MUSICBRAINZ_RELEASEGROUPID"))
        tags.isrc = first("ISRC").map { $0.uppercased() }

        if plausibleDurationMs.contains(raw.lengthMs) {
            tags.durationMs = raw.lengthMs
        } else {
            problems.append(.absurdValue(key: "length", value: "\(raw.lengthMs) ms"))
        }
        tags.bitrate = raw.bitrate > 0 ? raw.bitrate : nil
        tags.sampleRate = raw.sampleRate > 0 ? raw.sampleRate : nil
        tags.channels = raw.channels > 0 ? raw.channels : nil
        tags.codec = raw.codec.isEmpty ? nil : raw.codec
        tags.problems = problems
        return tags
    }

    /// Removes control characters (C0, DEL, C1) and surrounding white space.
    public static func clean(_ text: String) -> (text: String, hadControlCharacters: Bool) {
        // Most values hold none: they are only trimmed, not rebuilt scalar by scalar.
        guard text.unicodeScalars.contains(where: isControl) else { return (text.trimmingWhitespace(), false) }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !isControl(scalar) {
            scalars.append(scalar)
        }
        return (String(scalars).trimmingWhitespace(), true)
    }

    /// General category Cc, which is exactly C0, DEL and C1, without the property lookup.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// The values a NUL separates; most values hold none, and are not split.
    private static func splitOnNUL(_ value: String) -> [String] {
        guard value.utf8.contains(0) else { return value.isEmpty ? [] : [value] }
        return value.split(separator: "\0").map(String.init)
    }

    /// `3/12` → (3, 12); `3` → (3, nil).
    static func split(_ text: String?) -> (number: String?, total: String?) {
        guard let text else { return (nil, nil) }
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            .map { $0.trimmingWhitespace() }
        return (parts.first.flatMap { $0.isEmpty ? nil : $0 }, parts.count > 1 && !parts[1].isEmpty ? parts[1] : nil)
    }

    /// Genres, one per value, with values holding several split on `;`, `/` and `,`;
    /// duplicates (ignoring case) dropped, first spelling kept.
    public static func splitGenres(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        var genres: [String] = []
        for value in values {
            for part in value.split(whereSeparator: { $0 == ";" || $0 == "/" || $0 == "," }) {
                let genre = part.trimmingWhitespace()
                if !genre.isEmpty, seen.insert(genre.lowercased()).inserted {
                    genres.append(genre)
                }
            }
        }
        return genres
    }
}
