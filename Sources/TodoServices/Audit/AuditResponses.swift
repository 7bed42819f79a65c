import TodoCore
import TodoHTTP
import TodoStore

/// A page of the trail: `{"entries": [...], "next_cursor"}`, `changes` written as the exact
/// canonical text that was hashed, so that a client can re-verify an entry (docs/audit.md).
struct AuditPageResponse: JSONResponse {
    let page: AuditPage

    var expectedSize: Int { 64 + page.entries.reduce(0) { $0 + 320 + $1.changesJSON.utf8.count } }

    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("entries")
        json.beginArray()
        for entry in page.entries {
            json.beginObject()
            json.key("seq")
            json.value(entry.seq)
            json.key("task_id")
            json.value(entry.taskID)
            json.key("action")
            json.value(entry.action)
            json.key("at")
            json.value(RFC3339.format(milliseconds: entry.atMilliseconds))
            json.key("actor")
            json.value(entry.actor)
            json.key("changes")
            json.raw(Array(entry.changesJSON.utf8))
            json.key("hash")
            json.value(entry.hash)
            json.key("prev_hash")
            json.value(entry.prevHash)
            json.endObject()
        }
        json.endArray()
        json.key("next_cursor")
        json.value(page.nextAfter.map(AuditTrailRequest.cursor(after:)))
        json.endObject()
    }
}

/// `{"intact", "checked", "first_bad_seq"}`.
struct AuditVerificationResponse: JSONResponse {
    let verification: AuditVerification

    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("intact")
        json.value(verification.intact)
        json.key("checked")
        json.value(verification.checked)
        json.key("first_bad_seq")
        if let seq = verification.firstBadSeq { json.value(seq) } else { json.null() }
        json.endObject()
    }
}

extension AuditPageResponse: SchemaDescribed {
    static let schemaName = "AuditPage"

    static var schema: JSONSchema {
        let hash = JSONSchema.string(pattern: "^[0-9a-f]{64}$")
        let entry = JSONSchema.object([
            .required("seq", JSONSchema.integer(minimum: 1).described("Position in the user's chain: 1, 2, 3... without gaps.")),
            .required("task_id", .string(format: "uuid")),
            .required("action", .enumeration(["created", "updated", "completed", "reopened", "deleted"])),
            .required("at", JSONSchema.string(format: "date-time").described("When the change happened (UTC).")),
            .required("actor", JSONSchema.string().described("Who made the change: the user's id.")),
            .required("changes", JSONSchema.object().described(
                "Changed fields as {\"field\": {\"from\", \"to\"}}; a create has every field from null, a delete every field to null. "
                    + "Written exactly as hashed.")),
            .required("hash", hash.described("SHA-256(prev_hash bytes || canonical entry), hex.")),
            .required("prev_hash", hash.described("The previous entry's hash; 64 zeros for the first.")),
        ])
        return .object([
            .required("entries", .array(of: entry)),
            .required("next_cursor", JSONSchema.string().nullable().described("Pass as cursor for the next page; null on the last.")),
        ])
    }
}

extension AuditVerificationResponse: SchemaDescribed {
    static let schemaName = "AuditVerification"

    static var schema: JSONSchema {
        .object([
            .required("intact", .boolean),
            .required("checked", JSONSchema.integer(minimum: 0).described("Entries read from the chain.")),
            .required("first_bad_seq", JSONSchema.integer(minimum: 1).nullable().described("The first seq edited, missing or added; null when intact.")),
        ])
    }
}
