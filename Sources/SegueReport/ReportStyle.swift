/// The report's stylesheet. Inline, system fonts only; it must hold no `<` or `&`, since
/// the document is also parsed as XML.
enum ReportStyle {
    /// Hovering a playlist in the map's legend fades every other journey (CSS `:has`, no
    /// script); one rule per playlist, since CSS cannot match an id to a class by itself.
    static func journeyHighlight(count: Int) -> String {
        (0..<count).map { ".map-box:has(#legend-j\($0 + 1):hover) svg.map .j\($0 + 1){opacity:1}" }.joined(separator: "\n")
    }

    static let css = """
        :root{--ink:#1f2933;--muted:#6b7785;--line:#e3e7ec;--paper:#fbfbfa;--ok:#2f9e57;--bad:#d64545;--warn:#e0a21b;--pending:#cfd6de}
        *{box-sizing:border-box}
        body{margin:0;background:var(--paper);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
        main{max-width:1200px;margin:0 auto;padding:28px 32px 48px}
        h1{font-size:30px;margin:0;letter-spacing:-.5px}
        h2{font-size:21px;margin:36px 0 8px;padding-bottom:6px;border-bottom:2px solid var(--ink)}
        h3{font-size:16px;margin:22px 0 6px}
        h4{font-size:12px;text-transform:uppercase;letter-spacing:.6px;color:var(--muted);margin:0 0 6px}
        a{color:inherit}
        code{font:12px ui-monospace,"DejaVu Sans Mono",monospace;color:#3d4852;word-break:break-all}
        .muted{color:var(--muted)}.small{font-size:12px}
        .subtitle{color:var(--muted);margin:2px 0 16px}
        .cards{display:flex;gap:12px;flex-wrap:wrap}
        .card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:120px}
        .card b{display:block;font-size:22px}.card span{color:var(--muted);font-size:12px}
        .map-box{display:flex;gap:20px;align-items:flex-start}
        svg.map{flex:1 1 auto;min-width:0;width:100%;height:auto}
        .legends{flex:0 0 190px;font-size:13px}
        .legend{list-style:none;margin:0 0 16px;padding:0}
        .legend li{margin:3px 0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
        .swatch{display:inline-block;width:11px;height:11px;border-radius:3px;margin-right:7px;vertical-align:-1px}
        .line-swatch{display:inline-block;width:18px;height:4px;border-radius:2px;margin-right:8px;vertical-align:3px}
        .map-bg{fill:#fff;stroke:var(--line)}
        .pts circle{r:3px;fill-opacity:.75}
        .journey{fill:none;stroke-linejoin:round;stroke-linecap:round}
        .journey polyline{stroke-width:1.8;fill:none}
        .journey polyline.halo{stroke:#fff;stroke-width:4;stroke-opacity:.8}
        svg.map .journey{opacity:.85;transition:opacity .15s}
        .map-box:has(.pl-item:hover) svg.map .journey{opacity:.07}
        .journey circle{stroke-width:1.5}
        .journey circle.stop{r:2.6px;stroke:#fff;stroke-width:.8}
        .journey circle.start{r:4.5px;stroke:#fff}
        .journey circle.seed{r:5.5px;stroke-width:2.4}
        .journey:hover polyline{stroke-width:3}
        svg.map .journey:hover{opacity:1}
        .playlist{background:#fff;border:1px solid var(--line);border-radius:10px;padding:4px 20px 16px;margin:18px 0}
        .playlist h3{font-size:18px}
        .meta{margin:0;color:var(--muted)}.file{margin:2px 0 10px}
        .playlist-top{display:flex;gap:20px;align-items:flex-start;margin:8px 0}
        .minimap-box{flex:0 0 330px}
        svg.minimap{width:330px;height:auto;border-radius:6px}
        svg.minimap use{opacity:.45}
        .relaxations ul{margin:0;padding-left:18px}
        svg.profile{width:100%;height:auto;margin:6px 0 4px;font-size:11px}
        .lane{fill:#f6f7f9}
        .lane-name{font-weight:600;fill:var(--ink);font-size:12px}
        .lane-range{fill:var(--muted);font-size:11px}
        .curve polyline{fill:none;stroke-width:1.8}
        .curve .dots{fill:none;stroke-width:4.8;stroke-linecap:round}
        .hit rect{fill:transparent}
        .hit rect:hover{fill:rgba(31,41,51,.06)}
        .key-change{stroke:#98a2ae;stroke-dasharray:3 3;stroke-width:1}
        .key{fill:#3d4852;text-anchor:middle;font-size:11px}
        rect.score.smooth,.score-chip.smooth{fill:var(--ok);background:#e3f4e8;color:#1d6b3a}
        rect.score.fair,.score-chip.fair{fill:var(--warn);background:#fbf0d6;color:#7a5708}
        rect.score.rough,.score-chip.rough{fill:var(--bad);background:#fbe3e3;color:#8f2323}
        .score-chip{padding:1px 6px;border-radius:9px;font-variant-numeric:tabular-nums}
        table{border-collapse:collapse;width:100%;margin:6px 0}
        th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
        th{font-size:12px;color:var(--muted);font-weight:600}
        .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        table.tracks td{white-space:pre-line}
        tr.seed td{background:#fff8e6}
        .badge{font-size:10px;text-transform:uppercase;letter-spacing:.5px;background:#f2b705;color:#3b2c00;border-radius:4px;padding:1px 5px;vertical-align:1px}
        .key-changed{font-weight:600;color:#5b21b6}
        .status{padding:1px 8px;border-radius:9px;font-size:12px;font-weight:600}
        .status.ok{background:#e3f4e8;color:#1d6b3a}.status.bad{background:#fbe3e3;color:#8f2323}
        .status.warn{background:#fbf0d6;color:#7a5708}.status.running{background:#e0ecfb;color:#1d4ed8}
        .dot{display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:3px}
        .dot.ok{background:var(--ok)}.dot.bad{background:var(--bad)}.dot.warn{background:var(--warn)}.dot.running{background:#1d4ed8}
        .counts{font-size:12px;color:var(--muted)}.counts b{color:var(--ink)}
        .message{font-size:12px;max-width:320px}
        .columns{display:grid;grid-template-columns:1fr 1fr;gap:32px}
        .stacked{display:flex;height:18px;border-radius:5px;overflow:hidden;background:var(--pending);margin:8px 0}
        .stacked span{display:block;height:100%}
        .stacked .ok,.key.ok{background:var(--ok)}.stacked .bad,.key.bad{background:var(--bad)}.stacked .pending,.key.pending{background:var(--pending)}
        .key{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 5px 0 12px}
        .legend-line .key:first-child{margin-left:0}
        table.bars th{width:110px;color:var(--ink);font-size:13px}
        table.bars td.track{width:60%;padding-top:8px}
        .fill{display:block;height:9px;border-radius:5px;background:#4e79a7}
        .fill.total{background:var(--ink)}
        .failures .count{background:#fbe3e3;color:#8f2323;border-radius:9px;padding:0 8px;font-size:13px}
        .failures .count.zero{background:#e3f4e8;color:#1d6b3a}
        .status.never{background:#eef0f3;color:var(--muted)}
        td.when{white-space:nowrap}
        .failure-list td{font-size:12px}
        .example{display:block;font-size:12px;color:var(--muted)}
        details summary{cursor:pointer;color:var(--muted);margin:6px 0}
        .pl-item{cursor:default}
        footer{margin-top:40px;color:var(--muted);font-size:12px}
        @media (max-width:800px){.map-box,.playlist-top{flex-direction:column}.columns{grid-template-columns:1fr}}
        """
}
