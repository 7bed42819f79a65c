import Foundation
import TodoCore

/// A value bound to a statement parameter.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case bool(Bool)

    public static func int(_ n: Int) -> SQLValue { .integer(Int64(n)) }

    public static func optionalText(_ s: String?) -> SQLValue { s.map(SQLValue.text) ?? .null }

    public static func optionalInteger(_ n: Int64?) -> SQLValue { n.map(SQLValue.integer) ?? .null }
}

/// The current row of a query, read by column index (0-based, in SELECT order).
///
/// Valid only inside the row callback: implementations read straight from the driver's buffers.
public protocol SQLRow {
    func isNull(_ column: Int) -> Bool
    func int64(_ column: Int) -> Int64
    func double(_ column: Int) -> Double
    func text(_ column: Int) -> String
    func bool(_ column: Int) -> Bool
    /// The column's text as a UUID, nil when it is not one.
    func uuid(_ column: Int) -> UUID?
    /// The column's text as UTF-8 bytes, in the driver's own buffer where it has one, valid
    /// inside `body` only: a long scan (the audit log's verify) reads it without a String.
    func withUTF8<R>(_ column: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R
}

extension SQLRow {
    public func uuid(_ column: Int) -> UUID? { UUID.parse(text(column)) }

    public func withUTF8<R>(_ column: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        var value = text(column)
        return try value.withUTF8(body)
    }

    public func int(_ column: Int) -> Int { Int(int64(column)) }
    public func optionalInt64(_ column: Int) -> Int64? { isNull(column) ? nil : int64(column) }
    public func optionalText(_ column: Int) -> String? { isNull(column) ? nil : text(column) }
}
