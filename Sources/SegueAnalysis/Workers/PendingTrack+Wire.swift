/// A job as the supervisor sends it to a worker.
extension PendingTrack {
    enum WireField: UInt16 {
        case id = 1, path, durationMilliseconds, cause
    }

    var wire: WireWriter {
        var message = WireWriter()
        message.add(WireField.id, id)
        message.add(WireField.path, path)
        if let durationMilliseconds { message.add(WireField.durationMilliseconds, Int64(durationMilliseconds)) }
        message.add(WireField.cause, cause.rawValue)
        return message
    }

    init(wire: WireReader) throws(WireError) {
        let cause = try wire.string(WireField.cause)
        guard let known = Cause(rawValue: cause) else { throw .malformed("unknown cause '\(cause)'") }
        self.init(id: try wire.int(WireField.id), path: try wire.string(WireField.path),
                  durationMilliseconds: try wire.optionalInt(WireField.durationMilliseconds).map { Int($0) }, cause: known)
    }
}
