/// Checks that a native FLAC file holds as many samples as its STREAMINFO announces: the
/// last complete frame header in the tail names its first sample, which must reach the
/// announced total (format: https://xiph.org/flac/format.html).
enum FLACFrameCheck {
    struct StreamInfo {
        var maxBlockSize: Int
        var totalSamples: Int
    }

    static func truncation(_ sample: FileSample) -> String? {
        guard let info = streamInfo(sample.head), info.totalSamples > 0, info.maxBlockSize > 0 else { return nil }
        let bytes = sample.lastBytes
        var index = bytes.endIndex - 2
        while index >= bytes.startIndex {
            if bytes[index] == 0xFF, bytes[index + 1] & 0xFE == 0xF8,
               let frame = frameHeader(bytes[index...], maxBlockSize: info.maxBlockSize) {
                let end = frame.firstSample + frame.blockSize
                return end < info.totalSamples ? "FLAC stream ends at sample \(end) of \(info.totalSamples)" : nil
            }
            index -= 1
        }
        return nil
    }

    /// STREAMINFO is the first metadata block after `fLaC` (after an ID3v2 tag, if any).
    static func streamInfo(_ head: [UInt8]) -> StreamInfo? {
        var start = 0
        if head.count >= 10, head[0..<3].elementsEqual("ID3".utf8) {
            let size = (0..<4).reduce(0) { $0 << 7 | Int(head[6 + $1] & 0x7F) }
            start = 10 + size + (head[5] & 0x10 != 0 ? 10 : 0)
        }
        guard head.count >= start + 8 + 34, head[start..<start + 4].elementsEqual("fLaC".utf8), head[start + 4] & 0x7F == 0 else { return nil }
        let block = start + 8
        let maxBlock = Int(head[block + 2]) << 8 | Int(head[block + 3])
        let total = (Int(head[block + 13] & 0x0F) << 32) | Int(head[block + 14]) << 24 | Int(head[block + 15]) << 16
            | Int(head[block + 16]) << 8 | Int(head[block + 17])
        return StreamInfo(maxBlockSize: maxBlock, totalSamples: total)
    }

    /// Parses a frame header at the start of `bytes` and checks its CRC-8; nil when the
    /// bytes only look like a sync code.
    static func frameHeader(_ bytes: ArraySlice<UInt8>, maxBlockSize: Int) -> (firstSample: Int, blockSize: Int)? {
        let base = bytes.startIndex
        guard bytes.count >= 6 else { return nil }
        let variable = bytes[base + 1] & 0x01 != 0
        let blockCode = Int(bytes[base + 2] >> 4), rateCode = Int(bytes[base + 2] & 0x0F)
        guard blockCode != 0, rateCode != 15, bytes[base + 3] & 0x01 == 0 else { return nil }
        var position = base + 4
        // The frame or sample number, UTF-8 style: the leading ones give the byte count.
        let lead = bytes[position]
        let extra = lead < 0x80 ? 0 : lead < 0xC0 ? -1 : lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : lead < 0xF8 ? 3 : lead < 0xFC ? 4 : lead < 0xFE ? 5 : lead == 0xFE ? 6 : -1
        guard extra >= 0, position + extra < bytes.endIndex else { return nil }
        var number = extra == 0 ? Int(lead) : Int(lead & (0xFF >> (extra + 2)))
        for offset in 0..<extra {
            let byte = bytes[position + 1 + offset]
            guard byte & 0xC0 == 0x80 else { return nil }
            number = number << 6 | Int(byte & 0x3F)
        }
        position += 1 + extra
        var blockSize: Int
        switch blockCode {
        case 1: blockSize = 192
        case 2...5: blockSize = 576 << (blockCode - 2)
        case 8...15: blockSize = 256 << (blockCode - 8)
        default: blockSize = 0
        }
        let sizeBytes = blockCode == 6 ? 1 : blockCode == 7 ? 2 : 0
        let rateBytes = rateCode == 12 ? 1 : rateCode == 13 || rateCode == 14 ? 2 : 0
        guard position + sizeBytes + rateBytes < bytes.endIndex else { return nil }
        if sizeBytes > 0 {
            blockSize = (sizeBytes == 1 ? Int(bytes[position]) : Int(bytes[position]) << 8 | Int(bytes[position + 1])) + 1
        }
        position += sizeBytes + rateBytes
        guard crc8(bytes[base..<position]) == bytes[position] else { return nil }
        return (variable ? number : number * maxBlockSize, blockSize)
    }

    /// CRC-8, polynomial x^8 + x^2 + x + 1, as FLAC frame headers use.
    static func crc8(_ bytes: ArraySlice<UInt8>) -> UInt8 {
        var crc: UInt8 = 0
        for byte in bytes {
            crc ^= byte
            for _ in 0..<8 {
                crc = crc & 0x80 != 0 ? (crc << 1) ^ 0x07 : crc << 1
            }
        }
        return crc
    }
}
