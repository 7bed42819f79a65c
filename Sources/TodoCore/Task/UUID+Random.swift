import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension UUID {
    /// A version 4 UUID from the C library's CSPRNG (`arc4random_buf`, seeded by the kernel).
    /// Foundation's `UUID()` on Linux opens /dev/urandom on every call, which costs more than
    /// the rest of a task insert.
    public static func random() -> UUID {
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &bytes) { arc4random_buf($0.baseAddress!, 16) }
        bytes.6 = (bytes.6 & 0x0F) | 0x40 // version 4
        bytes.8 = (bytes.8 & 0x3F) | 0x80 // RFC 4122 variant
        return UUID(uuid: bytes)
    }
}
