import GRDB

/// Tables and columns owned by `segue-analyze`, added after the core schema.
enum AnalysisMigrations {
    static func register(in migrator: inout DatabaseMigrator) {
    }
}
