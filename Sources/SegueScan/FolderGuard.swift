import SegueCore

/// Keeps an unmounted disk from looking like a deleted library, folder by folder: a music
/// folder that cannot be read, that is on another filesystem than at its last scan, or from
/// which more than `maxVanishFraction` of its known tracks vanished at once is refused —
/// none of its tracks is marked missing, and the scan exits 75 naming it — unless the user
/// accepts the loss (`--accept-vanished`). The other folders scan as usual.
struct FolderGuard {
    let folders: [MusicFolder]
    let maxVanishFraction: Double
    let acceptVanished: Bool
    private let states: [MusicFolder: MusicFolder.State]
    private let storedDevices: [String: UInt64]
    /// Present tracks (not missing before this scan) by folder; a track in no folder is nil's.
    private let presentTracks: [MusicFolder?: Set<Int64>]

    init(folders: [MusicFolder], known: KnownFiles, maxVanishFraction: Double, acceptVanished: Bool) {
        var unique: [MusicFolder] = []
        for folder in folders where !unique.contains(where: { $0.path == folder.path }) {
            unique.append(folder)
        }
        self.folders = unique
        self.maxVanishFraction = maxVanishFraction
        self.acceptVanished = acceptVanished
        states = Dictionary(uniqueKeysWithValues: unique.map { ($0, $0.probe()) })
        storedDevices = known.devices
        var present: [MusicFolder?: Set<Int64>] = [:]
        for (path, track) in known.tracks where track.missingSince == nil {
            present[MusicFolder.owner(of: path, in: unique), default: []].insert(track.id)
        }
        presentTracks = present
    }

    /// The folders to walk: readable, and on the filesystem of their last scan (or accepted).
    var walkable: [MusicFolder] {
        folders.filter { folder in
            guard case let .available(device, _) = state(folder) else { return false }
            return !movedDevice(folder, device: device)
        }
    }

    /// What the scan may write once it knows which tracks vanished (moves already found).
    struct Verdict {
        var missingIDs: [Int64] = []
        /// The filesystem to record for each folder scanned, by folder path.
        var devices: [String: UInt64] = [:]
        /// One line per refused folder.
        var refusals: [String] = []
    }

    func judge(vanished: [Int64]) -> Verdict {
        var verdict = Verdict()
        var vanishedByFolder: [MusicFolder?: [Int64]] = [:]
        let vanishedSet = Set(vanished)
        for (folder, ids) in presentTracks {
            vanishedByFolder[folder] = ids.filter { vanishedSet.contains($0) }.sorted()
        }
        // Tracks in no configured folder any more: the user took the folder out.
        verdict.missingIDs += vanishedByFolder[nil] ?? []
        for folder in folders {
            let known = presentTracks[folder]?.count ?? 0
            let gone = vanishedByFolder[folder]?.count ?? 0
            if let refusal = refusal(folder, known: known, gone: gone) {
                verdict.refusals.append(refusal)
                continue
            }
            verdict.missingIDs += vanishedByFolder[folder] ?? []
            if case let .available(device, _) = state(folder) { verdict.devices[folder.path] = device }
        }
        return verdict
    }

    /// The refusals a walk alone can tell (unreadable folders, another filesystem), for `--status`.
    var refusalsBeforeWalking: [String] {
        folders.compactMap { folder in
            if case let .available(device, _) = state(folder), !movedDevice(folder, device: device) { return nil }
            return refusal(folder, known: presentTracks[folder]?.count ?? 0, gone: 0)
        }
    }

    private func refusal(_ folder: MusicFolder, known: Int, gone: Int) -> String? {
        guard !acceptVanished else { return nil }
        let advice = "nothing was marked missing (if the files were deleted: segue-scan --accept-vanished)"
        switch state(folder) {
        case let .unavailable(reason):
            return "\(folder.configured): cannot be read (\(reason)) — is it mounted? \(advice)"
        case let .available(device, isEmpty):
            if movedDevice(folder, device: device) {
                if isEmpty { return "\(folder.configured): 0 of \(Self.grouped(known)) known files present — is it mounted? \(advice)" }
                let was = storedDevices[folder.path].map(MusicFolder.describe(device:)) ?? "unknown"
                return "\(folder.configured): on another filesystem than at the last scan (device \(MusicFolder.describe(device: device)), "
                    + "was \(was)) — is the right disk mounted? nothing was marked missing (if it is: segue-scan --accept-vanished)"
            }
            guard known > 0, Double(gone) > maxVanishFraction * Double(known) else { return nil }
            return "\(folder.configured): \(Self.grouped(known - gone)) of \(Self.grouped(known)) known files present — is it mounted? \(advice)"
        }
    }

    private func state(_ folder: MusicFolder) -> MusicFolder.State {
        states[folder] ?? folder.probe()
    }

    /// Whether the folder holds known tracks and sits on another filesystem than at its last
    /// scan, and the user has not accepted it.
    private func movedDevice(_ folder: MusicFolder, device: UInt64) -> Bool {
        guard !acceptVanished, let stored = storedDevices[folder.path], stored != device else { return false }
        return !(presentTracks[folder]?.isEmpty ?? true)
    }

    /// 30000 as `30,000`.
    private static func grouped(_ value: Int) -> String {
        let digits = Array(String(value))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text
    }
}
