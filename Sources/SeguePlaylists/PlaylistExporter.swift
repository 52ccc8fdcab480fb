import Foundation
import Logging
import SegueCore

/// One run of `segue-export`: plan tonight's playlists, build each, write its files and
/// rows, and remove the playlists Segue wrote before and no longer defines. A stop asked for
/// by a signal is honoured between playlists: each one's files are either last night's or
/// tonight's.
public struct PlaylistExporter: Sendable {
    public let config: SegueConfig
    public let store: PlaylistStore
    public let index: any PlaylistIndex
    public let now: Date
    public let calendar: Calendar
    public let cancellation: StageCancellation

    public init(config: SegueConfig, database: AppDatabase, index: any PlaylistIndex, now: Date = Date(),
                calendar: Calendar = Calendar(identifier: .gregorian), cancellation: StageCancellation = StageCancellation()) {
        self.config = config
        self.store = PlaylistStore(database: database)
        self.index = index
        self.now = now
        self.calendar = calendar
        self.cancellation = cancellation
    }

    public struct Summary: Sendable {
        public var night: String
        public var results: [PlaylistResult] = []
        /// Playlists whose files were written.
        public var written = 0
        /// Files of playlists no longer defined, removed.
        public var removed: [String] = []
        /// Files not written because a file Segue did not write holds their name.
        public var skipped: [String] = []
        public var notices: [String] = []
        /// Notices the user should act on (a seed playlist that could not be read).
        public var warnings: [String] = []
        /// Definitions not built tonight because their seeds could not be read; their last
        /// playlist stays, in files, database and players.
        public var unbuilt: [String] = []
        /// Music folders that hold known tracks but are missing or empty tonight, as configured.
        public var unmounted: [String] = []
        /// Last night's playlists that were not written tonight.
        public var kept = 0

        public var trackCount: Int { results.reduce(0) { $0 + $1.entries.count } }
        public var minutes: Int { Int((results.reduce(0) { $0 + $1.totalSeconds } / 60).rounded()) }
        public var artistCount: Int { Set(results.flatMap { $0.entries.map(\.track.artistKey) }).count }
        public var relaxationCount: Int { results.reduce(0) { $0 + $1.relaxations.count } }
        public var shortCount: Int { results.filter { $0.shortfall > 0 }.count }

        /// `8 playlists, 240 tracks, 1012 min, 187 artists, 1 relaxed, 0 short, 2 removed`.
        public var line: String {
            var text = "\(results.count) playlists, \(trackCount) tracks, \(minutes) min, \(artistCount) artists, "
                + "\(relaxationCount) relaxations, \(shortCount) short"
            if !removed.isEmpty { text += ", \(removed.count) old files removed" }
            if !skipped.isEmpty { text += ", \(skipped.count) files skipped" }
            if !unmounted.isEmpty {
                text += "; \(unmounted.joined(separator: ", ")) missing or empty — is it mounted? No playlist removed"
                if kept > 0 { text += ", \(kept) of last night's kept as they were" }
            }
            return text
        }

        /// A night that wrote nothing while a folder looks unmounted is to be run again.
        public var isTemporary: Bool {
            !unmounted.isEmpty && written == 0
        }
    }

