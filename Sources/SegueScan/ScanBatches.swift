/// The ranges of files a scan commits one transaction each: `size` files at a time, except the
/// last `size`, which are cut into `tailParts` smaller ones. The readers run ahead of each
/// commit but have nothing left to read during the last one, so a whole batch written last
/// would be written with every other core idle; a small one is written while the files after
/// it are still being read, and only the smallest waits at the end.
struct ScanBatches: Sequence {
    static let tailParts = 8

    let count: Int
    let size: Int

    func makeIterator() -> AnyIterator<Range<Int>> {
        let size = Swift.max(1, self.size)
        let small = Swift.max(1, size / Self.tailParts)
        var start = 0
        return AnyIterator {
            guard start < count else { return nil }
            let remaining = count - start
            let length = remaining > size ? size : Swift.min(small, remaining)
            defer { start += length }
            return start..<(start + length)
        }
    }
}
