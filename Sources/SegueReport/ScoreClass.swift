/// The CSS class of a transition score: smooth, fair or rough.
enum ScoreClass {
    static let smooth = 0.7
    static let fair = 0.4

    static func of(_ score: Double) -> String {
        score >= smooth ? "smooth" : (score >= fair ? "fair" : "rough")
    }
}
