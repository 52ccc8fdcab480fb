/// A service's answer about one entity: what it knows, or that it does not know it.
/// Errors are not a `Lookup`: they are thrown, so they are never cached as "nothing".
public enum Lookup<Value: Sendable>: Sendable {
    case found(Value)
    case notFound

    public var value: Value? {
        if case let .found(value) = self { return value }
        return nil
    }
}
