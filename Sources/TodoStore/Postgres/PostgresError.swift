import Foundation
import CPostgres

/// How libpq failures become `DatabaseError`s: the kind follows the SQLSTATE class.
enum PostgresError {
    // PG_DIAG_SQLSTATE and PG_DIAG_MESSAGE_PRIMARY: character macros Swift does not import.
    private static let sqlStateField = Int32(UInt8(ascii: "C"))
    private static let primaryMessageField = Int32(UInt8(ascii: "M"))

    /// The error a failed result (or, with no result, the connection) reports.
    static func from(result: OpaquePointer?, connection: OpaquePointer, sql: String?) -> DatabaseError {
        let connectionLost = PQstatus(connection) == CONNECTION_BAD
        var code = ""
        var message = ""
        if let result {
            code = field(result, sqlStateField) ?? ""
            message = field(result, primaryMessageField) ?? oneLine(PQresultErrorMessage(result))
        }
        if message.isEmpty { message = oneLine(PQerrorMessage(connection)) }
        if message.isEmpty { message = "libpq reported a failure without a message" }
        if code.isEmpty { code = connectionLost ? "08006" : "libpq" }
        let kind: DatabaseError.Kind = connectionLost ? .connection : kind(sqlState: code)
        return DatabaseError(kind: kind, code: code, message: message, sql: sql)
    }

    /// The kind of failure a SQLSTATE names (PostgreSQL manual, appendix A).
    static func kind(sqlState code: String) -> DatabaseError.Kind {
        switch code {
        case "23505": .uniqueViolation
        case "40001", "40P01": .retryable
        case _ where code.hasPrefix("23"): .constraintViolation
        // Connection exceptions, and the server shutting down or still starting up.
        case _ where code.hasPrefix("08"), "57P01", "57P02", "57P03": .connection
        default: .other
        }
    }

    /// libpq's (often multi-line) message as one line, whitespace collapsed.
    static func oneLine(_ text: UnsafePointer<CChar>?) -> String {
        guard let text else { return "" }
        return oneLine(String(cString: text))
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: "; ")
    }

    private static func field(_ result: OpaquePointer, _ code: Int32) -> String? {
        guard let value = PQresultErrorField(result, code) else { return nil }
        return String(cString: value)
    }
}
