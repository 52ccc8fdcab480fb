import SegueCore

/// A stored playlist of MPD, read with `listplaylistinfo`: each entry's file (relative to
/// MPD's music folder) and the tags MPD holds for it.
struct MPDPlaylistReader {
    let config: PlayersConfig.MPD
    let timeoutSeconds: Double

    /// The playlist's songs, in order; nil when MPD has no stored playlist of that name.
    func entries(ofPlaylistNamed name: String) throws -> [RemoteSong]? {
        let mpd = try MPDConnection(host: config.host, port: config.port, timeoutSeconds: timeoutSeconds)
        if let password = config.password, case let .ack(_, message) = try mpd.command("password", [password]) {
            throw MPDPushFailure.refused("password refused: \(message)")
        }
        switch try mpd.command("listplaylistinfo", [name]) {
        // ACK 50: no such playlist.
        case .ack(50, _): return nil
        case let .ack(_, message): throw MPDPushFailure.refused("listplaylistinfo \(name): \(message)")
        case let .ok(lines): return Self.songs(lines)
        }
    }

    /// One song per `file:` line, with the tag lines that follow it.
    static func songs(_ lines: [String]) -> [RemoteSong] {
        var songs: [RemoteSong] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon], value = line[line.index(after: colon)...].drop { $0 == " " }
            if key == "file" {
                songs.append(RemoteSong(id: String(value), path: String(value), artist: "", album: "", title: ""))
                continue
            }
            guard !songs.isEmpty else { continue }
            switch key {
            case "Artist" where songs[songs.count - 1].artist.isEmpty: songs[songs.count - 1].artist = String(value)
            case "Album": songs[songs.count - 1].album = String(value)
            case "Title": songs[songs.count - 1].title = String(value)
            case "MUSICBRAINZ_TRACKID": songs[songs.count - 1].mbRecordingID = String(value)
            case "duration": songs[songs.count - 1].durationSeconds = Double(value).map { Int($0.rounded()) }
            default: break
            }
        }
        return songs
    }
}
