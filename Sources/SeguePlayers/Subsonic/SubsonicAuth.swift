import Foundation
import SegueCore

/// How each Subsonic request proves who it is: an OpenSubsonic API key, a salted token
/// (`t = md5(password + salt)`, a fresh salt per request), or the hex-encoded password
/// (`p=enc:…`) for servers that refuse tokens.
enum SubsonicAuth: Equatable {
    case apiKey(String)
    case token(user: String, password: String)
    case password(user: String, password: String)

    init(_ config: PlayersConfig.Subsonic) {
        if let apiKey = config.apiKey {
            self = .apiKey(apiKey)
        } else if config.auth == .password {
            self = .password(user: config.user ?? "", password: config.password ?? "")
        } else {
            self = .token(user: config.user ?? "", password: config.password ?? "")
        }
    }

    var user: String? {
        switch self {
        case .apiKey: nil
        case let .token(user, _), let .password(user, _): user
        }
    }

    /// The password form, for a server that answered a token with error 10 or 41.
    var fallback: SubsonicAuth? {
        if case let .token(user, password) = self { return .password(user: user, password: password) }
        return nil
    }

    func parameters(salt: String = Self.salt()) -> [(String, String)] {
        switch self {
        case let .apiKey(key):
            [("apiKey", key)]
        case let .token(user, password):
            [("u", user), ("t", MD5.hex(password + salt)), ("s", salt)]
        case let .password(user, password):
            [("u", user), ("p", "enc:" + password.utf8.map { String(format: "%02x", $0) }.joined())]
        }
    }

    static func salt() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<12).map { _ in String(Int.random(in: 0..<16, using: &generator), radix: 16) }.joined()
    }
}
