import CFFTW
import Foundation

/// FFTW's planner keeps global state: plan creation and destruction must be serialized
/// (executing a plan is thread-safe).
private let fftwPlannerLock = NSLock()

/// A forward and an inverse real FFT of one size with their own aligned buffers.
/// Planned with `FFTW_ESTIMATE` so the chosen algorithm, and hence every rounding,
/// is the same on every run and every thread (`FFTW_MEASURE` picks by timing).
public final class RealFFT {
    public let size: Int
    /// Time-domain samples: the forward transform's input and the inverse's output.
    public let real: UnsafeMutableBufferPointer<Float>
    /// `size / 2 + 1` complex bins as interleaved (re, im) pairs.
    public let spectrum: UnsafeMutableBufferPointer<Float>
    private let forwardPlan: fftwf_plan
    private let inversePlan: fftwf_plan

    public init(size: Int) {
        self.size = size
        let bins = size / 2 + 1
        real = UnsafeMutableBufferPointer(start: fftwf_alloc_real(size), count: size)
        spectrum = UnsafeMutableBufferPointer(start: fftwf_alloc_real(2 * bins), count: 2 * bins)
        real.initialize(repeating: 0)
        spectrum.initialize(repeating: 0)
        let complex = UnsafeMutableRawPointer(spectrum.baseAddress!).assumingMemoryBound(to: fftwf_complex.self)
        fftwPlannerLock.lock()
        defer { fftwPlannerLock.unlock() }
        let flags = UInt32(FFTW_ESTIMATE | FFTW_DESTROY_INPUT)
        forwardPlan = fftwf_plan_dft_r2c_1d(Int32(size), real.baseAddress, complex, flags)!
        inversePlan = fftwf_plan_dft_c2r_1d(Int32(size), complex, real.baseAddress, flags)!
    }

    deinit {
        fftwPlannerLock.lock()
        fftwf_destroy_plan(forwardPlan)
        fftwf_destroy_plan(inversePlan)
        fftwPlannerLock.unlock()
        fftwf_free(real.baseAddress)
        fftwf_free(spectrum.baseAddress)
    }

    /// The periodic Hann window librosa applies (`scipy.signal.get_window("hann", size, fftbins=True)`).
    public static func hannWindow(size: Int) -> [Float] {
        (0..<size).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(size))) }
    }

    /// `real` → `spectrum`, unnormalized like `numpy.fft.rfft`. Destroys `real`.
    public func forward() {
        fftwf_execute(forwardPlan)
    }

    /// `spectrum` → `real`, unnormalized (scaled by `size`). Destroys `spectrum`.
    func inverse() {
        fftwf_execute(inversePlan)
    }
}
