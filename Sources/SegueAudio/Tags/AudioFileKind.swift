/// The audio file types Segue recognizes, by file extension.
public enum AudioFileKind: String, Sendable, CaseIterable {
    case mp3, flac, ogg, opus, mp4, wav, aiff, wma, ape, wavPack, musepack

    /// `nil` for an extension Segue does not treat as audio (cover.jpg, notes.txt, ...).
    public init?(fileExtension: String) {
        switch fileExtension.lowercased() {
        case "mp3": self = .mp3
        case "flac": self = .flac
        case "ogg", "oga": self = .ogg
        case "opus": self = .opus
        case "m4a", "mp4", "aac", "alac": self = .mp4
        case "wav": self = .wav
        case "aif", "aiff": self = .aiff
        case "wma": self = .wma
        case "ape": self = .ape
        case "wv": self = .wavPack
        case "mpc": self = .musepack
        default: return nil
        }
    }

    /// The kind of a file name, from the text after its last dot.
    public init?(fileName: String) {
        guard let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex else { return nil }
        self.init(fileExtension: String(fileName[fileName.index(after: dot)...]))
    }
}
