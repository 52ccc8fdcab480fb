import COpenBLAS
import Testing

/// Every product runs on the calling thread from the program's start: the pool of threads
/// OpenBLAS starts at load, spinning for a tenth of a second, is stopped before anything runs.
@Suite("OpenBLAS on the calling thread")
struct OpenBLASThreadTests {
    @Test("the program starts with OpenBLAS on one thread, before any product")
    func oneThreadFromTheStart() {
        #expect(openblas_get_num_threads() == 1)
    }
}
