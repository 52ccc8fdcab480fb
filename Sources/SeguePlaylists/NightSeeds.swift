import Foundation
import SegueCore

/// The night a run builds for, and the random seed of each playlist on that night.
public struct NightSeeds: Sendable {
    /// `YYYY-MM-DD`.
    public let night: String
    /// Replaces the night in every seed when set (`--seed`).
    public let replay: UInt64?

    public init(night: String, replay: UInt64?) {
        self.night = night
        self.replay = replay
    }

    public func seed(for playlist: String) -> UInt64 {
        replay.map { SplitMix64.seed(base: $0, playlist: playlist) } ?? SplitMix64.seed(night: night, playlist: playlist)
    }

    /// `YYYY-MM-DD` of `date` in `calendar`'s time zone.
    public static func night(of date: Date, calendar: Calendar) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// The `count` nights before `night`, newest first.
    public static func previous(_ count: Int, before night: String, calendar: Calendar) -> [String] {
        guard count > 0, let date = parse(night, calendar: calendar) else { return [] }
        return (1...count).compactMap { offset in
            calendar.date(byAdding: .day, value: -offset, to: date).map { Self.night(of: $0, calendar: calendar) }
        }
    }

    /// Noon of the night, so time-zone shifts never move it to another day.
    public static func parse(_ night: String, calendar: Calendar) -> Date? {
        let parts = night.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: 12))
    }
}
