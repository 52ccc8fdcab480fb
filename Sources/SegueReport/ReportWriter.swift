import Foundation
import GRDB
import SegueCore

/// The report's entry point: reads the database and writes one self-contained HTML file.
public enum ReportWriter {
    public static let fileName = "segue-report.html"

    /// Writes `<outputDir>/segue-report.html` (atomically and durably, so a reader never sees
    /// half a report) and returns its path.
    @discardableResult
    public static func write(database: AppDatabase, outputDir: String, now: Date = Date()) throws(ReportError) -> String {
        let html = try render(database: database, now: now)
        let path = (outputDir as NSString).appendingPathComponent(fileName)
        do {
            try FileManager.default.createDirectory(atPath: outputDir, withIntermediateDirectories: true)
        } catch {
            throw .unwritable(path: path, reason: error.localizedDescription)
        }
        do {
            try AtomicFile.write(html, to: path)
        } catch {
            throw .unwritable(path: path, reason: error.reason)
        }
        return path
    }

    /// The report as a string, for callers that place it themselves.
    public static func render(database: AppDatabase, now: Date = Date()) throws(ReportError) -> String {
        do {
            return HTMLDocument.render(try ReportQueries(database: database).load(now: now))
        } catch let error as DatabaseError {
            throw .unreadable(database: database.path, reason: error.message ?? error.description)
        } catch {
            throw .unreadable(database: database.path, reason: "\(error)")
        }
    }
}
