import Foundation

/// What an import last said about a task it made or updated (issue-free: DESIGN §6's import):
/// the item's identity in its source, to give back on export, and a fingerprint of its fields,
/// so that importing the same item again leaves the task's later changes alone.
public struct ImportRecord: Sendable, Hashable {
    public var taskID: UUID
    /// The item's id in its source when it has one to give back (an iCalendar UID).
    public var sourceUID: String?
    public var fingerprint: String
    public var importedAt: Date

    public init(taskID: UUID, sourceUID: String?, fingerprint: String, importedAt: Date) {
        self.taskID = taskID
        self.sourceUID = sourceUID
        self.fingerprint = fingerprint
        self.importedAt = importedAt
    }
}

public protocol ImportRepository: Sendable {
    /// The records of the user's tasks among `taskIDs`, by task id (nil: all of the user's).
    func importRecords(userID: UUID, taskIDs: [UUID]?) throws -> [UUID: ImportRecord]
    /// Writes (or replaces) each task's record; a record of a task that is not the user's is ignored.
    func recordImports(_ records: [ImportRecord], userID: UUID) throws
}
