/// The audit log lives in the task store's database: its entries are appended in the same
/// transaction as the consumer's record of the event (`IdempotentConsumer`).
extension SQLTaskStore: AuditRepository {
    var auditLog: AuditLogStore { AuditLogStore(database: database) }
}
