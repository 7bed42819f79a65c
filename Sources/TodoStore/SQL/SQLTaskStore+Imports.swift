import Foundation
import TodoCore

/// What imports last said about the tasks they made (`ImportRepository`).
extension SQLTaskStore {
    func importRecords(userID: UUID, taskIDs: [UUID]?) throws -> [UUID: ImportRecord] {
        try read { db in
            var records: [UUID: ImportRecord] = [:]
            let collect = { (row: any SQLRow) in
                guard let id = row.uuid(0) else { return }
                records[id] = ImportRecord(taskID: id, sourceUID: row.optionalText(1), fingerprint: row.text(2),
                                           importedAt: Timestamp.date(milliseconds: row.int64(3)))
            }
            let select = "SELECT task_id, source_uid, fingerprint, imported_at FROM imported_items WHERE user_id = ?"
            guard let taskIDs else {
                try db.query(select, [.text(userID.lowercasedString)], row: collect)
                return records
            }
            // In slices, so that no statement carries more parameters than the engines take.
            for start in stride(from: 0, to: taskIDs.count, by: 500) {
                let slice = taskIDs[start..<min(start + 500, taskIDs.count)]
                let marks = Array(repeating: "?", count: slice.count).joined(separator: ", ")
                try db.query(select + " AND task_id IN (\(marks))", [.text(userID.lowercasedString)] + slice.map { .text($0.lowercasedString) }, row: collect)
            }
            return records
        }
    }

    func recordImports(_ records: [ImportRecord], userID: UUID) throws {
        guard !records.isEmpty else { return }
        try write { db in
            for record in records {
                try db.execute("""
                    INSERT INTO imported_items (task_id, user_id, source_uid, fingerprint, imported_at)
                    SELECT id, user_id, CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT) FROM tasks WHERE id = ? AND user_id = ?
                    ON CONFLICT (task_id) DO UPDATE SET source_uid = excluded.source_uid, fingerprint = excluded.fingerprint,
                        imported_at = excluded.imported_at
                    """, [.optionalText(record.sourceUID), .text(record.fingerprint), .integer(Timestamp.milliseconds(record.importedAt)),
                          .text(record.taskID.lowercasedString), .text(userID.lowercasedString)])
            }
        }
    }
}
