/// A test's set-up did not go as planned (a reference run failed, a tool exited non-zero):
/// thrown with what happened, so the test fails saying so.
public struct SetupFailure: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
