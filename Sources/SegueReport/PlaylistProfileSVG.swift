/// The small curves under a playlist: BPM, energy and loudness along the running order,
/// dashed lines where the key changes, and a bar for each step's transition score.
///
/// Hovering anywhere above a track shows all its values at once: one transparent column
/// per track carries the tooltip, so the marks themselves stay plain and the file small.
enum PlaylistProfileSVG {
    static let width = 880.0
    static let labelWidth = 118.0
    static let rowHeight = 46.0
    static let rowGap = 10.0
    static let keyRowHeight = 18.0
    /// Key labels closer than this are left to the hover title, so they never overlap.
    static let minimumKeyLabelSpacing = 40.0

    private struct Series {
        var name: String
        var unit: String
        var digits: Int
        var colour: String
        var values: [Double?]

        func format(_ value: Double) -> String { Markup.decimal(value, digits: digits) + unit }
    }

    private struct Layout {
        var step: Double
        func x(_ index: Int) -> Double { labelWidth + (Double(index) + 0.5) * step }
    }

    static func svg(_ entries: [PlaylistData.Entry]) -> String {
        guard !entries.isEmpty else { return "" }
        func finite(_ values: [Double?]) -> [Double?] { values.map { $0.flatMap { $0.isFinite ? $0 : nil } } }
        let series = [
            Series(name: "BPM", unit: "", digits: 0, colour: "#c2410c", values: finite(entries.map(\.bpm))),
            Series(name: "Energy", unit: "", digits: 2, colour: "#0e7490", values: finite(entries.map(\.energy))),
            Series(name: "Loudness", unit: " LUFS", digits: 1, colour: "#5b21b6", values: finite(entries.map(\.loudnessLUFS))),
        ]
        let layout = Layout(step: (width - labelWidth) / Double(entries.count))
        let transitionTop = Double(series.count) * (rowHeight + rowGap)
        let keyTop = transitionTop + rowHeight + rowGap
        let height = keyTop + keyRowHeight

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"profile\" viewBox=\"0 0 \(Int(width)) \(Int(height))\""
            + " role=\"img\" aria-label=\"BPM, energy, loudness, transition scores and keys along the playlist\">"
        for (row, line) in series.enumerated() {
            svg += curve(line, top: Double(row) * (rowHeight + rowGap), layout: layout)
        }
        svg += transitions(entries, top: transitionTop, layout: layout)
        svg += keyChanges(entries, bottom: keyTop, layout: layout)
        svg += hoverColumns(entries, series: series, height: keyTop + keyRowHeight, layout: layout)
        return svg + "</svg>"
    }

    private static func lane(name: String, detail: String, top: Double) -> String {
        "<rect class=\"lane\" x=\"\(Int(labelWidth))\" y=\"\(Markup.coordinate(top))\" width=\"\(Int(width - labelWidth))\" height=\"\(Int(rowHeight))\"/>"
            + "<text class=\"lane-name\" x=\"0\" y=\"\(Markup.coordinate(top + 18))\">\(name)</text>"
            + "<text class=\"lane-range\" x=\"0\" y=\"\(Markup.coordinate(top + 34))\">\(detail)</text>"
    }

    private static func curve(_ series: Series, top: Double, layout: Layout) -> String {
        let known = series.values.compactMap { $0 }
        guard let low = known.min(), let high = known.max() else {
            return lane(name: series.name, detail: "not analysed", top: top)
        }
        var svg = lane(name: series.name, detail: "\(Markup.decimal(low, digits: series.digits)) to \(series.format(high))", top: top)
        let span = high - low > 1e-9 ? high - low : 1
        func y(_ value: Double) -> Double { top + 6 + (1 - (value - low) / span) * (rowHeight - 12) }
        // A gap (unanalysed track) breaks the line instead of bridging it.
        var segments: [[String]] = [[]]
        var dots = ""
        for (index, value) in series.values.enumerated() {
            guard let value else { segments.append([]); continue }
            let point = (Markup.coordinate(layout.x(index)), Markup.coordinate(y(value)))
            segments[segments.count - 1].append("\(point.0),\(point.1)")
            dots += "M\(point.0) \(point.1)h0"
        }
        svg += "<g class=\"curve\" stroke=\"\(series.colour)\">"
        for segment in segments where segment.count > 1 {
            svg += "<polyline points=\"\(segment.joined(separator: " "))\"/>"
        }
        // Dots as zero-length round-capped segments: one path instead of a circle each.
        return svg + "<path class=\"dots\" d=\"\(dots)\"/></g>"
    }

