import SegueHTTP

extension ServiceHost {
    /// `fetch`, its failures told as the genre stage's errors.
    func get<T>(_ url: String, parse: (HTTPResponse) throws(ResponseProblem) -> T) throws(GenresError) -> T {
        do {
            return try fetch(url, parse: parse)
        } catch {
            throw GenresError(error)
        }
    }
}
