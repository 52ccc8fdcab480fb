import Foundation
import GRDB
import SegueCore
import SegueDSP

/// `segue-analyze --merge FILE…`: brings shard files (`segue-analyze --shard`) into the
/// library's database, one transaction per shard file, so that a merge killed at any instant
/// leaves each shard merged whole or not at all.
///
/// Merging is idempotent: a result already merged (the same track, analysed at the same
/// instant) is left as it is, so merging twice changes nothing. A shard file is refused, with
/// one line naming it, when it was cut from another library, holds another feature set, or
/// any track it has results for changed since it was cut (its analysis describes other audio);
/// the other files are merged all the same.
public struct ShardMerge {
    /// A table of results a shard file holds as the library does, merged row by row: a row
    /// already merged has the same `stamp`, and `counter` adds up over analyses.
    struct MergedTable {
        var name: String
        var stamp: String
        var counter: String?
    }

    static let features = MergedTable(name: "sonic_features", stamp: "analyzed_at", counter: "analysis_count")
    static let embeddings = MergedTable(name: "sonic_embeddings", stamp: "analyzed_at", counter: nil)
    static let failures = MergedTable(name: "analysis_failures", stamp: "last_attempt_at", counter: "attempts")

    /// What one shard file brought.
    struct Tally {
        var analysed = 0
        var failed = 0
        var alreadyMerged = 0
        var pending = 0
        /// Results for tracks the library no longer has.
        var gone = 0

        static func += (lhs: inout Tally, rhs: Tally) {
            lhs.analysed += rhs.analysed
            lhs.failed += rhs.failed
            lhs.alreadyMerged += rhs.alreadyMerged
            lhs.pending += rhs.pending
            lhs.gone += rhs.gone
        }

        var description: String {
            "\(analysed + failed) tracks merged (\(analysed) analysed, \(failed) failed), \(alreadyMerged) already merged, "
                + "\(pending) pending" + (gone > 0 ? ", \(gone) no longer in the library" : "")
        }
    }

    let context: StageContext
    let files: [String]

    public init(context: StageContext, files: [String]) {
        self.context = context
        self.files = files
    }

    public func run() throws -> StageOutcome {
        var total = Tally()
        var refused = 0
        for (merged, file) in files.enumerated() {
            // A stop signal lets the shard file in hand finish its transaction, and no other start.
            if context.cancellation.isRequested {
                throw StageInterruption(committed: merged, total: files.count, unit: "shard files")
            }
            do {
                let tally = try merge(file)
                context.logger.info("\(file): \(tally.description)")
                total += tally
            } catch let error as AnalysisError {
                guard case .shardRefused = error else { throw error }
                context.logger.error("\(error.message)")
                refused += 1
            }
        }
        if refused > 0 {
            throw AnalysisError.shardsRefused(refused: refused, files: files.count)
        }
        return StageOutcome(counts: [("shard_files", files.count), ("analysed", total.analysed), ("failed", total.failed),
                                     ("already_merged", total.alreadyMerged), ("pending", total.pending), ("gone", total.gone)],
                            summary: "merged \(files.count) shard files: \(total.description)")
    }

