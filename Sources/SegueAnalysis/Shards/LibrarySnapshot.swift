import GRDB
import SegueCore
import SegueDSP

/// The library's database as a shard reads it: an unchanging snapshot (`AppDatabase(snapshotOf:)`),
/// never written, from which it takes the library's identity, the schema of the tables the
/// analysis writes and the tracks of its shard that need analysing.
struct LibrarySnapshot {
    /// The tables a run of the analysis writes, which a shard file holds as the library does.
    static let analysisTables = ["sonic_features", "sonic_embeddings", "analysis_failures", "analysis_in_flight"]

    let database: AppDatabase
    /// `library_identity.id`.
    let identity: String
    /// The `CREATE` statements of `analysisTables` and their indexes, tables first.
    let analysisSchema: [String]

    /// A track of the shard to analyse, with the identity `--merge` checks it still has.
    struct CutTrack: Sendable {
        var id: Int64
        var path: String
        var durationMilliseconds: Int?
        /// As stored (its text form), so that the merge compares it exactly.
        var contentChangedAt: DatabaseValue
        var fingerprint: String?
        var fingerprintVersion: Int
    }

    /// The tracks of one shard that need analysing, and the library's present tracks.
    struct Cut: Sendable {
        var tracks: [CutTrack]
        var libraryTracks: Int
    }

    init(_ database: AppDatabase) throws(AnalysisError) {
        self.database = database
        do {
            let read = try database.pool.read { db in
                // Read-only, the database cannot be migrated here: it must be as this
                // segue-analyze expects it, which any stage run on it once makes it.
                guard try AppDatabase.migrator.hasCompletedMigrations(db) else {
                    throw AnalysisError.libraryNotMigrated(path: database.path)
                }
                let identity = try String.fetchOne(db, sql: "SELECT id FROM library_identity") ?? ""
                let tables = Self.analysisTables.map { _ in "?" }.joined(separator: ", ")
                let schema = try String.fetchAll(db, sql: """
                    SELECT sql FROM sqlite_master
                    WHERE tbl_name IN (\(tables)) AND type IN ('table', 'index') AND sql IS NOT NULL
                    ORDER BY type = 'index', name
                    """, arguments: StatementArguments(Self.analysisTables))
                return (identity, schema)
            }
            identity = read.0
            analysisSchema = read.1
        } catch {
            throw AnalysisError.wrap(error, path: database.path)
        }
    }

    /// The tracks of `shard` that the library's own selection says need analysing: the
    /// selection of a run on one machine (`AnalysisStore.select`), restricted to the shard.
    func cut(_ shard: ShardSpec, embedding: (model: String, version: Int)?, force: Bool, retryFailed: Bool) throws(AnalysisError) -> Cut {
        do {
            let selection = try AnalysisStore(database: database.pool)
                .select(version: FeatureLayout.version, embedding: embedding, force: force, retryFailed: retryFailed)
            let pending = Set(selection.pending.map(\.id))
            return try database.pool.read { db in
                var cut = Cut(tracks: [], libraryTracks: 0)
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT id, path, duration_ms, content_changed_at, fingerprint, fingerprint_version
                    FROM tracks WHERE missing_since IS NULL ORDER BY id
                    """)
                while let row = try rows.next() {
                    cut.libraryTracks += 1
                    let track = CutTrack(id: row[0], path: row[1], durationMilliseconds: row[2], contentChangedAt: row[3],
                                         fingerprint: row[4], fingerprintVersion: row[5])
                    guard pending.contains(track.id),
                          shard.contains(identity: ShardSpec.identity(fingerprint: track.fingerprint, path: track.path))
                    else { continue }
                    cut.tracks.append(track)
                }
                return cut
            }
        } catch {
            throw AnalysisError.wrap(error, path: database.path)
        }
    }
}