    private static func transitions(_ entries: [PlaylistData.Entry], top: Double, layout: Layout) -> String {
        let scores = entries.compactMap(\.transitionScore).filter(\.isFinite)
        let summary = scores.isEmpty ? "not scored" : "mean \(Markup.decimal(scores.reduce(0, +) / Double(scores.count), digits: 2))"
        var svg = lane(name: "Transitions", detail: summary, top: top)
        let barWidth = max(1.5, min(14, layout.step * 0.6))
        for (index, entry) in entries.enumerated() {
            guard let score = entry.transitionScore, score.isFinite else { continue }
            let height = max(1.5, min(max(score, 0), 1) * (rowHeight - 4))
            // The bar sits on the boundary between the two tracks it joins.
            let centre = layout.x(index) - layout.step / 2
            svg += "<rect class=\"score \(ScoreClass.of(score))\" x=\"\(Markup.coordinate(centre - barWidth / 2))\""
                + " y=\"\(Markup.coordinate(top + rowHeight - 2 - height))\" width=\"\(Markup.coordinate(barWidth))\" height=\"\(Markup.coordinate(height))\"/>"
        }
        return svg
    }

    private static func keyChanges(_ entries: [PlaylistData.Entry], bottom: Double, layout: Layout) -> String {
        var svg = "<text class=\"lane-name\" x=\"0\" y=\"\(Markup.coordinate(bottom + 13))\">Key</text>"
        var lastLabel = -Double.infinity
        var previous: String?
        for (index, entry) in entries.enumerated() {
            guard let key = entry.key else { continue }
            defer { previous = key }
            guard key != previous else { continue }
            let position = layout.x(index)
            if previous != nil {
                let line = Markup.coordinate(position - layout.step / 2)
                svg += "<line class=\"key-change\" x1=\"\(line)\" y1=\"0\" x2=\"\(line)\" y2=\"\(Markup.coordinate(bottom))\"/>"
            }
            if position - lastLabel >= minimumKeyLabelSpacing {
                svg += "<text class=\"key\" x=\"\(Markup.coordinate(position))\" y=\"\(Markup.coordinate(bottom + 13))\">\(Markup.escape(Self.short(key)))</text>"
                lastLabel = position
            }
        }
        return svg
    }

    private static func hoverColumns(_ entries: [PlaylistData.Entry], series: [Series], height: Double, layout: Layout) -> String {
        var svg = "<g class=\"hit\">"
        var previousKey: String?
        for (index, entry) in entries.enumerated() {
            var lines = ["\(index + 1). \(entry.artist) – \(entry.title)\(entry.isSeed ? " (seed)" : "")"]
            let values = series.compactMap { line in line.values[index].map { "\(line.name) \(line.format($0))" } }
            if !values.isEmpty { lines.append(values.joined(separator: " · ")) }
            if let key = entry.key {
                lines.append(previousKey.map { $0 != key ? "key \($0) → \(key)" : "key \(key)" } ?? "key \(key)")
                previousKey = key
            }
            if let score = entry.transitionScore, score.isFinite { lines.append("transition \(Markup.decimal(score, digits: 2))") }
            svg += "<rect x=\"\(Markup.coordinate(layout.x(index) - layout.step / 2))\" y=\"0\" width=\"\(Markup.coordinate(layout.step))\""
                + " height=\"\(Markup.coordinate(height))\"><title>\(Markup.escape(lines.joined(separator: "\n")))</title></rect>"
        }
        return svg + "</g>"
    }

    /// "A minor" → "Am", "C# major" → "C#": short enough to sit under one track.
    static func short(_ key: String) -> String {
        let parts = key.split(separator: " ")
        guard let tonic = parts.first else { return key }
        return parts.dropFirst().first?.lowercased().hasPrefix("min") == true ? "\(tonic)m" : String(tonic)
    }
}
