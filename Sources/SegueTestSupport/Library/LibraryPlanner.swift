import Foundation
import SegueCore

/// Decides, from a seed alone, every track of a generated library: who, which album, which
/// sound, which format, which tags.
struct LibraryPlanner {
    struct Plan {
        var track: GeneratedTrack
        var sound: SignalSynthesizer.Sound
        var format: AudioFormat
    }

    static let artists = [
        "The Velvet Owls", "Mira Sol", "Kobalt", "Ana Lúa", "Dead Harbour", "Sigrún Øst",
        "Lowtide Collective", "Jonah Pike", "Beton", "Nightjar & The Moths", "Ezra Vale", "Pale Orchard",
    ]
    static let featured = ["Lil Quartz", "Noor", "DJ Fennel", "Ada Crane"]
    static let albumWords = ["Harbour", "Static", "Glass", "Summer", "Orbit", "Paper", "Northern", "Echo", "Velvet", "Dust"]
    static let albumNouns = ["Lights", "Season", "Rooms", "Signals", "Tapes", "Maps", "Gardens", "Lines"]
    static let titleWords = ["Night", "Drive", "River", "Falling", "Golden", "Slow", "Neon", "Winter", "Hollow", "Bright", "Static", "Open"]
    static let titleNouns = ["Hours", "Lines", "Water", "Heart", "Motion", "Sky", "Room", "Echoes", "Light", "Fields"]
    static let keyNames = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"]
    static let compilationArtist = "Various Artists"

    let seed: UInt64
    let seconds: Double

    /// `count` tracks in albums of four to eight; every fifth album from the third on is a
    /// compilation, the second album spans two discs.
    func plan(count: Int) -> [Plan] {
        var plans: [Plan] = []
        var random = SplitMix64(seed: seed, label: "library")
        var albumIndex = 0
        var usedAlbums: Set<String> = []
        while plans.count < count {
            let size = min(count - plans.count, 4 + Int(random.next() % 5))
            plans += album(index: albumIndex, size: size, firstTrack: plans.count, usedAlbums: &usedAlbums, random: &random)
            albumIndex += 1
        }
        return plans
    }

    private func album(index: Int, size: Int, firstTrack: Int, usedAlbums: inout Set<String>, random: inout SplitMix64) -> [Plan] {
        let isCompilation = index % 5 == 2
        let albumArtist = isCompilation ? Self.compilationArtist : Self.artists[index % Self.artists.count]
        var title = "\(Self.albumWords[Int(random.next() % 10)]) \(Self.albumNouns[Int(random.next() % 8)])"
        if !usedAlbums.insert(title).inserted {
            title += " \(index)"
            usedAlbums.insert(title)
        }
        let year = 1968 + Int(random.next() % 57)
        let discs = index == 1 ? 2 : 1
        let perDisc = (size + discs - 1) / discs
        var usedTitles: Set<String> = []
        return (0..<size).map { position in
            let trackIndex = firstTrack + position
            let disc = position / perDisc + 1, number = position % perDisc + 1
            let discTotalTracks = disc == discs ? size - perDisc * (discs - 1) : perDisc
            var trackTitle = "\(Self.titleWords[Int(random.next() % 12)]) \(Self.titleNouns[Int(random.next() % 10)])"
            while !usedTitles.insert(trackTitle).inserted { trackTitle += " II" }
            let artist = isCompilation ? Self.artists[(index + position * 5 + 1) % Self.artists.count] : albumArtist
            let featuring = trackIndex % 5 == 2 ? Self.featured[trackIndex % Self.featured.count] : nil
            let (sound, style, key, bpm) = Self.sound(trackIndex: trackIndex, random: &random)
            let format = AudioFormat.generated[trackIndex % AudioFormat.generated.count]
            let folderNumber = discs > 1 ? "\(disc)-\(String(format: "%02d", number))" : String(format: "%02d", number)
            let path = "\(Self.folderName(albumArtist))/\(Self.folderName(title))/\(folderNumber) \(Self.folderName(trackTitle)).\(format.fileExtension)"
            // The second track of every third album (never a compilation) carries no tags at
            // all: the scan must infer artist, album and title from the path.
            let untagged = position == 1 && index % 3 == 0 && !isCompilation && discs == 1
            let tags = untagged ? [:] : tagSet(
                title: trackTitle, artist: artist, featuring: featuring, albumArtist: albumArtist, album: title,
                number: number, total: discTotalTracks, disc: disc, discs: discs, year: year,
                genres: Self.genres(style: style, bpm: bpm), compilation: isCompilation, trackIndex: trackIndex, albumIndex: index)
            let track = GeneratedTrack(
                path: path, format: format.rawValue, codec: format.codec, sampleRate: format.sampleRate, channels: 2,
                seconds: seconds, style: style, key: key, bpm: bpm, tags: tags,
                pathArtist: Self.folderName(albumArtist), pathAlbum: Self.folderName(title),
                pathTitle: Self.folderName(trackTitle), pathTrackNumber: number,
                signal: sound.isSeeded ? "\(sound) #\(trackIndex)" : "\(sound)")
            return Plan(track: track, sound: sound, format: format)
        }
    }

