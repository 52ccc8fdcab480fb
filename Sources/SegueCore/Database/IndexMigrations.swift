import GRDB

/// Tables and columns owned by `segue-index`, added after the core schema.
enum IndexMigrations {
    static func register(in migrator: inout DatabaseMigrator) {
    }
}
