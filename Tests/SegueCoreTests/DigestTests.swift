import Testing
import SegueCore

/// SHA-256 through libcrypto gives the FIPS 180-2 test vectors, fed whole or in pieces.
@Suite struct DigestTests {
    @Test func knownAnswers() {
        var empty = SHA256Digest()
        empty.update([])
        #expect(empty.finalizeHex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        var abc = SHA256Digest()
        abc.update("abc")
        #expect(abc.finalizeHex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func piecesGiveTheDigestOfTheWhole() {
        let text = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        var pieces = SHA256Digest()
        for chunk in stride(from: 0, to: text.utf8.count, by: 7) {
            pieces.update(Array(text.utf8.dropFirst(chunk).prefix(7)))
        }
        #expect(pieces.finalizeHex() == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
