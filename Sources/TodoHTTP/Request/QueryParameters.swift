/// The decoded `name=value` pairs of a request's query string, in order; a name may repeat
/// (`?tag=a&tag=b`).
public struct QueryParameters: Sendable, Sequence {
    public private(set) var items: [HTTPField]

    public init(_ items: [HTTPField] = []) { self.items = items }

    /// The first value of `name`, nil when absent.
    public subscript(name: String) -> String? {
        items.first { $0.name == name }?.value
    }

    /// Every value of `name`, in order.
    public func all(_ name: String) -> [String] {
        items.compactMap { $0.name == name ? $0.value : nil }
    }

    public var isEmpty: Bool { items.isEmpty }

    public func makeIterator() -> IndexingIterator<[HTTPField]> { items.makeIterator() }
}
