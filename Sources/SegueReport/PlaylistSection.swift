/// One playlist: its journey on the map, its curves, and its tracks with each step's
/// transition score, key changes and seeds marked.
enum PlaylistSection {
    static func html(_ playlist: PlaylistData, number: Int, colour: String, map: LibraryMapSVG) -> String {
        let entries = playlist.entries
        let total = entries.compactMap(\.durationMs).reduce(Int64(0)) { $0 + Int64($1) }
        let seeds = entries.filter(\.isSeed).count
        let scores = entries.compactMap(\.transitionScore)
        var keyChanges = 0
        var previousKey: String?
        for key in entries.compactMap(\.key) {
            if let previousKey, previousKey != key { keyChanges += 1 }
            previousKey = key
        }

        var html = "<section class=\"playlist\" id=\"playlist-\(number)\">"
        html += "<h3><span class=\"line-swatch\" style=\"background:\(colour)\"></span>\(Markup.escape(playlist.name))</h3>"
        var meta = ["\(entries.count) track\(entries.count == 1 ? "" : "s")", Markup.duration(milliseconds: total)]
        if seeds > 0 { meta.append("\(seeds) seed\(seeds == 1 ? "" : "s")") }
        meta.append("\(keyChanges) key change\(keyChanges == 1 ? "" : "s")")
        if !scores.isEmpty {
            meta.append("mean transition \(Markup.decimal(scores.reduce(0, +) / Double(scores.count), digits: 2))")
        }
        if let generated = playlist.generatedAt { meta.append("generated \(Markup.timestamp(generated))") }
        html += "<p class=\"meta\">\(meta.map(Markup.escape).joined(separator: " · "))</p>"
        if let file = playlist.filePath { html += "<p class=\"file\"><code>\(Markup.escape(file))</code></p>" }

        html += "<div class=\"playlist-top\"><div class=\"minimap-box\">\(map.miniature(playlist, colour: colour, number: number))</div><div class=\"relaxations\">"
        html += "<h4>Relaxations</h4>"
        switch playlist.relaxations {
        case nil: html += "<p class=\"muted\">Not recorded by this version of segue-export.</p>"
        case let list? where list.isEmpty: html += "<p class=\"muted\">None: the playlist met its constraints as configured.</p>"
        case let list?: html += "<ul>" + list.map { "<li>\(Markup.escape($0))</li>" }.joined() + "</ul>"
        }
        html += "</div></div>"
        html += PlaylistProfileSVG.svg(entries)
        html += table(entries)
        return html + "</section>"
    }

    private static func table(_ entries: [PlaylistData.Entry]) -> String {
        var html = "<table class=\"tracks\"><thead><tr><th class=\"num\">#</th><th>Artist</th><th>Title</th>"
            + "<th class=\"num\">Time</th><th class=\"num\">BPM</th><th>Key</th><th class=\"num\">Energy</th>"
            + "<th class=\"num\">LUFS</th><th class=\"num\">Transition</th></tr></thead><tbody>"
        var previousKey: String?
        for (index, entry) in entries.enumerated() {
            let keyChanged = entry.key != nil && previousKey != nil && entry.key != previousKey
            if let key = entry.key { previousKey = key }
            html += "<tr\(entry.isSeed ? " class=\"seed\"" : "")><td class=\"num\">\(index + 1)</td>"
            html += "<td>\(Markup.escape(entry.artist))</td>"
            html += entry.reason.map { "<td title=\"\(Markup.escape($0))\">" } ?? "<td>"
            html += Markup.escape(entry.title)
            html += entry.isSeed ? " <span class=\"badge\">seed</span></td>" : "</td>"
            html += "<td class=\"num\">\(entry.durationMs.map { Markup.duration(milliseconds: Int64($0)) } ?? "–")</td>"
            html += "<td class=\"num\">\(entry.bpm.map { Markup.decimal($0, digits: 0) } ?? "–")</td>"
            html += keyChanged ? "<td class=\"key-changed\" title=\"key change\">→ " : "<td>"
            html += "\(entry.key.map(Markup.escape) ?? "–")</td>"
            html += "<td class=\"num\">\(entry.energy.map { Markup.decimal($0, digits: 2) } ?? "–")</td>"
            html += "<td class=\"num\">\(entry.loudnessLUFS.map { Markup.decimal($0, digits: 1) } ?? "–")</td>"
            if let score = entry.transitionScore {
                html += "<td class=\"num\"><span class=\"score-chip \(ScoreClass.of(score))\">\(Markup.decimal(score, digits: 2))</span></td>"
            } else {
                html += "<td class=\"num muted\">\(index == 0 ? "" : "–")</td>"
            }
            html += "</tr>"
        }
        return html + "</tbody></table>"
    }
}
