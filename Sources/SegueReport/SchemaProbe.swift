import GRDB

/// Finds the optional tables and columns other stages add in their own migrations, so the
/// report reads them when they exist and leaves their part blank when they do not.
enum SchemaProbe {
    /// The first of `candidates` that `table` has, or nil (also when there is no table).
    static func column(_ db: Database, table: String, candidates: [String]) throws -> String? {
        guard try db.tableExists(table) else { return nil }
        let columns = Set(try db.columns(in: table).map { $0.name.lowercased() })
        return candidates.first { columns.contains($0) }
    }
}
