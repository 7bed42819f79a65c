extension Array {
    /// The array in consecutive slices of at most `size` elements: statements that take one
    /// argument (or row) per element are sent in pieces that stay under the databases' limits
    /// (SQLite: 32 766 variables a statement; PostgreSQL: 65 535 parameters).
    func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
