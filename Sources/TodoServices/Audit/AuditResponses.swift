import TodoCore
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
