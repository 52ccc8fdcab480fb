import Foundation
import GRDB

/// Every row of every table of a database, as text, for comparing what two runs left behind:
/// a run killed and resumed must leave what an uninterrupted run leaves. Run bookkeeping
/// (when a row was written, by which run, `stage_runs` itself) is left out, since two runs
/// never agree on it; so is `library_identity`, drawn at random once per database file.
public struct DatabaseContents: Equatable, Sendable {
    /// Columns that say when or by which run a row was written, in any table.
    public static let bookkeepingColumns: Set<String> = [
        "scanned_at", "content_changed_at", "seen_at", "analyzed_at", "run_id", "last_attempt_at",
        "fetched_at", "expires_at", "synced_at", "generated_at", "checked_at",
    ]

    /// Sorted rows per table, each `column=value` joined by tabs.
    public var tables: [String: [String]]

    /// - Parameters:
    ///   - ignoring: columns left out of every table.
    ///   - excluding: tables left out entirely.
    ///   - rowFilters: a condition per table, keeping only the rows it holds for.
    public init(of path: String, ignoring columns: Set<String> = bookkeepingColumns,
                excluding excluded: Set<String> = ["stage_runs", "library_identity"], rowFilters: [String: String] = [:]) throws {
        tables = try DatabaseQueue(path: path).read { db in
            let names = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name
                """).filter { !excluded.contains($0) }
            var tables: [String: [String]] = [:]
            for name in names {
                let kept = try db.columns(in: name).map(\.name).filter { !columns.contains($0) }
                let list = kept.map { "\"\($0)\"" }.joined(separator: ", ")
                let condition = rowFilters[name].map { " WHERE \($0)" } ?? ""
                let rows = try Row.fetchAll(db, sql: "SELECT \(list) FROM \"\(name)\"\(condition)")
                tables[name] = rows.map { row in
                    zip(kept, row.databaseValues).map { "\($0)=\(Self.render($1))" }.joined(separator: "\t")
                }.sorted()
            }
            return tables
        }
    }

    /// `PRAGMA integrity_check` of a database a stage may have left mid-write: `ok` when whole.
    public static func integrity(of path: String) throws -> String {
        try DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }

    /// A consistent copy of a database (`VACUUM INTO`), to start several runs from one state.
    public static func copy(_ source: String, to target: String) throws {
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try DatabaseQueue(path: source).writeWithoutTransaction { try $0.execute(sql: "VACUUM INTO ?", arguments: [target]) }
        // VACUUM INTO writes a rollback-journal file; every Segue database is in WAL mode, and a
        // stage opening the copy would otherwise need an exclusive lock to switch it, which a
        // test holding the write lock (WritePause) turns into a wait of the whole busy timeout.
        try DatabaseQueue(path: target).writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = WAL") }
    }

    /// What differs from `other`, table by table, a few rows each, for a failure message.
    public func differences(from other: DatabaseContents) -> String {
        var lines: [String] = []
        for name in Set(tables.keys).union(other.tables.keys).sorted() {
            let mine = tables[name] ?? [], theirs = other.tables[name] ?? []
            guard mine != theirs else { continue }
            func sample(_ rows: Set<String>) -> String {
                rows.sorted().prefix(3).map { $0.count > 300 ? $0.prefix(300) + "…" : Substring($0) }.joined(separator: " | ")
            }
            lines.append("\(name): \(mine.count) rows vs \(theirs.count); only here: \(sample(Set(mine).subtracting(theirs))); "
                         + "only there: \(sample(Set(theirs).subtracting(mine)))")
        }
        return lines.joined(separator: "\n")
    }

    private static func render(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: "NULL"
        case let .int64(number): String(number)
        case let .double(number): String(number)
        case let .string(text): text.debugDescription
        case let .blob(data): "blob:" + data.base64EncodedString()
        }
    }
}
