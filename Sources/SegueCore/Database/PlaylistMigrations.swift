import GRDB

/// Tables and columns owned by `segue-export`, added after the core schema.
enum PlaylistMigrations {
    static func register(in migrator: inout DatabaseMigrator) {
    }
}
