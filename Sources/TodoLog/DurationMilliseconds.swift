extension Duration {
    /// The duration in whole milliseconds, for the clocks that count in them (Dispatch, epoll).
    public var inMilliseconds: Int {
        Int(components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000)
    }
}
