import SegueTestSupport
import Testing
@testable import SegueCore

@Suite struct PlayersConfigTests {
    let environment = ["HOME": "/home/ada", "NAVIDROME_PASSWORD": "s3cret", "JELLYFIN_KEY": "k3y"]

    @Test func everyPlayerTypeWithSecretsFromTheEnvironment() throws {
        let config = try SegueConfig.parse(yaml: """
            players:
              subsonic:
                - {name: Navidrome, base_url: 'http://nas:4533/', user: ada, password: '${NAVIDROME_PASSWORD}',
                   path_map: [{from: /srv/music, to: ''}]}
                - {name: Gonic, base_url: 'https://gonic.example', api_key: abc, auth: password}
              jellyfin:
                - {name: Jellyfin, base_url: 'http://nas:8096', api_key: '${JELLYFIN_KEY}', user: ada,
                   path_map: [{from: /srv/music, to: /media/music}, {from: /srv/music/classical, to: /media/classical}]}
              mpd:
                - {name: Kitchen, queue: Late Night Jazz}
            """, filePath: "c.yaml", environment: environment)
        let players = config.players
        #expect(players.subsonic.map(\.name) == ["Navidrome", "Gonic"])
        #expect(players.subsonic[0].baseURL == "http://nas:4533")
        #expect(players.subsonic[0].password == "s3cret")
        #expect(players.subsonic[0].auth == .token)
        #expect(players.subsonic[1].auth == .password)
        #expect(players.jellyfin[0].apiKey == "k3y")
        #expect(players.jellyfin[0].pathMap.map(\.from) == ["/srv/music/classical", "/srv/music"])
        #expect(players.mpd[0].host == "localhost" && players.mpd[0].port == 6600 && players.mpd[0].queue == "Late Night Jazz")
        #expect(players.http.maxConsecutiveFailures == 3)
    }

    @Test func noPlayersByDefault() throws {
        #expect(try SegueConfig.parse(yaml: "", filePath: nil, environment: environment).players.isEmpty)
    }

    @Test(arguments: [
        ("players:\n  subsonic:\n    - {name: N, base_url: 'http://n', user: ada}\n",
         "c.yaml: key 'players.subsonic[].password' player 'N' needs user and password, or api_key"),
        ("players:\n  subsonic:\n    - {name: N, base_url: 'nas:4533', api_key: k}\n",
         "c.yaml: key 'players.subsonic[].base_url' must be an http:// or https:// URL, found 'nas:4533'"),
        ("players:\n  mpd:\n    - {name: N}\n  jellyfin:\n    - {name: N, base_url: 'http://j', api_key: k, user: u}\n",
         "c.yaml: key 'players.mpd[].name' 'N' names two players"),
        ("players:\n  subsonic:\n    - {name: N, base_url: 'http://n', api_key: k, auth: plain}\n",
         "c.yaml: key 'players.subsonic[].auth' must be one of token, password, found 'plain'"),
        ("players:\n  mpd:\n    - {name: N, pasword: x}\n",
         "c.yaml: unknown key 'players.mpd[].pasword'; did you mean 'players.mpd[].password'?"),
    ])
    func mistakesAreNamed(_ yaml: String, _ message: String) {
        let error = #expect(throws: ConfigError.self) { try SegueConfig.parse(yaml: yaml, filePath: "c.yaml", environment: [:]) }
        #expect(error?.message == message)
    }
}
