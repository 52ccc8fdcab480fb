import GRDB

/// Writing an update in one transaction: the matrices with the new rows let in, the new
/// tracks' neighbours and the lists they entered; a reader sees the index before or after.
extension IndexStore {
    func write(_ update: IndexUpdate.Prepared, meta: [String: String]) throws(IndexError) {
        try inWriteTransaction { db in
            let space = update.space
            try db.execute(sql: "DELETE FROM index_matrices WHERE name IN ('sonic', 'genre', 'track_ids', 'artist_ids', 'cluster_ids')")
            try MatrixBlob.write(db, name: "sonic", matrix: space.sonic)
            try MatrixBlob.write(db, name: "genre", matrix: space.genre)
            for (name, added) in [("tempo_key", update.addedTempoKey), ("segment_begin", update.addedBegin),
                                  ("segment_end", update.addedEnd)] {
                try splice(db, name, oldRows: update.oldRows, added: added, at: update.added, count: space.count)
            }
            try writeInts(db, "track_ids", space.trackIDs)
            try writeInts(db, "artist_ids", space.artists.artistIDs)
            try writeInts(db, "cluster_ids", update.clusters.map(Int64.init))
            let delete = try db.makeStatement(sql: "DELETE FROM neighbours WHERE track_id = ?")
            for row in update.refreshed { try delete.execute(arguments: [space.trackIDs[row]]) }
            try writeNeighbours(db, space, rows: (update.added + update.refreshed).sorted()) { [lists = update.lists] in lists[$0] ?? [] }
            try writeMeta(db, meta)
        }
    }

    /// Rewrites matrix `name` with its stored rows moved to `oldRows` and the rows of `added`
    /// at `rows`, a slice at a time (the windows of a million tracks are 384 MB each).
    private func splice(_ db: Database, _ name: String, oldRows: [Int], added: Matrix, at rows: [Int], count: Int) throws {
        let next = name + ".next"
        try db.execute(sql: "DELETE FROM index_matrices WHERE name = ?", arguments: [next])
        do {
            guard let old = try MatrixBlob.open(db, name: name), old.rows == oldRows.count, old.cols == added.cols else {
                throw IndexError.corrupt(path: database.path, reason: "\(name) does not match track_ids")
            }
            let target = try MatrixBlob.create(db, name: next, rows: count, cols: old.cols)
            let slice = Matrix(rows: 4096, minimumCols: old.cols)
            var start = 0
            while start < oldRows.count {
                var end = start + 1
                while end < oldRows.count, end - start < slice.rows, oldRows[end] == oldRows[start] + (end - start) { end += 1 }
                try old.read(rows: start..<end, into: slice, at: 0)
                try target.write(from: oldRows[start] * old.cols, count: (end - start) * old.cols, slice.storage)
                start = end
            }
            for (index, row) in rows.enumerated() {
                try target.write(from: row * old.cols, count: old.cols, added.storage + index * added.cols)
            }
        }
        try db.execute(sql: "DELETE FROM index_matrices WHERE name = ?", arguments: [name])
        try db.execute(sql: "UPDATE index_matrices SET name = ? WHERE name = ?", arguments: [name, next])
    }
}
