import GRDB

/// Tables and columns owned by `segue-scan`, added after the core schema.
enum ScanMigrations {
    static func register(in migrator: inout DatabaseMigrator) {
    }
}