    /// Merges one shard file in one transaction, or refuses it.
    private func merge(_ file: String) throws -> Tally {
        let path = context.database.path
        // ATTACH would create a missing file.
        guard FileManager.default.fileExists(atPath: file) else {
            throw AnalysisError.shardRefused(path: file, reason: "no such file")
        }
        do {
            return try context.database.pool.writeWithoutTransaction { db in
                try db.execute(sql: "ATTACH DATABASE ? AS shard", arguments: [file])
                defer { try? db.execute(sql: "DETACH DATABASE shard") }
                var tally = Tally()
                try db.inTransaction(.immediate) {
                    try check(file, in: db)
                    tally = try copy(in: db)
                    return .commit
                }
                return tally
            }
        } catch let error as AnalysisError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw AnalysisError.shardRefused(path: file, reason: "not a SQLite file")
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            throw AnalysisError.shardInUse(path: file)
        } catch {
            throw AnalysisError.wrap(error, path: path)
        }
    }

    /// Refuses a file that is no shard of this library, of this feature set, as it was cut.
    private func check(_ file: String, in db: Database) throws {
        func refuse(_ reason: String) -> AnalysisError { .shardRefused(path: file, reason: reason) }
        let format = try Int.fetchOne(db, sql: "PRAGMA shard.user_version") ?? 0
        guard format == ShardFile.format, try db.tableExists("shard_info", in: "shard"),
              let header = try ShardFile.header(db, schema: "shard") else {
            throw refuse(format == 0 ? "not a shard file of segue-analyze"
                : "a shard file of format \(format), this segue-analyze reads \(ShardFile.format)")
        }
        let library = try String.fetchOne(db, sql: "SELECT id FROM main.library_identity")
        guard header.libraryID == library else {
            throw refuse("cut from another library (\(header.libraryPath)), not from \(context.database.path)")
        }
        guard header.featureVersion == FeatureLayout.version else {
            throw refuse("its features are of version \(header.featureVersion), this segue-analyze's of version "
                + "\(FeatureLayout.version): run the shard again")
        }
        // Results describe the audio the track had when the shard was cut.
        let changed = try Row.fetchAll(db, sql: """
            SELECT t.path FROM shard.tracks s JOIN main.tracks t ON t.id = s.id
            WHERE (t.fingerprint IS NOT s.fingerprint OR t.content_changed_at IS NOT s.content_changed_at)
              AND (s.id IN (SELECT track_id FROM shard.sonic_features) OR s.id IN (SELECT track_id FROM shard.analysis_failures))
            ORDER BY s.id
            """)
        if let first = changed.first {
            let analysed = try Int.fetchOne(db, sql: """
                SELECT (SELECT COUNT(*) FROM shard.sonic_features) + (SELECT COUNT(*) FROM shard.analysis_failures)
                """) ?? 0
            throw refuse("\(changed.count) of its \(analysed) analysed tracks changed since it was cut (the first: "
                + "\(first[0] as String)): run the shard again")
        }
    }

    /// Copies the shard's results over the library's, and clears what they replace.
    private func copy(in db: Database) throws -> Tally {
        var tally = Tally()
        let results = try Int.fetchOne(db, sql: """
            SELECT (SELECT COUNT(*) FROM shard.sonic_features) + (SELECT COUNT(*) FROM shard.analysis_failures)
            """) ?? 0
        tally.gone = try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM (SELECT track_id FROM shard.sonic_features UNION ALL SELECT track_id FROM shard.analysis_failures)
            WHERE track_id NOT IN (SELECT id FROM main.tracks)
            """) ?? 0
        tally.pending = try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM shard.tracks s
            WHERE s.id NOT IN (SELECT track_id FROM shard.sonic_features) AND s.id NOT IN (SELECT track_id FROM shard.analysis_failures)
            """) ?? 0
        tally.analysed = try upsert(Self.features, in: db)
        tally.failed = try upsert(Self.failures, in: db)
        _ = try upsert(Self.embeddings, in: db)
        tally.alreadyMerged = results - tally.gone - tally.analysed - tally.failed
        // A track's new results replace its old ones of the other kind, as a commit does (an
        // analysis without an embedding, with analysis.embedding: none, drops an old one), and
        // it is no longer in any worker's hands.
        try db.execute(sql: "DELETE FROM main.analysis_failures WHERE track_id IN (SELECT track_id FROM shard.sonic_features)")
        try db.execute(sql: "DELETE FROM main.sonic_features WHERE track_id IN (SELECT track_id FROM shard.analysis_failures)")
        try db.execute(sql: """
            DELETE FROM main.sonic_embeddings
            WHERE track_id IN (SELECT track_id FROM shard.analysis_failures)
               OR track_id IN (SELECT track_id FROM shard.sonic_features WHERE track_id NOT IN (SELECT track_id FROM shard.sonic_embeddings))
            """)
        try db.execute(sql: """
            DELETE FROM main.analysis_in_flight
            WHERE track_id IN (SELECT track_id FROM shard.sonic_features UNION SELECT track_id FROM shard.analysis_failures)
            """)
        return tally
    }

    /// Inserts or replaces the library's rows of `table` with the shard's, column by column as
    /// both files name them, leaving a row already merged as it is. Returns the rows written.
    private func upsert(_ table: MergedTable, in db: Database) throws -> Int {
        let shardColumns = Set(try db.columns(in: table.name, in: "shard").map(\.name))
        let columns = try db.columns(in: table.name, in: "main").map(\.name).filter(shardColumns.contains)
        // The shard's runs are its own; in the library the row belongs to this merge.
        let values = columns.map { $0 == "run_id" ? "?" : "s.\(quoted($0))" }
        let updates = columns.filter { $0 != "track_id" }.map { column in
            column == table.counter
                ? "\(quoted(column)) = \(table.name).\(quoted(column)) + excluded.\(quoted(column))"
                : "\(quoted(column)) = excluded.\(quoted(column))"
        }
        // `WHERE true` tells the upsert's ON CONFLICT from a join's ON.
        try db.execute(sql: """
            INSERT INTO main.\(table.name) (\(columns.map(quoted).joined(separator: ", ")))
            SELECT \(values.joined(separator: ", ")) FROM shard.\(table.name) s JOIN main.tracks t ON t.id = s.track_id WHERE true
            ON CONFLICT(track_id) DO UPDATE SET \(updates.joined(separator: ", "))
            WHERE \(table.name).\(table.stamp) IS NOT excluded.\(table.stamp)
            """, arguments: StatementArguments(columns.filter { $0 == "run_id" }.map { _ in context.runID }))
        return db.changesCount
    }

    private func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
