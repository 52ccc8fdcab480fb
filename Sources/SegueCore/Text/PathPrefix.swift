/// Paths compared and rewritten by leading folders, whole component by whole component, for
/// playlist entries (relative to a music folder, or on another device) and for players that
/// see the music under another mount.
public enum PathPrefix {
    /// The part of `path` below `folder` (`""` for the folder itself), nil when it is not below it.
    public static func remainder(of path: String, under folder: String) -> String? {
        let trimmed = folder.hasSuffix("/") && folder.count > 1 ? String(folder.dropLast()) : folder
        if path == trimmed { return "" }
        let prefix = trimmed == "/" ? "/" : trimmed + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil
    }

    /// `path` with its leading `from` replaced by `to` (which may be empty: a relative path),
    /// nil when it is not below `from`.
    public static func rewrite(_ path: String, from: String, to: String) -> String? {
        guard let rest = remainder(of: path, under: from) else { return nil }
        if to.isEmpty || rest.isEmpty { return to.isEmpty ? rest : to }
        return to.hasSuffix("/") ? to + rest : to + "/" + rest
    }
}
