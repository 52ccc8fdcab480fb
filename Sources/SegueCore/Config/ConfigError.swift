/// A configuration problem, reported as one line naming the file and the key at fault.
public enum ConfigError: SegueError {
    case fileNotFound(path: String)
    case unreadable(path: String, reason: String)
    case invalidYAML(path: String, reason: String)
    case unknownKey(path: String, key: String, suggestion: String?)
    case wrongType(path: String, key: String, expected: String, found: String)
    case invalidValue(path: String, key: String, reason: String)
    case missingEnvironment(path: String, key: String, variable: String)

    public var exitStatus: ExitStatus { .usage }

    public var message: String {
        switch self {
        case let .fileNotFound(path):
            "config file \(path) not found"
        case let .unreadable(path, reason):
            "cannot read config file \(path): \(reason)"
        case let .invalidYAML(path, reason):
            "\(path): not valid YAML: \(reason)"
        case let .unknownKey(path, key, suggestion):
            "\(path): unknown key '\(key)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case let .wrongType(path, key, expected, found):
            "\(path): key '\(key)' must be \(expected), found \(found)"
        case let .invalidValue(path, key, reason):
            "\(path): key '\(key)' \(reason)"
        case let .missingEnvironment(path, key, variable):
            "\(path): key '\(key)' refers to environment variable \(variable), which is not set"
        }
    }
}
