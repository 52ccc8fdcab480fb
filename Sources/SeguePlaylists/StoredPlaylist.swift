import GRDB

/// A playlist row as a previous run left it.
public struct StoredPlaylist: Sendable, Equatable, FetchableRecord, Decodable {
    public var id: Int64
    public var name: String
    public var kind: String
    public var filePath: String?
    public var xspfPath: String?
    public var m3uPath: String?

    /// Every file Segue wrote for this playlist.
    public var paths: [String] { [filePath, xspfPath, m3uPath].compactMap { $0 } }

    enum CodingKeys: String, CodingKey {
        case id, name, kind, filePath = "file_path", xspfPath = "xspf_path", m3uPath = "m3u_path"
    }
}
