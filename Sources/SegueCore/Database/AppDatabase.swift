import Foundation
import GRDB

/// The one owner of Segue's SQLite database: opens it in WAL mode with a busy timeout and
/// foreign keys on, runs the migrations, and hands out the pool for stage-specific stores.
///
/// Several stages may hold it at once (`make -j2` runs analyze and genres side by side);
/// they share the file through WAL, the busy timeout and short write transactions.
public struct AppDatabase: Sendable {
    public let path: String
    public let pool: DatabasePool

    /// How long a writer waits for another process's write transaction before failing.
    public static let busyTimeout: TimeInterval = 60

    /// Opens the database for the stages. `readOnly` still shares the file through WAL, so it
    /// sees other processes' commits, and like any WAL reader it may create and write the
    /// `-wal` and `-shm` files beside it: to read without writing anything, see
    /// `init(snapshotOf:)`.
    public init(path: String, readOnly: Bool = false) throws(RuntimeError) {
        self.path = path
        var configuration = Self.configuration
        configuration.readonly = readOnly
        do {
            let folder = (path as NSString).deletingLastPathComponent
            if !readOnly, !folder.isEmpty {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            pool = try DatabasePool(path: path, configuration: configuration)
            if !readOnly {
                try Self.migrator.migrate(pool)
            }
        } catch {
            throw Self.unavailable(path, error)
        }
    }

    /// Opens the database as an unchanging snapshot (SQLite's `immutable=1`), for a reader on
    /// another machine (an analysis shard): SQLite then takes no lock and reads, creates or
    /// writes no `-wal`, `-shm` or journal file, so the file is never written, and it can be
    /// read over a shared filesystem such as NFS, where WAL's shared-memory locking breaks.
    /// It sees the file as of its last checkpoint, and only while no one writes it.
    public init(snapshotOf path: String) throws(RuntimeError) {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else {
            throw .databaseUnavailable(path: path, reason: "no such file")
        }
        var configuration = Self.configuration
        configuration.readonly = true
        do {
            pool = try DatabasePool(path: Self.immutableURI(path), configuration: configuration)
        } catch {
            throw Self.unavailable(path, error)
        }
    }

    private static var configuration: Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "segue"
        return configuration
    }

    /// `file:/srv/segue/segue.db?mode=ro&immutable=1`, the path percent-encoded (SQLite reads
    /// `?` and `#` in a URI as its own). Debian's SQLite reads URI file names everywhere
    /// (`SQLITE_USE_URI`); one that did not would look for a file by this name and fail.
    static func immutableURI(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "/-._~")
        let encoded = absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute
        return "file:\(encoded)?mode=ro&immutable=1"
    }

    private static func unavailable(_ path: String, _ error: any Error) -> RuntimeError {
        if let error = error as? DatabaseError {
            return .databaseUnavailable(path: path, reason: error.message ?? error.description)
        }
        return .databaseUnavailable(path: path, reason: error.localizedDescription)
    }

    /// Every migration, in the order they ship. Shipped migrations are never edited.
    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        CoreMigrations.register(in: &migrator)
        ScanMigrations.register(in: &migrator)
        AnalysisMigrations.register(in: &migrator)
        GenreMigrations.register(in: &migrator)
        IndexMigrations.register(in: &migrator)
        PlaylistMigrations.register(in: &migrator)
        PlayerMigrations.register(in: &migrator)
        ProfileMigrations.register(in: &migrator)
        return migrator
    }
}
