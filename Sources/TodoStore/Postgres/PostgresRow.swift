import CPostgres
import Foundation

/// A row of a libpq result, read in place: values arrive as text and are parsed on demand.
///
/// Valid only while the result lives, that is inside the `query` row callback.
struct PostgresRow: SQLRow {
    let result: OpaquePointer
    let columnCount: Int32
    var index: Int32 = 0

    init(result: OpaquePointer) {
        self.result = result
        self.columnCount = PQnfields(result)
    }

    func isNull(_ column: Int) -> Bool {
        PQgetisnull(result, index, checked(column)) == 1
    }

    func int64(_ column: Int) -> Int64 {
        Self.parseInt64(bytes(column))
    }

    func double(_ column: Int) -> Double {
        strtod(PQgetvalue(result, index, checked(column)), nil)
    }

    func text(_ column: Int) -> String {
        let field = checked(column)
        let length = Int(PQgetlength(result, index, field))
        return String(decoding: UnsafeRawBufferPointer(start: PQgetvalue(result, index, field), count: length), as: UTF8.self)
    }

    func withUTF8<R>(_ column: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let field = checked(column)
        return try body(UnsafeBufferPointer(start: UnsafeRawPointer(PQgetvalue(result, index, field)).assumingMemoryBound(to: UInt8.self),
                                            count: Int(PQgetlength(result, index, field))))
    }

    func bool(_ column: Int) -> Bool {
        let value = bytes(column)
        switch value.pointee {
        case UInt8(ascii: "t"), UInt8(ascii: "T"): return true
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return Self.parseInt64(value) != 0
        default: return false
        }
    }

    private func checked(_ column: Int) -> Int32 {
        precondition(column >= 0 && column < Int(columnCount), "column \(column) is out of range: the query returns \(columnCount) columns")
        return Int32(column)
    }

    private func bytes(_ column: Int) -> UnsafePointer<UInt8> {
        UnsafeRawPointer(PQgetvalue(result, index, checked(column))).assumingMemoryBound(to: UInt8.self)
    }

    /// Parses the leading decimal integer of a NUL-terminated value without allocating;
    /// `t`/`f` (a boolean) read as 1/0. A NULL reads as 0.
    static func parseInt64(_ value: UnsafePointer<UInt8>) -> Int64 {
        var p = value
        switch p.pointee {
        case UInt8(ascii: "t"): return 1
        case UInt8(ascii: "f"): return 0
        default: break
        }
        let negative = p.pointee == UInt8(ascii: "-")
        if negative || p.pointee == UInt8(ascii: "+") { p += 1 }
        // Accumulate downwards so that Int64.min parses too.
        var total: Int64 = 0
        while case let digit = p.pointee &- UInt8(ascii: "0"), digit < 10 {
            total = total &* 10 &- Int64(digit)
            p += 1
        }
        return negative ? total : 0 &- total
    }
}
