import Foundation
import Logging
import SegueCore

/// Tonight's playlists as MPD stored playlists: each filled with `playlistclear` and
/// `playlistadd` (entries relative to MPD's music folder), skipped when unchanged, removed
/// with `rm` when Segue no longer defines it; a stored playlist Segue did not create is left
/// alone. With `queue`, that playlist then replaces the queue, around the song playing now.
struct MPDPush {
    let config: PlayersConfig.MPD
    let store: PlayerStore
    let paths: PathMapper
    let timeoutSeconds: Double
    let now: Date

    func run(_ playlists: [PlayerPlaylist], tracks: [Int64: PlayerTrack], removeUndefined: Bool, keeping: Set<String> = []) -> PushOutcome {
        var outcome = PushOutcome(player: config.name)
        var requests = 0
        do {
            let mpd = try MPDConnection(host: config.host, port: config.port, timeoutSeconds: timeoutSeconds)
            func send(_ name: String, _ arguments: [String] = []) throws -> MPDConnection.Reply {
                requests += 1
                return try mpd.command(name, arguments)
            }
            if let password = config.password, case let .ack(_, message) = try send("password", [password]) {
                throw MPDPushFailure.refused("password refused: \(message)")
            }
            guard case let .ok(listing) = try send("listplaylists") else { throw MPDPushFailure.refused("listplaylists refused") }
            let existing = Set(listing.compactMap { $0.hasPrefix("playlist: ") ? String($0.dropFirst(10)) : nil })
            let pushed = try store.pushed(server: config.name)
            for playlist in playlists {
                let entries = playlist.trackIDs.compactMap { tracks[$0].map { paths.map($0.path) } }
                let digest = PlayerPlaylist.digest([playlist.name] + entries)
                let previous = pushed[playlist.name]
                if existing.contains(playlist.name), previous == nil {
                    outcome.failures.append("\(playlist.name): a stored playlist of that name exists that Segue did not create")
                    continue
                }
                if let previous, previous.digest == digest, existing.contains(playlist.name) {
                    outcome.unchanged += 1
                    continue
                }
                if existing.contains(playlist.name), case let .ack(_, message) = try send("playlistclear", [playlist.name]) {
                    outcome.failures.append("\(playlist.name): \(message)")
                    continue
                }
                var unknown = 0
                for entry in entries {
                    if case .ack = try send("playlistadd", [playlist.name, entry]) { unknown += 1 }
                }
                outcome.unknownTracks += unknown + playlist.trackIDs.count - entries.count
                // A playlist with entries MPD did not know is filled again next night, when they may be.
                try store.savePushed(server: config.name, name: playlist.name,
                                     .init(remoteID: playlist.name, digest: unknown == 0 ? digest : "incomplete"), at: now)
                if existing.contains(playlist.name) { outcome.replaced += 1 } else { outcome.created += 1 }
            }
            if removeUndefined {
                let defined = Set(playlists.map(\.name)).union(keeping)
                for name in pushed.keys.sorted() where !defined.contains(name) {
                    if existing.contains(name), case let .ack(_, message) = try send("rm", [name]) {
                        outcome.failures.append("removing \(name): \(message)")
                        continue
                    }
                    try store.forgetPushed(server: config.name, name: name)
                    outcome.deleted += 1
                }
            }
            if let queue = config.queue {
                try replaceQueue(with: queue, send: send)
            }
        } catch let failure as MPDConnection.Failure {
            switch failure {
            case let .connect(reason), let .io(reason): outcome.givenUp = reason
            }
        } catch let failure as MPDPushFailure {
            if case let .refused(reason) = failure { outcome.givenUp = reason }
        } catch {
            outcome.failures.append("\(error)")
        }
        outcome.requests = requests
        return outcome
    }

    /// Puts `name` in the queue without stopping what plays: the current song is kept first
    /// and everything else is replaced; when nothing plays, the queue is simply replaced.
    private func replaceQueue(with name: String, send: (String, [String]) throws -> MPDConnection.Reply) throws {
        guard case let .ok(lines) = try send("status", []) else { throw MPDPushFailure.refused("status refused") }
        let status = Dictionary(lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }, uniquingKeysWith: { first, _ in first })
        let length = Int(status["playlistlength"] ?? "") ?? 0
        if status["state"] == "play" || status["state"] == "pause", let current = Int(status["song"] ?? "") {
            if current > 0 { _ = try send("delete", ["0:\(current)"]) }
            if length - current > 1 { _ = try send("delete", ["1:\(length - current)"]) }
        } else {
            _ = try send("clear", [])
        }
        if case let .ack(_, message) = try send("load", [name]) {
            throw MPDPushFailure.refused("loading \(name) into the queue: \(message)")
        }
    }
}

enum MPDPushFailure: Error {
    case refused(String)
}
