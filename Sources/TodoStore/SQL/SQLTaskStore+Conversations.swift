import Foundation
import TodoCore

/// Chat conversations and their messages (`ConversationRepository`).
extension SQLTaskStore {
    private static let conversationColumns = "id, title, state, created_at, updated_at"

    private static func decodeConversation(_ row: any SQLRow) throws -> Conversation {
        guard let id = row.uuid(0) else { throw DatabaseError(kind: .corrupt, code: "corrupt", message: "a conversation id is not a UUID") }
        return Conversation(id: id, title: row.text(1), state: row.text(2),
                            createdAt: Timestamp.date(milliseconds: row.int64(3)), updatedAt: Timestamp.date(milliseconds: row.int64(4)))
    }

    func conversation(id: UUID, userID: UUID) throws -> Conversation? {
        try read { db in
            var found: Conversation?
            try db.query("SELECT \(Self.conversationColumns) FROM conversations WHERE id = ? AND user_id = ?",
                         [.text(id.lowercasedString), .text(userID.lowercasedString)]) { found = try Self.decodeConversation($0) }
            return found
        }
    }

    func conversations(userID: UUID, limit: Int) throws -> [Conversation] {
        try read { db in
            var found: [Conversation] = []
            try db.query("SELECT \(Self.conversationColumns) FROM conversations WHERE user_id = ? ORDER BY updated_at DESC, id DESC LIMIT ?",
                         [.text(userID.lowercasedString), .int(limit)]) { found.append(try Self.decodeConversation($0)) }
            return found
        }
    }

    func messages(conversationID: UUID, userID: UUID, last: Int?) throws -> [ConversationMessage]? {
        try read { db in
            guard try db.scalarInt("SELECT 1 FROM conversations WHERE id = ? AND user_id = ?",
                                   [.text(conversationID.lowercasedString), .text(userID.lowercasedString)]) != nil else { return nil }
            var messages: [ConversationMessage] = []
            // The last ones, newest first, then turned around: a long conversation is not read whole.
            var arguments: [SQLValue] = [.text(conversationID.lowercasedString)]
            if let last { arguments.append(.int(max(0, last))) }
            try db.query("SELECT role, content, actions, created_at FROM conversation_messages WHERE conversation_id = ? ORDER BY position DESC"
                         + (last == nil ? "" : " LIMIT ?"), arguments) { row in
                messages.append(ConversationMessage(role: ConversationMessage.Role(rawValue: row.text(0)) ?? .assistant, content: row.text(1),
                                                    actionsJSON: row.text(2), createdAt: Timestamp.date(milliseconds: row.int64(3))))
            }
            return messages.reversed()
        }
    }

    func recordTurn(_ turn: ConversationTurn, conversationID: UUID, userID: UUID, now: Date) throws {
        try recordTurns([RecordedTurn(turn, conversationID: conversationID, userID: userID, now: now)])
    }

    func recordTurns(_ turns: [RecordedTurn]) throws {
        guard !turns.isEmpty else { return }
        try write { db in
            for recorded in turns {
                try Self.record(recorded.turn, conversationID: recorded.conversationID, userID: recorded.userID, now: recorded.now, db)
            }
        }
    }

    private static func record(_ turn: ConversationTurn, conversationID: UUID, userID: UUID, now: Date, _ db: any SQLConnection) throws {
        let id = SQLValue.text(conversationID.lowercasedString), user = SQLValue.text(userID.lowercasedString)
        let at = SQLValue.integer(Timestamp.milliseconds(now))
        let updated = try db.execute("UPDATE conversations SET state = ?, updated_at = ? WHERE id = ? AND user_id = ?",
                                     [.text(turn.state), at, id, user])
        if updated == 0 {
            let title = String(turn.userMessage.trimmingWhitespace().prefix(Conversation.maxTitleLength))
            try db.executeDeferred("INSERT INTO conversations (id, user_id, title, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                                   [id, user, .text(title), .text(turn.state), at, at])
        }
        let insert = "INSERT INTO conversation_messages (conversation_id, role, content, actions, created_at) VALUES (?, ?, ?, ?, ?)"
        try db.executeDeferred(insert, [id, .text(ConversationMessage.Role.user.rawValue), .text(turn.userMessage), .text("[]"), at])
        try db.executeDeferred(insert, [id, .text(ConversationMessage.Role.assistant.rawValue), .text(turn.reply), .text(turn.actionsJSON), at])
    }

    func deleteConversation(id: UUID, userID: UUID) throws -> Bool {
        try write { db in
            let deleted = try db.execute("DELETE FROM conversations WHERE id = ? AND user_id = ?",
                                         [.text(id.lowercasedString), .text(userID.lowercasedString)])
            guard deleted == 1 else { return false }
            try db.execute("DELETE FROM conversation_messages WHERE conversation_id = ?", [.text(id.lowercasedString)])
            return true
        }
    }
}
