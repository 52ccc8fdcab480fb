import SegueCore

/// Why the MusiCNN weights cannot be used; `segue-analyze` stops before analysing anything.
public enum EmbeddingError: SegueError {
    case weightsMissing(directory: String)
    case unreadable(path: String, reason: String)
    case invalidWeights(path: String, reason: String)

    /// Missing weights are a set-up problem the user fixes (`make models`, or
    /// `analysis.embedding: none`); damaged ones are a failure.
    public var exitStatus: ExitStatus {
        switch self {
        case .weightsMissing: .usage
        case .unreadable, .invalidWeights: .failure
        }
    }

    public var message: String {
        switch self {
        case let .weightsMissing(directory):
            "MusiCNN weights not found in \(directory) (analysis.embedding_model_dir); run 'make models' to fetch them, "
                + "or set analysis.embedding: none"
        case let .unreadable(path, reason):
            "cannot read MusiCNN weights \(path): \(reason)"
        case let .invalidWeights(path, reason):
            "MusiCNN weights \(path): \(reason); run 'make models' to convert them again"
        }
    }
}
