import Foundation

/// The audit log (DESIGN §6.3): each user's hash-chained trail of task changes, written by the
/// audit-log service in the transaction that records the event as applied.
public protocol AuditRepository: Sendable {
    var auditLog: AuditLogStore { get }
}
