import GRDB

/// Tables and columns owned by `segue-genres`, added after the core schema.
enum GenreMigrations {
    static func register(in migrator: inout DatabaseMigrator) {
    }
}
