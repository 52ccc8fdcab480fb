/// The `tempo_key` matrix: per track its tempo and Camelot key, 0 where unknown.
enum TempoKeyColumns {
    static let bpm = 0
    static let keyNumber = 1
    static let keyIsMajor = 2
    static let count = 3

    static func write(bpm: Double?, key: CamelotKey?, into matrix: Matrix, row: Int) {
        matrix[row, Self.bpm] = Float(bpm ?? 0)
        matrix[row, keyNumber] = Float(key?.number ?? 0)
        matrix[row, keyIsMajor] = key?.isMajor == true ? 1 : 0
    }

    static func bpm(_ row: [Float]) -> Double? {
        row[bpm] > 0 ? Double(row[bpm]) : nil
    }

    static func key(_ row: [Float]) -> CamelotKey? {
        let number = Int(row[keyNumber])
        return (1...12).contains(number) ? CamelotKey(number: number, isMajor: row[keyIsMajor] > 0) : nil
    }
}
