import Foundation
import SegueCore
import SegueTestSupport
import Testing

/// Nights pushed to a real Subsonic server, Supysonic 0.7.9 on loopback, through
/// `segue-export`: created once, replaced in place, the comment sent again only when the
/// playlist's purpose changed, deleted when no longer defined, the user's own playlist
/// untouched, and a wrong password or a server down costing no file. Supysonic answers a
/// token with error 10, so this also covers the fall-back to the password form.
/// One server for the whole sequence keeps the suite quick.
struct SupysonicPushTests {
    @Test func nightsOnSupysonic() throws {
        let night = try PushNight(prefix: "segue-supysonic")
        let server = try SupysonicServer(music: night.music, folder: night.folder.file("supysonic"))
        defer { server.stop() }
        let anySong = try #require(((server.call("search3", [("query", ""), ("songCount", "1")])["searchResult3"] as? [String: Any])?["song"]
            as? [[String: Any]])?.first?["id"] as? String)
        _ = try server.call("createPlaylist", [("name", "Mine"), ("songId", anySong)])
        let players = """
              subsonic:
                - name: Supysonic
                  base_url: \(server.baseURL)
                  user: \(server.user)
                  password: ${SUPYSONIC_PASSWORD}
            """
        let secret = ["SUPYSONIC_PASSWORD": server.password]
        try night.writeConfig(definitions: ["Evening", "Morning"], players: players)

        // A dry run says what would be pushed, and pushes nothing.
        let planned = try night.export(["--date", "2026-11-29", "--dry-run"], environment: secret)
        #expect(planned.status == 0, "\(planned.stderr)")
        #expect(planned.stderr.contains("Supysonic: would push 2 playlists (2 new, 0 replaced, 0 unchanged)"), "\(planned.stderr)")
        #expect(try server.playlists().map(\.name) == ["Mine"])

        // First night: both playlists created, holding what the files hold.
        let first = try night.export(["--date", "2026-11-29"], environment: secret)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stderr.contains("Supysonic: pushed 2 playlists (2 new, 0 replaced, 0 unchanged)"), "\(first.stderr)")
        #expect(first.stderr.contains("refused token authentication"), "\(first.stderr)")
        #expect(!(first.stdout + first.stderr).contains(server.password))
        let created = try server.playlists()
        #expect(Set(created.map(\.name)) == ["Mine", "Evening", "Morning"])
        for (number, name) in ["Evening", "Morning"].enumerated() {
            #expect(created.first { $0.name == name }?.paths == (try night.entries(of: name)))
            let artist = ArtistCredit(night.artists[number]).primary()
            #expect(created.first { $0.name == name }?.comment == "Segue: grown from \(artist), ordered for smooth transitions")
        }

        // The next night: replaced in place, same ids, new contents, no duplicates, the user's
        // playlist as it was. The purposes did not change, so neither did the comments, and none
        // is sent: the night costs the library check (two requests, the token refused first)
        // and one createPlaylist per playlist.
        let second = try night.export(["--date", "2026-11-30"], environment: secret)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(Self.counts(second.stderr).map { [$0.replaced, $0.requests] } == [2, 2 + 2], "\(second.stderr)")
        let replaced = try server.playlists()
        #expect(replaced.count == 3)
        for name in ["Evening", "Morning"] {
            let now = replaced.first { $0.name == name }, before = created.first { $0.name == name }
            #expect(now?.id == before?.id)
            #expect(now?.paths == (try night.entries(of: name)))
            #expect(now?.paths != before?.paths)
            #expect(now?.comment == before?.comment)
        }
        let mine = replaced.first { $0.name == "Mine" }
        #expect(mine?.id == created.first { $0.name == "Mine" }?.id)
        #expect(mine?.paths.count == 1)

        // Morning grown from another artist: its comment, and only its, is sent again.
        let otherArtist = try #require(night.artists.first { ArtistCredit($0).primary() != ArtistCredit(night.artists[1]).primary() })
        try night.writeConfig(definitions: ["Evening", "Morning"], players: players, seeds: ["Morning": otherArtist])
        let changed = try night.export(["--date", "2026-12-01"], environment: secret)
        #expect(changed.status == 0, "\(changed.stderr)")
        let counts = try #require(Self.counts(changed.stderr), "\(changed.stderr)")
        #expect(counts.requests == 2 + counts.replaced + 1, "\(changed.stderr)")
        let described = try server.playlists()
        #expect(described.first { $0.name == "Morning" }?.comment
            == "Segue: grown from \(ArtistCredit(otherArtist).primary()), ordered for smooth transitions")
        #expect(described.first { $0.name == "Evening" }?.comment == created.first { $0.name == "Evening" }?.comment)

        // A definition removed: its playlist is deleted, nothing else.
        try night.writeConfig(definitions: ["Evening"], players: players)
        let third = try night.export(["--date", "2026-12-02"], environment: secret)
        #expect(third.status == 0, "\(third.stderr)")
        #expect(third.stderr.contains("deleted 1 no longer defined"), "\(third.stderr)")
        #expect(Set(try server.playlists().map(\.name)) == ["Mine", "Evening"])

        // --status tells the last push.
        let status = try night.export(["--status"], environment: secret)
        #expect(status.stdout.contains("Supysonic (subsonic): last push "), "\(status.stdout)")

        // A wrong password: one line naming the server, exit 75, the files still written.
        let wrong = try night.export(["--date", "2026-12-03"], environment: ["SUPYSONIC_PASSWORD": "not-it"])
        #expect(wrong.status == 75, "\(wrong.stdout)\(wrong.stderr)")
        let wrongLines = wrong.stdout.split(separator: "\n").filter { $0.contains("Supysonic given up") }
        #expect(wrongLines.count == 1, "\(wrong.stdout)")
        #expect(wrongLines.first?.contains("wrong user, password or API key") == true)
        #expect(!(wrong.stdout + wrong.stderr).contains("not-it"))
        #expect(FileManager.default.fileExists(atPath: (night.playlists as NSString).appendingPathComponent("Evening.m3u8")))

        // The server down: exit 75 naming it, tonight's files written all the same.
        server.stop()
        let m3u8 = (night.playlists as NSString).appendingPathComponent("Evening.m3u8")
        try FileManager.default.removeItem(atPath: m3u8)
        let down = try night.export(["--date", "2026-12-04"], environment: secret)
        #expect(down.status == 75, "\(down.stdout)\(down.stderr)")
        #expect(down.stdout.contains("Supysonic given up for tonight"), "\(down.stdout)")
        #expect(FileManager.default.fileExists(atPath: m3u8))
    }

    /// Playlists replaced and requests made, from the push's line.
    static func counts(_ output: String) -> (replaced: Int, requests: Int)? {
        guard let match = output.firstMatch(of: /Supysonic: pushed \d+ playlists \(\d+ new, (\d+) replaced, \d+ unchanged\).*, (\d+) requests/) else {
            return nil
        }
        return (Int(match.1)!, Int(match.2)!)
    }
}
