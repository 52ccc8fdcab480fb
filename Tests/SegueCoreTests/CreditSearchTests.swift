import Foundation
import Testing
@testable import SegueCore

/// `ArtistCredit`'s searches skip Foundation on printable ASCII: on such text they must find
/// exactly what Foundation finds, for every credit marker and separator.
@Suite struct CreditSearchTests {
    /// Pieces of credits, in both cases and with the characters the patterns are made of.
    static let pieces = [
        "Mira", "SOL", " ", "  ", "feat", "FEAT", "Feat.", "ft", "FT.", "featuring", "Featuring", "with", "WITH",
        "vs", "Vs.", ".", "&", "x", "X", "+", ",", ";", "/", "(", ")", "[", "]", "and", "AND", "a", "f", "t", "1",
    ]
    static let patterns = ArtistCredit.guestMarkers + ArtistCredit.memberSeparators + [" and ", "(", ")", "[", "]"]

    static func credits(count: Int) -> [String] {
        var random = SplitMix64(seed: 15)
        return (0..<count).map { _ in
            (0..<Int.random(in: 1...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
        }
    }

    @Test func findsWhatFoundationFinds() {
        for text in Self.credits(count: 3_000) {
            for pattern in Self.patterns {
                for options: String.CompareOptions in [[], [.caseInsensitive], [.backwards]] {
                    let ours = CreditSearch.range(of: pattern, in: text, caseInsensitive: options.contains(.caseInsensitive),
                                                  backwards: options.contains(.backwards))
                    let foundation = text.range(of: pattern, options: options)
                    #expect(offsets(ours, in: text) == offsets(foundation, in: text), "\(pattern) in \(text), \(options)")
                }
            }
        }
    }

    @Test func searchesFromAnIndexAsFoundationDoes() {
        for text in Self.credits(count: 1_000) {
            for pattern in [")", "]", " & "] {
                guard let open = text.range(of: "(") else { continue }
                let ours = CreditSearch.range(of: pattern, in: text, from: open.upperBound)
                let foundation = text.range(of: pattern, range: open.upperBound..<text.endIndex)
                #expect(offsets(ours, in: text) == offsets(foundation, in: text), "\(pattern) in \(text)")
            }
        }
    }

    @Test func splitsAsFoundationSplits() {
        for text in Self.credits(count: 3_000) {
            for separator in ArtistCredit.memberSeparators + [" and "] {
                #expect(CreditSearch.components(of: text, separatedBy: separator) == text.components(separatedBy: separator),
                        "\(separator) in \(text)")
            }
        }
    }

    /// Other text is Foundation's to search: its case folding and canonical equivalence.
    @Test func leavesOtherTextToFoundation() {
        #expect(!CreditSearch.isPrintableASCII("Ana Lúa FEAT. Noor"))
        #expect(!CreditSearch.isPrintableASCII("Mira\tSol"))
        #expect(CreditSearch.isPrintableASCII("Mira Sol ~ Noor"))
        let text = "Ana Lúa FEAT. Noor"
        #expect(offsets(CreditSearch.range(of: " feat. ", in: text, caseInsensitive: true), in: text)
            == offsets(text.range(of: " feat. ", options: .caseInsensitive), in: text))
        #expect(ArtistCredit("Ana Lúa FEAT. Noor & Bo").featured == ["Noor", "Bo"])
    }

    private func offsets(_ range: Range<String.Index>?, in text: String) -> [Int]? {
        range.map { [text.utf8.distance(from: text.startIndex, to: $0.lowerBound), text.utf8.distance(from: text.startIndex, to: $0.upperBound)] }
    }
}
