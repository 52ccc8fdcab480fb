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

    static func bpm(in matrix: Matrix, row: Int) -> Double? {
        let value = matrix[row, bpm]
        return value > 0 ? Double(value) : nil
    }

    static func key(in matrix: Matrix, row: Int) -> CamelotKey? {
        let number = Int(matrix[row, keyNumber])
        return (1...12).contains(number) ? CamelotKey(number: number, isMajor: matrix[row, keyIsMajor] > 0) : nil
    }
}
