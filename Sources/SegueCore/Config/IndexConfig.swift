/// `index.*`: how sound and genre are combined into one similarity space.
public struct IndexConfig: Sendable {
    /// Weight of sonic similarity; genre similarity gets `1 - sonicWeight`.
    public var sonicWeight: Double
    /// Neighbours kept per track.
    public var neighbours: Int

    init(_ reader: ConfigReader) throws(ConfigError) {
        sonicWeight = try reader.double("index.sonic_weight", default: 0.6, range: 0...1)
        neighbours = try reader.int("index.neighbours", default: 100, range: 1...1000)
    }
}
