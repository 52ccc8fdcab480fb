import GRDB

/// A playlist row as a previous run left it.
public struct StoredPlaylist: Sendable, Equatable, FetchableRecord, Decodable {
    public var id: Int64
    public var name: String
    public var kind: String
    public var filePath: String?
    public var xspfPath: String?

    enum CodingKeys: String, CodingKey {
        case id, name, kind, filePath = "file_path", xspfPath = "xspf_path"
    }
}