    public func run(_ request: ExportRequest) throws -> Summary {
        let settings = config.playlists
        let night = request.night ?? NightSeeds.night(of: now, calendar: calendar)
        let nightDate = request.night.flatMap { NightSeeds.parse($0, calendar: calendar) } ?? now
        var summary = Summary(night: night)
        let catalog = TrackCatalog(source: DatabaseTrackSource(database: store.database))
        let seeds = NightSeeds(night: night, replay: request.seed)
        let planner = PlaylistPlanner(config: settings, catalog: catalog, index: index, store: store, now: nightDate, seeds: seeds,
                                      dryRun: request.dryRun)
        let plan = try planner.plan(request)
        summary.notices = plan.notices
        summary.warnings = plan.warnings
        summary.unbuilt = plan.unbuilt

        let previousNights = NightSeeds.previous(settings.rotationNights, before: night, calendar: calendar)
        let rotation = try store.rotation(nights: previousNights)
        let lookback = plan.specs.map(\.rules.recentDays).max() ?? 0
        let lastPlayed = lookback > 0 ? try store.lastPlayed(since: nightDate.addingTimeInterval(-Double(lookback) * 86_400)) : [:]
        let facts = LibraryFactsStore(database: store.database)
        let neighbourFacts = try facts.neighbourFacts(dryRun: request.dryRun)
        let generator = PlaylistGenerator(
            index: index, catalog: catalog, lastPlayed: lastPlayed, now: nightDate, calendar: calendar,
            neighboursPerTrack: config.index.neighbours,
            duplicates: try facts.duplicateGroups(facts: neighbourFacts, dryRun: request.dryRun),
            hubs: HubPenalty(facts: neighbourFacts, threshold: settings.hubThreshold, damping: settings.hubDamping))
        // Playlists are built in order (definitions, history, mixes), each leaving to the next
        // only the recordings it has not used up.
        var joined: [Int64: Int] = [:]
        for spec in plan.specs {
            try cancellation.check(committed: 0, of: plan.specs.count, "playlists")
            let cap = settings.maxPlaylistsPerTrack
            let tonight = cap > 0 ? Set(joined.filter { $0.value >= cap }.keys) : []
            let result = try spec.path.map { try generator.path($0, spec: spec, seed: seeds.seed(for: spec.name)) }
                ?? generator.generate(spec, seed: seeds.seed(for: spec.name), rotation: rotation[spec.name] ?? [], tonight: tonight)
            for entry in result.entries { joined[generator.duplicates.key(of: entry.track.id), default: 0] += 1 }
            summary.results.append(result)
        }
        guard !request.dryRun else { return summary }
        try write(&summary, adHoc: request.isAdHoc, night: night, oldestNight: previousNights.last ?? night)
        return summary
    }

    private func write(_ summary: inout Summary, adHoc: Bool, night: String, oldestNight: String) throws {
        let settings = config.playlists
        let paths = EntryPaths(style: settings.pathStyle, outputDir: settings.outputDir, musicDirs: config.library.musicDirs,
                               prefixFrom: settings.pathPrefixFrom, prefixTo: settings.pathPrefixTo)
        let files = PlaylistFiles(outputDir: settings.outputDir, formats: settings.formats, paths: paths)
        let profiles = ProfileFiles(config: config, database: store.database)
        files.removeLeftoverTemporaries()
        profiles.removeLeftoverTemporaries()
        let stored = try store.storedPlaylists()
        let profileFiles = try profiles.owned()
        let owned = Set(stored.flatMap(\.paths)).union(profileFiles.values.joined())
        summary.unmounted = try unmountedFolders().map(\.configured)
        let fileNames = PlaylistFileName.unique(summary.results.map(\.name))
        var keep: Set<String> = []
        var rewritten: Set<String> = []
        let total = summary.results.count { !$0.entries.isEmpty }
        for (result, fileName) in zip(summary.results, fileNames) where !result.entries.isEmpty {
            try cancellation.check(committed: summary.written, of: total, "playlists")
            let written = try files.write(result, fileName: fileName, owned: owned, date: now, skipped: &summary.skipped)
            let extra = try profiles.write(result, fileName: fileName, owned: owned, date: now, skipped: &summary.skipped)
            try store.save(result, night: night, files: written, at: now)
            keep.formUnion(written.all + extra)
            rewritten.insert(result.name)
            summary.written += 1
        }
        let defined = Set(summary.results.map(\.name) + summary.unbuilt)
        for playlist in stored {
            // Ad hoc playlists stay until replaced; a nightly run removes what it no longer defines.
            let gone = !adHoc && !defined.contains(playlist.name) && playlist.kind != PlaylistSpec.Kind.adhoc.rawValue
            // A rewritten playlist drops files it no longer has (a format turned off, a renamed file).
            guard gone || rewritten.contains(playlist.name) else {
                summary.kept += 1
                continue
            }
            // A library that looks unmounted is no reason to lose last night's playlists.
            if gone, !summary.unmounted.isEmpty {
                summary.kept += 1
                continue
            }
            for path in playlist.paths + (profileFiles[playlist.name] ?? []) where !keep.contains(path) {
                try files.remove(path)
                summary.removed.append(path)
            }
            if gone {
                try store.delete(playlistID: playlist.id)
                try profiles.forget(playlist.name)
            }
        }
        try store.forgetRotation(before: oldestNight)
    }

    /// Music folders in which the scan found tracks (missing now or not) but that are missing
    /// or empty now: an unmounted disk, whatever the scan concluded.
    private func unmountedFolders() throws -> [MusicFolder] {
        try config.library.musicDirs.map(MusicFolder.init).filter { folder in
            switch folder.probe() {
            case .unavailable, .available(_, isEmpty: true): try store.hasScannedTracks(in: folder)
            case .available: false
            }
        }
    }
}
