import Foundation

/// One play from a listening-history service, before it is matched to a library track.
public struct Listen: Sendable, Equatable {
    public var source: String
    public var listenedAt: Date
    public var artist: String
    public var title: String
    public var album: String?
    public var recordingMBID: String?

    public init(source: String, listenedAt: Date, artist: String, title: String, album: String? = nil, recordingMBID: String? = nil) {
        self.source = source
        self.listenedAt = listenedAt
        self.artist = artist
        self.title = title
        self.album = album
        self.recordingMBID = recordingMBID
    }
}
