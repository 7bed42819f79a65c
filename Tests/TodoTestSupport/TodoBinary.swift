import Foundation

/// The built `todo` executable: `$TODO_BINARY`, else next to the test bundle in the build
/// products directory (this target depends on `todo`, so `swift test` builds it there).
public enum TodoBinary {
    public static func url() throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["TODO_BINARY"], !path.isEmpty { return URL(fileURLWithPath: path) }
        let bundle = Bundle.main.bundleURL
        let candidates = [
            bundle.appendingPathComponent("todo"),
            // On macOS the bundle is `todoPackageTests.xctest`, a directory in the products directory.
            bundle.deletingLastPathComponent().appendingPathComponent("todo"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("todo"),
        ]
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
        }
        throw BinaryNotFound(searched: candidates.map(\.path))
    }

    public struct BinaryNotFound: Error, CustomStringConvertible {
        var searched: [String]
        public var description: String { "the todo binary is not built; looked at \(searched.joined(separator: ", ")); set TODO_BINARY" }
    }
}
