import SegueAudio

/// Sorts what the walk found against what the database knew: unchanged files cost nothing,
/// new and changed ones are read, known failures stay known, tracks not seen vanish, and a
/// new file whose audio identity matches a vanished or missing track is that track, moved.
struct ScanPlan {
    struct ReadItem: Sendable {
        var file: WalkedFile
        var size: Int
        var mtime: Double
        /// The track already at this path.
        var knownTrackID: Int64?
        /// What that track's fingerprint said, to tell a retag from new audio.
        var knownFingerprint: String?
        var knownFingerprintVersion = AudioIdentity.version
        /// Read only to identify an unchanged file by its audio (its fingerprint is older).
        var unchanged = false
        /// Whether the byte fingerprint of before (version 0) is wanted too.
        var wantsByteFingerprint = false
    }

    private(set) var toRead: [ReadItem] = []
    /// Changes needing no read: restored tracks, problems the walk itself found.
    private(set) var immediateChanges: [ScanChange] = []
    /// Paths that have a `scan_failures` row after this scan.
    private(set) var failingPaths: Set<String> = []
    private(set) var failed: [ScanProblem: Int] = [:]
    private(set) var tagProblems: [ScanProblem: Int] = [:]
    private var vanished: [Int64] = []
    private var moved: Set<Int64> = []
    /// Tracks a new file may be, by audio identity: vanished in this scan first, then missing
    /// since an earlier one.
    private var moveCandidates: [String: [Int64]] = [:]
    /// The same for tracks a scan before the audio identity fingerprinted by their bytes.
    private var byteCandidates: [String: [Int64]] = [:]

    /// Known tracks not seen this scan (and not found moved): to be marked missing, unless
    /// their folder looks unmounted.
    var vanishedIDs: [Int64] {
        vanished.filter { !moved.contains($0) }
    }

    init(walked: [WalkedFile], known: KnownFiles) {
        var seen: Set<String> = []
        seen.reserveCapacity(walked.count)
        for file in walked {
            seen.insert(file.path)
            let track = known.tracks[file.path]
            switch file.status {
            case let .problem(problem, detail):
                count(problem, path: file.path)
                if known.failures[file.path]?.kind != problem.rawValue || (track != nil && track?.missingSince == nil) {
                    immediateChanges.append(.failure(path: file.path, kind: problem, reason: detail, size: nil, mtime: nil,
                                                     trackID: track?.id))
                }
            case let .file(size, mtime):
                if let failure = known.failures[file.path], failure.size == size, failure.mtime == mtime,
                   let problem = ScanProblem(rawValue: failure.kind), problem.waitsForAChange {
                    count(problem, path: file.path)
                } else if let track, track.size == size, track.mtime == mtime, track.fingerprintVersion == AudioIdentity.version {
                    if track.missingSince != nil {
                        immediateChanges.append(.restore(trackID: track.id))
                    }
                    if let failure = known.failures[file.path], let problem = ScanProblem(rawValue: failure.kind) {
                        count(problem, path: file.path)
                    }
                } else {
                    var item = ReadItem(file: file, size: size, mtime: mtime, knownTrackID: track?.id, knownFingerprint: track?.fingerprint,
                                        knownFingerprintVersion: track?.fingerprintVersion ?? AudioIdentity.version)
                    if let track, track.fingerprintVersion < AudioIdentity.version {
                        item.unchanged = track.size == size && track.mtime == mtime
                        item.wantsByteFingerprint = !item.unchanged
                    }
                    toRead.append(item)
                }
            }
        }
        for (path, track) in known.tracks where !seen.contains(path) {
            if track.missingSince == nil { vanished.append(track.id) }
            guard let fingerprint = track.fingerprint else { continue }
            if track.fingerprintVersion == AudioIdentity.version {
                moveCandidates[fingerprint, default: []].append(track.id)
            } else {
                byteCandidates[fingerprint, default: []].append(track.id)
            }
        }
        // Vanished tracks first: a file moved since the last scan is the likeliest match.
        let vanishedSet = Set(vanished)
        for key in moveCandidates.keys {
            moveCandidates[key]?.sort { (vanishedSet.contains($0) ? 0 : 1, $0) < (vanishedSet.contains($1) ? 0 : 1, $1) }
        }
        for key in byteCandidates.keys {
            byteCandidates[key]?.sort { (vanishedSet.contains($0) ? 0 : 1, $0) < (vanishedSet.contains($1) ? 0 : 1, $1) }
        }
        if !byteCandidates.isEmpty {
            for index in toRead.indices where toRead[index].knownTrackID == nil {
                toRead[index].wantsByteFingerprint = true
            }
        }
    }

    /// The change a read file makes.
    mutating func change(for item: ReadItem, inspected: InspectedFile) -> ScanChange {
        let path = item.file.path
        switch inspected.outcome {
        case let .problem(problem, detail):
            count(problem, path: path)
            return .failure(path: path, kind: problem, reason: detail, size: item.size, mtime: item.mtime, trackID: item.knownTrackID)
        case let .track(tags, inferred):
            if let first = tags.problems.first {
                count(first.scanProblem, path: path)
            }
            let facts = FileFacts(size: item.size, mtime: item.mtime, fingerprint: inspected.audioIdentity)
            if let id = item.knownTrackID {
                return .update(trackID: id, path: path, file: facts, tags: tags, inferred: inferred,
                               change: Self.fileChange(item, inspected))
            }
            if let identity = inspected.audioIdentity, let id = Self.take(identity, from: &moveCandidates) {
                moved.insert(id)
                return .move(trackID: id, path: path, file: facts, tags: tags, inferred: inferred)
            }
            if let bytes = inspected.byteFingerprint, let id = Self.take(bytes, from: &byteCandidates) {
                moved.insert(id)
                return .move(trackID: id, path: path, file: facts, tags: tags, inferred: inferred)
            }
            return .add(path: path, file: facts, tags: tags, inferred: inferred)
        }
    }

    /// How the file at a known track's path changed: a retag keeps the analysis, new audio is
    /// analysed again.
    private static func fileChange(_ item: ScanPlan.ReadItem, _ inspected: InspectedFile) -> FileChange {
        if item.unchanged { return .none }
        guard let known = item.knownFingerprint else { return .audio }
        let same: Bool
        if item.knownFingerprintVersion == AudioIdentity.version {
            same = inspected.audioIdentity == known
        } else {
            // Identified by its bytes before: only the same bytes are surely the same audio.
            same = inspected.byteFingerprint == known
        }
        return same ? .tags : .audio
    }

    private static func take(_ key: String, from candidates: inout [String: [Int64]]) -> Int64? {
        guard let id = candidates[key]?.first else { return nil }
        candidates[key]?.removeFirst()
        return id
    }

    private mutating func count(_ problem: ScanProblem, path: String) {
        failingPaths.insert(path)
        if problem.skipsFile {
            failed[problem, default: 0] += 1
        } else {
            tagProblems[problem, default: 0] += 1
        }
    }
}
