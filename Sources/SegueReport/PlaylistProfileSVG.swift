/// The small curves under a playlist: BPM, energy and loudness along the running order,
/// dashed lines where the key changes, and a bar for each step's transition score.
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
    }

    static func svg(_ entries: [PlaylistData.Entry]) -> String {
        guard !entries.isEmpty else { return "" }
        let series = [
            Series(name: "BPM", unit: "", digits: 0, colour: "#c2410c", values: entries.map(\.bpm)),
            Series(name: "Energy", unit: "", digits: 2, colour: "#0e7490", values: entries.map(\.energy)),
            Series(name: "Loudness", unit: " LUFS", digits: 1, colour: "#5b21b6", values: entries.map(\.loudnessLUFS)),
        ]
        let step = (width - labelWidth) / Double(entries.count)
        func x(_ index: Int) -> Double { labelWidth + (Double(index) + 0.5) * step }
        let transitionTop = Double(series.count) * (rowHeight + rowGap)
        let keyTop = transitionTop + rowHeight + rowGap
        let height = keyTop + keyRowHeight

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"profile\" viewBox=\"0 0 \(Int(width)) \(Int(height))\""
            + " role=\"img\" aria-label=\"BPM, energy, loudness, transition scores and keys along the playlist\">"
        for (row, line) in series.enumerated() {
            svg += curve(line, top: Double(row) * (rowHeight + rowGap), x: x)
        }
        svg += transitions(entries, top: transitionTop, x: x, step: step)
        svg += keyChanges(entries, x: x, bottom: keyTop, step: step)
        return svg + "</svg>"
    }

    private static func curve(_ series: Series, top: Double, x: (Int) -> Double) -> String {
        let known = series.values.compactMap { $0 }
        var svg = "<rect class=\"lane\" x=\"\(Int(labelWidth))\" y=\"\(Markup.coordinate(top))\" width=\"\(Int(width - labelWidth))\" height=\"\(Int(rowHeight))\"/>"
        svg += "<text class=\"lane-name\" x=\"0\" y=\"\(Markup.coordinate(top + 18))\">\(series.name)</text>"
        guard let low = known.min(), let high = known.max() else {
            return svg + "<text class=\"lane-range\" x=\"0\" y=\"\(Markup.coordinate(top + 34))\">not analysed</text>"
        }
        let range = "\(Markup.decimal(low, digits: series.digits)) to \(Markup.decimal(high, digits: series.digits))\(series.unit)"
        svg += "<text class=\"lane-range\" x=\"0\" y=\"\(Markup.coordinate(top + 34))\">\(range)</text>"
        let span = high - low > 1e-9 ? high - low : 1
        func y(_ value: Double) -> Double { top + 6 + (1 - (value - low) / span) * (rowHeight - 12) }
        // A gap (unanalysed track) breaks the line instead of bridging it.
        var segments: [[String]] = [[]]
        for (index, value) in series.values.enumerated() {
            guard let value else { segments.append([]); continue }
            segments[segments.count - 1].append("\(Markup.coordinate(x(index))),\(Markup.coordinate(y(value)))")
        }
        svg += "<g class=\"curve\" stroke=\"\(series.colour)\" fill=\"\(series.colour)\">"
        for segment in segments where segment.count > 1 {
            svg += "<polyline points=\"\(segment.joined(separator: " "))\"/>"
        }
        for (index, value) in series.values.enumerated() {
            guard let value else { continue }
            svg += "<circle cx=\"\(Markup.coordinate(x(index)))\" cy=\"\(Markup.coordinate(y(value)))\">"
                + "<title>\(index + 1): \(Markup.decimal(value, digits: series.digits))\(series.unit)</title></circle>"
        }
        return svg + "</g>"
    }

    private static func transitions(_ entries: [PlaylistData.Entry], top: Double, x: (Int) -> Double, step: Double) -> String {
        var svg = "<rect class=\"lane\" x=\"\(Int(labelWidth))\" y=\"\(Markup.coordinate(top))\" width=\"\(Int(width - labelWidth))\" height=\"\(Int(rowHeight))\"/>"
        svg += "<text class=\"lane-name\" x=\"0\" y=\"\(Markup.coordinate(top + 18))\">Transitions</text>"
        let scores = entries.compactMap(\.transitionScore)
        let summary = scores.isEmpty ? "not scored" : "mean \(Markup.decimal(scores.reduce(0, +) / Double(scores.count), digits: 2))"
        svg += "<text class=\"lane-range\" x=\"0\" y=\"\(Markup.coordinate(top + 34))\">\(summary)</text>"
        let barWidth = Markup.coordinate(max(1.5, min(14, step * 0.6)))
        for (index, entry) in entries.enumerated() {
            guard let score = entry.transitionScore else { continue }
            let clamped = min(max(score, 0), 1)
            let height = max(1.5, clamped * (rowHeight - 4))
            // The bar sits on the boundary between the two tracks it joins.
            let centre = x(index) - step / 2
            svg += "<rect class=\"score \(ScoreClass.of(score))\" x=\"\(Markup.coordinate(centre - max(1.5, min(14, step * 0.6)) / 2))\""
                + " y=\"\(Markup.coordinate(top + rowHeight - 2 - height))\" width=\"\(barWidth)\" height=\"\(Markup.coordinate(height))\">"
                + "<title>\(index) → \(index + 1): \(Markup.decimal(score, digits: 2))</title></rect>"
        }
        return svg
    }

    private static func keyChanges(_ entries: [PlaylistData.Entry], x: (Int) -> Double, bottom: Double, step: Double) -> String {
        var svg = "<text class=\"lane-name\" x=\"0\" y=\"\(Markup.coordinate(bottom + 13))\">Key</text>"
        var lastLabel = -Double.infinity
        var previous: String?
        for (index, entry) in entries.enumerated() {
            guard let key = entry.key else { continue }
            defer { previous = key }
            guard key != previous else { continue }
            let position = x(index)
            if previous != nil {
                let line = Markup.coordinate(position - step / 2)
                svg += "<line class=\"key-change\" x1=\"\(line)\" y1=\"0\" x2=\"\(line)\" y2=\"\(Markup.coordinate(bottom))\">"
                    + "<title>\(index) → \(index + 1): \(Markup.escape(previous ?? "")) → \(Markup.escape(key))</title></line>"
            }
            if position - lastLabel >= minimumKeyLabelSpacing {
                svg += "<text class=\"key\" x=\"\(Markup.coordinate(position))\" y=\"\(Markup.coordinate(bottom + 13))\">\(Markup.escape(Self.short(key)))</text>"
                lastLabel = position
            }
        }
        return svg
    }

    /// "A minor" → "Am", "C# major" → "C#": short enough to sit under one track.
    static func short(_ key: String) -> String {
        let parts = key.split(separator: " ")
        guard let tonic = parts.first else { return key }
        return parts.dropFirst().first?.lowercased().hasPrefix("min") == true ? "\(tonic)m" : String(tonic)
    }
}
