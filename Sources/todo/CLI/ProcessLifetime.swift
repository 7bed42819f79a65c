/// Values kept alive until the process exits.
///
/// A command's last act is often to drop a large value (a listing of 10 000 tasks) just before
/// the process ends; freeing it object by object costs milliseconds that the kernel would
/// reclaim at once on exit. Only for values held until the very end of a command.
enum ProcessLifetime {
    private final class Holder<Value> {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    static func keepUntilExit<Value>(_ value: Value) {
        _ = Unmanaged.passRetained(Holder(value))
    }
}
