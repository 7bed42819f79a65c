import CCrypto
import Foundation
import TodoCore

/// Why the session-signing key could not be had.
public struct JWTSecretError: Error, Sendable, CustomStringConvertible {
    public var description: String
    /// The key given in `TODO_JWT_SECRET` is unusable (rather than the key file).
    public var isInvalidSetting = false
}

/// The key sessions are signed with: `TODO_JWT_SECRET` when set (at least 32 bytes), else a
/// file of 32 random bytes (hex) made on first run, readable by its owner only.
public enum JWTSecret {
    public static let minimumLength = 32

    public static func resolve(environment value: String?, keyFile: URL) throws(JWTSecretError) -> [UInt8] {
        if let value {
            guard value.utf8.count >= minimumLength else {
                throw JWTSecretError(
                    description: "TODO_JWT_SECRET must be at least \(minimumLength) bytes (it has \(value.utf8.count)); generate one with: openssl rand -hex 32",
                    isInvalidSetting: true)
            }
            return Array(value.utf8)
        }
        if let existing = try read(keyFile) { return existing }
        try create(keyFile)
        guard let created = try read(keyFile) else { throw JWTSecretError(description: "cannot read back \(keyFile.path)") }
        return created
    }

    private static func read(_ file: URL) throws(JWTSecretError) -> [UInt8]? {
        var status = stat()
        guard stat(file.path, &status) == 0 else { return nil }
        guard status.st_mode & 0o077 == 0 else {
            throw JWTSecretError(description: "\(file.path) may be read by others; restrict it with: chmod 600 \(file.path)")
        }
        guard let data = FileManager.default.contents(atPath: file.path),
              let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
              text.count >= minimumLength * 2, text.count % 2 == 0 else {
            throw JWTSecretError(description: "\(file.path) does not hold a key (64 or more hex digits); remove it to make a new one")
        }
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else {
                throw JWTSecretError(description: "\(file.path) does not hold a hex key; remove it to make a new one")
            }
            bytes.append(byte)
            index = next
        }
        return bytes
    }

    /// Creates the file with mode 0600 from the start; when another process made it first,
    /// leaves theirs.
    private static func create(_ file: URL) throws(JWTSecretError) {
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        var key = [UInt8](repeating: 0, count: minimumLength)
        guard RAND_bytes(&key, Int32(key.count)) == 1 else { throw JWTSecretError(description: "the system's random generator failed") }
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor < 0 {
            if errno == EEXIST { return }
            throw JWTSecretError(description: "cannot create \(file.path): \(String(cString: strerror(errno)))")
        }
        let text = Array((Hex.encode(key) + "\n").utf8)
        let written = text.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        fsync(descriptor)
        close(descriptor)
        guard written == text.count else { throw JWTSecretError(description: "cannot write \(file.path)") }
    }
}
