import SegueCore

/// `--shard K/N`: the K-th of N shards of the library (1 ≤ K ≤ N), as Slurm numbers the tasks
/// of `--array=1-N`.
///
/// A track's shard is a hash of its identity alone (`tracks.fingerprint`, the audio identity of
/// the scan), so it never changes as other tracks come and go: shard files cut on another night
/// hold the same tracks, and a rename or a retag keeps a track in its shard.
public struct ShardSpec: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public init?(index: Int, count: Int) {
        guard count >= 1, (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses `K/N`; nil unless 1 ≤ K ≤ N.
    public init?(argument: String) {
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
        self.init(index: index, count: count)
    }

    public var description: String { "\(index)/\(count)" }

    /// The shard file's name in a shard folder: `shard-3-of-16.db`.
    public var fileName: String { "shard-\(index)-of-\(count).db" }

    public func contains(identity: String) -> Bool {
        Self.shard(of: identity, count: count) == index
    }

    /// The shard (1...count) of a track with this identity: the first eight bytes of a SHA-256
    /// of it, modulo `count`. A fingerprint is a digest already, but hashing it again spreads
    /// any identity evenly, whatever its form (and a track the scan could not fingerprint goes
    /// by its path).
    public static func shard(of identity: String, count: Int) -> Int {
        var digest = SHA256Digest()
        digest.update("segue-shard\u{0}\(identity)")
        let value = digest.finalize().prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Int(value % UInt64(count)) + 1
    }

    /// What a track's shard is a hash of: its fingerprint, else its path.
    static func identity(fingerprint: String?, path: String) -> String {
        fingerprint.map { "audio:\($0)" } ?? "path:\(path)"
    }
}