    private func tagSet(title: String, artist: String, featuring: String?, albumArtist: String, album: String,
                        number: Int, total: Int, disc: Int, discs: Int, year: Int, genres: [String],
                        compilation: Bool, trackIndex: Int, albumIndex: Int) -> [String: [String]] {
        func id(_ label: String) -> String { SplitMix64.uuid(seed: seed, label: label) }
        let credited = [artist] + (featuring.map { [$0] } ?? [])
        var tags: [String: [String]] = [
            "TITLE": [title],
            "ARTIST": [featuring.map { "\(artist) feat. \($0)" } ?? artist],
            "ALBUMARTIST": [albumArtist],
            "ALBUM": [album],
            "TRACKNUMBER": ["\(number)/\(total)"],
            "DISCNUMBER": ["\(disc)/\(discs)"],
            // Some dates are full days, as taggers write them.
            "DATE": [trackIndex % 3 == 0 ? String(format: "%d-%02d-%02d", year, albumIndex % 12 + 1, trackIndex % 28 + 1) : String(year)],
            // Some taggers pack several genres into one value; the scan must split them.
            "GENRE": trackIndex % 13 == 5 ? [genres.joined(separator: trackIndex % 2 == 0 ? "; " : "/")] : genres,
            "MUSICBRAINZ_TRACKID": [id("recording \(trackIndex)")],
            "MUSICBRAINZ_RELEASETRACKID": [id("release track \(trackIndex)")],
            "MUSICBRAINZ_ARTISTID": credited.map { id("artist \($0)") },
            "MUSICBRAINZ_ALBUMARTISTID": [id("artist \(albumArtist)")],
            "MUSICBRAINZ_ALBUMID": [id("release \(albumIndex)")],
            "MUSICBRAINZ_RELEASEGROUPID": [id("release group \(albumIndex)")],
            "ISRC": [String(format: "XXSEG%02d%05d", year % 100, trackIndex)],
        ]
        if featuring != nil { tags["ARTISTS"] = credited }
        if compilation { tags["COMPILATION"] = ["1"] }
        return tags
    }

    private static func sound(trackIndex: Int, random: inout SplitMix64) -> (SignalSynthesizer.Sound, SonicStyle, String?, Int?) {
        switch SonicStyle.allCases[trackIndex % SonicStyle.allCases.count] {
        case .tonal:
            let root = Int(random.next() % 12), minor = random.next() % 2 == 0
            return (.chords(root: root, minor: minor), .tonal, "\(keyNames[root]) \(minor ? "minor" : "major")", nil)
        case .drums:
            let bpm = [90, 120, 140][(trackIndex / 4) % 3]
            return (.drums(bpm: bpm), .drums, nil, bpm)
        case .noise:
            return (.noise(brightness: 0.05 + Float(random.next() % 60) / 100), .noise, nil, nil)
        case .sparse:
            return (.sparse(pitch: 60 + Int(random.next() % 24)), .sparse, nil, nil)
        }
    }

    /// File genres per style, several per track (multi-valued tags).
    static func genres(style: SonicStyle, bpm: Int?) -> [String] {
        switch style {
        case .tonal: ["Ambient", "Neoclassical"]
        case .drums: bpm == 90 ? ["Hip Hop", "Boom Bap"] : bpm == 120 ? ["House", "Electronic"] : ["Drum and Bass", "Electronic"]
        case .noise: ["Noise", "Experimental"]
        case .sparse: ["Minimal", "Ambient"]
        }
    }

    /// A name as a folder or file name: no slash, no leading dot.
    static func folderName(_ name: String) -> String {
        var cleaned = name.replacingOccurrences(of: "/", with: "-")
        while cleaned.hasPrefix(".") { cleaned.removeFirst() }
        return cleaned
    }
}
