/// A buffer that several workers write at disjoint positions, handed to `concurrentPerform`.
struct SharedBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>?

    init(_ buffer: UnsafeMutableBufferPointer<Element>) {
        base = buffer.baseAddress
    }

    subscript(index: Int) -> Element {
        get { base![index] }
        nonmutating set { base![index] = newValue }
    }
}
