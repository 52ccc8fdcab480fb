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

    public init(path: String, readOnly: Bool = false) throws(RuntimeError) {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.readonly = readOnly
        configuration.label = "segue"
        do {
            let folder = (path as NSString).deletingLastPathComponent
            if !readOnly, !folder.isEmpty {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            pool = try DatabasePool(path: path, configuration: configuration)
            if !readOnly {
                try Self.migrator.migrate(pool)
            }
        } catch let error as DatabaseError {
            throw .databaseUnavailable(path: path, reason: error.message ?? error.description)
        } catch {
            throw .databaseUnavailable(path: path, reason: error.localizedDescription)
        }
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
