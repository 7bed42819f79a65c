/// The schema, as the ordered list of migrations for both dialects.
///
/// Instants are BIGINT milliseconds since the epoch in both dialects, so one SQL text serves
/// both stores and every value round-trips exactly (docs/decisions.md).
///
/// Every index costs each write transaction a page: there are indexes for lookups by id and
/// number, for tags, and for the sorts by due date, priority and update (creation order is
/// number order); sorting by title sorts the filtered rows.
/// SQLite's full-text index is brought up to date in batches from `search_queue` rather than
/// in every write, by a background thread (see `SearchIndexer`).
enum Schema {
    static let migrator = Migrator([v1, v2, sessions, priorityThenDue, searchScopedByOwner, auditLog,
                                    reminderFiringsAndNotifications, webhooksAndDeliveries, emailDeliveries, liveMessages,
                                    chatConversations, auditEntriesUniqueByEvent, postgresSearchAsSQLite, importedItems, eventBus])

    static let v1 = Migration(
        "v1 users, tokens, tasks, outbox",
        sqlite: """
            CREATE TABLE users (
                id TEXT PRIMARY KEY,
                email TEXT NOT NULL,
                email_key TEXT NOT NULL UNIQUE,
                name TEXT,
                password_hash TEXT,
                next_task_number INTEGER NOT NULL DEFAULT 1,
                next_event_sequence INTEGER NOT NULL DEFAULT 1,
                created_at INTEGER NOT NULL
            );
            CREATE TABLE access_tokens (
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,
                created_at INTEGER NOT NULL,
                last_used_at INTEGER
            );
            CREATE INDEX access_tokens_by_user ON access_tokens (user_id);
            CREATE TABLE tasks (
                id TEXT NOT NULL UNIQUE,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                number INTEGER NOT NULL,
                title TEXT NOT NULL,
                title_key TEXT NOT NULL,
                description TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('pending', 'completed')),
                priority INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 3),
                tags TEXT NOT NULL,
                due_at INTEGER,
                due_key INTEGER NOT NULL,
                all_day INTEGER NOT NULL,
                timezone TEXT NOT NULL,
                recurrence TEXT,
                recurrence_from TEXT NOT NULL,
                series_id TEXT,
                reminders TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                completed_at INTEGER,
                version INTEGER NOT NULL,
                UNIQUE (user_id, number)
            );
            CREATE INDEX tasks_by_due ON tasks (user_id, status, due_key, number);
            CREATE INDEX tasks_by_priority ON tasks (user_id, status, priority, number);
            CREATE INDEX tasks_by_updated ON tasks (user_id, status, updated_at, number);
            CREATE TABLE task_tags (
                user_id TEXT NOT NULL,
                tag TEXT NOT NULL,
                task_id TEXT NOT NULL,
                PRIMARY KEY (user_id, tag, task_id)
            ) WITHOUT ROWID;
            CREATE VIRTUAL TABLE tasks_fts USING fts5(title, description, tags, owner, tokenize = 'unicode61 remove_diacritics 0');
            CREATE TABLE search_queue (task_rowid INTEGER PRIMARY KEY);
            CREATE TRIGGER tasks_search_insert AFTER INSERT ON tasks BEGIN
                INSERT OR IGNORE INTO search_queue (task_rowid) VALUES (new.rowid);
            END;
            CREATE TRIGGER tasks_search_update AFTER UPDATE OF title, description, tags ON tasks BEGIN
                INSERT OR IGNORE INTO search_queue (task_rowid) VALUES (new.rowid);
            END;
            CREATE TRIGGER tasks_search_delete AFTER DELETE ON tasks BEGIN
                INSERT OR IGNORE INTO search_queue (task_rowid) VALUES (old.rowid);
            END;
            CREATE TABLE outbox (
                position INTEGER PRIMARY KEY AUTOINCREMENT,
                event_id TEXT NOT NULL,
                user_id TEXT NOT NULL,
                sequence INTEGER NOT NULL,
                type TEXT NOT NULL,
                subject TEXT NOT NULL,
                occurred_at INTEGER NOT NULL,
                data TEXT NOT NULL
            );
            """,
        postgres: """
            CREATE TABLE users (
                id UUID PRIMARY KEY,
                email TEXT NOT NULL,
                email_key TEXT NOT NULL UNIQUE,
                name TEXT,
                password_hash TEXT,
                next_task_number BIGINT NOT NULL DEFAULT 1,
                next_event_sequence BIGINT NOT NULL DEFAULT 1,
                created_at BIGINT NOT NULL
            );
            CREATE TABLE access_tokens (
                id UUID PRIMARY KEY,
                user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL,
                last_used_at BIGINT
            );
            CREATE INDEX access_tokens_by_user ON access_tokens (user_id);
            CREATE TABLE tasks (
                id UUID PRIMARY KEY,
                user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                number BIGINT NOT NULL,
                title TEXT NOT NULL,
                title_key TEXT COLLATE "C" NOT NULL,
                description TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('pending', 'completed')),
                priority SMALLINT NOT NULL CHECK (priority BETWEEN 0 AND 3),
                tags TEXT NOT NULL,
                due_at BIGINT,
                due_key BIGINT NOT NULL,
                all_day BOOLEAN NOT NULL,
                timezone TEXT NOT NULL,
                recurrence TEXT,
                recurrence_from TEXT NOT NULL,
                series_id UUID,
                reminders TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                completed_at BIGINT,
                version BIGINT NOT NULL,
                search TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || description || ' ' || tags)) STORED,
                UNIQUE (user_id, number)
            );
            CREATE INDEX tasks_by_due ON tasks (user_id, status, due_key, number);
            CREATE INDEX tasks_by_priority ON tasks (user_id, status, priority, number);
            CREATE INDEX tasks_by_updated ON tasks (user_id, status, updated_at, number);
            CREATE INDEX tasks_search ON tasks USING GIN (search);
            CREATE TABLE task_tags (
                user_id UUID NOT NULL,
                tag TEXT NOT NULL,
                task_id UUID NOT NULL,
                PRIMARY KEY (user_id, tag, task_id)
            );
            CREATE TABLE outbox (
                position BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                event_id UUID NOT NULL,
                user_id UUID NOT NULL,
                sequence BIGINT NOT NULL,
                type TEXT NOT NULL,
                subject TEXT NOT NULL,
                occurred_at BIGINT NOT NULL,
                data TEXT NOT NULL
            );
            """
    )

    /// The event backbone (issue 6): the embedded bus's log, consumer positions, the relay's
    /// lease, the ids idempotent consumers have applied, and dead letters.
    static let v2 = Migration(
        "v2 event log, consumer offsets, relay lease, processed events, dead letters",
        sqlite: """
            CREATE TABLE event_log (
                position INTEGER PRIMARY KEY AUTOINCREMENT,
                topic TEXT NOT NULL,
                key TEXT NOT NULL,
                event_id TEXT NOT NULL,
                type TEXT NOT NULL,
                payload TEXT NOT NULL,
                appended_at INTEGER NOT NULL
            );
            CREATE INDEX event_log_by_topic ON event_log (topic, position);
            CREATE TABLE consumer_offsets (
                consumer_group TEXT NOT NULL,
                topic TEXT NOT NULL,
                position INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (consumer_group, topic)
            );
            CREATE TABLE relay_leases (
                name TEXT PRIMARY KEY,
                owner TEXT NOT NULL,
                expires_at INTEGER NOT NULL,
                acquired_at INTEGER NOT NULL
            );
            CREATE TABLE processed_events (
                consumer_group TEXT NOT NULL,
                event_id TEXT NOT NULL,
                processed_at INTEGER NOT NULL,
                PRIMARY KEY (consumer_group, event_id)
            ) WITHOUT ROWID;
            CREATE TABLE dead_letters (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                consumer_group TEXT NOT NULL,
                topic TEXT NOT NULL,
                event_id TEXT NOT NULL,
                error TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                payload TEXT NOT NULL,
                failed_at INTEGER NOT NULL
            );
            """,
        postgres: """
            CREATE TABLE event_log (
                position BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                topic TEXT NOT NULL,
                key TEXT NOT NULL,
                event_id TEXT NOT NULL,
                type TEXT NOT NULL,
                payload TEXT NOT NULL,
                appended_at BIGINT NOT NULL
            );
            CREATE INDEX event_log_by_topic ON event_log (topic, position);
            CREATE TABLE consumer_offsets (
                consumer_group TEXT NOT NULL,
                topic TEXT NOT NULL,
                position BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (consumer_group, topic)
            );
            CREATE TABLE relay_leases (
                name TEXT PRIMARY KEY,
                owner TEXT NOT NULL,
                expires_at BIGINT NOT NULL,
                acquired_at BIGINT NOT NULL
            );
            CREATE TABLE processed_events (
                consumer_group TEXT NOT NULL,
                event_id TEXT NOT NULL,
                processed_at BIGINT NOT NULL,
                PRIMARY KEY (consumer_group, event_id)
            );
            CREATE TABLE dead_letters (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                consumer_group TEXT NOT NULL,
                topic TEXT NOT NULL,
                event_id TEXT NOT NULL,
                error TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                payload TEXT NOT NULL,
                failed_at BIGINT NOT NULL
            );
            """
    )

    /// Login sessions, so that logout and a password change end them before they expire: a
    /// session token names its row (`sid`), and a token whose row is gone is refused.
    static let sessions = Migration(
        "sessions: revocable login sessions",
        sqlite: """
            CREATE TABLE sessions (
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL
            );
            CREATE INDEX sessions_by_user ON sessions (user_id);
            """,
        postgres: """
            CREATE TABLE sessions (
                id UUID PRIMARY KEY,
                user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL
            );
            CREATE INDEX sessions_by_user ON sessions (user_id);
            """
    )

    /// Listing by priority orders by priority, then due date (`TaskSort.priorityKey`): an index
    /// on that key replaces the one on priority alone, so a create still writes as many pages.
    /// The expression must stay the one `TaskListing` sorts by, for the engines to use it.
    static let priorityThenDue = Migration(
        "tasks: index for listing by priority then due date",
        sqlite: """
            DROP INDEX tasks_by_priority;
            CREATE INDEX tasks_by_priority_then_due
                ON tasks (user_id, status, (priority * 562949953421312 + (281474976710656 - due_key)) DESC, number);
            """,
        postgres: """
            DROP INDEX tasks_by_priority;
            CREATE INDEX tasks_by_priority_then_due
                ON tasks (user_id, status, (priority * 562949953421312 + (281474976710656 - due_key)) DESC, number);
            """
    )

    /// SQLite's full-text index rebuilt with `OwnerTokenizer`, so a search reads only its
    /// user's entries (issue 11 §4.6). Every task is queued, and `SearchIndexer` fills the new
    /// index in the background; searches match the queued tasks directly meanwhile. No sizes
    /// per column (`columnsize=0`): `task_rank` needs none. PostgreSQL's search is unchanged.
    static let searchScopedByOwner = Migration(
        "search index scoped to each user, filled in the background",
        sqlite: """
            DROP TABLE tasks_fts;
            CREATE VIRTUAL TABLE tasks_fts USING fts5(title, description, tags, columnsize = 0,
                tokenize = 'task_owner unicode61 remove_diacritics 0');
            INSERT OR IGNORE INTO search_queue (task_rowid) SELECT rowid FROM tasks;
            """,
        postgres: "SELECT 1"
    )

    /// The audit-log service's trail (issue 13 item 3): each user's hash-chained entries, keyed
    /// by (user, seq) so a verify reads one user's chain in order, with an index for one task's
    /// trail; and each chain's head, written with every append, so that a removed or added
    /// last entry is noticed. No foreign keys: the log outlives what it describes.
    static let auditLog = Migration(
        "audit log: hash-chained entries per user and chain heads",
        sqlite: """
            CREATE TABLE audit_entries (
                user_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                task_id TEXT NOT NULL,
                action TEXT NOT NULL,
                at INTEGER NOT NULL,
                actor TEXT NOT NULL,
                changes TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL,
                event_id TEXT NOT NULL,
                event_sequence INTEGER NOT NULL,
                PRIMARY KEY (user_id, seq)
            ) WITHOUT ROWID;
            CREATE INDEX audit_entries_by_task ON audit_entries (user_id, task_id, seq);
            CREATE TABLE audit_heads (
                user_id TEXT PRIMARY KEY,
                seq INTEGER NOT NULL,
                hash TEXT NOT NULL,
                event_sequence INTEGER NOT NULL
            ) WITHOUT ROWID;
            """,
        postgres: """
            CREATE TABLE audit_entries (
                user_id UUID NOT NULL,
                seq BIGINT NOT NULL,
                task_id UUID NOT NULL,
                action TEXT NOT NULL,
                at BIGINT NOT NULL,
                actor TEXT NOT NULL,
                changes TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL,
                event_id TEXT NOT NULL,
                event_sequence BIGINT NOT NULL,
                PRIMARY KEY (user_id, seq)
            );
            CREATE INDEX audit_entries_by_task ON audit_entries (user_id, task_id, seq);
            CREATE TABLE audit_heads (
                user_id UUID PRIMARY KEY,
                seq BIGINT NOT NULL,
                hash TEXT NOT NULL,
                event_sequence BIGINT NOT NULL
            );
            """
    )

    /// The notification service's tables: each reminder fired once, keyed by (task, instant),
    /// so a second scheduler or a redelivered event cannot fire it again; and the notifications
    /// a user lists, newest first by their time-ordered id. No foreign key to `tasks`: a
    /// firing outlives its task's deletion, so the reminder of a task deleted and restored
    /// with the same id does not fire twice.
    static let reminderFiringsAndNotifications = Migration(
        "notifications: reminder firings and in-app notifications",
        sqlite: """
            CREATE TABLE reminder_firings (
                task_id TEXT NOT NULL,
                due_at INTEGER NOT NULL,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                fired_at INTEGER NOT NULL,
                PRIMARY KEY (task_id, due_at)
            ) WITHOUT ROWID;
            CREATE TABLE notifications (
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                task_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                channel TEXT NOT NULL,
                due_at INTEGER NOT NULL,
                fired_at INTEGER NOT NULL,
                late INTEGER NOT NULL,
                read_at INTEGER
            );
            CREATE INDEX notifications_by_user ON notifications (user_id, id);
            """,
        postgres: """
            CREATE TABLE reminder_firings (
                task_id UUID NOT NULL,
                due_at BIGINT NOT NULL,
                user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                fired_at BIGINT NOT NULL,
                PRIMARY KEY (task_id, due_at)
            );
            CREATE TABLE notifications (
                id UUID PRIMARY KEY,
                user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                task_id UUID NOT NULL,
                kind TEXT NOT NULL,
                channel TEXT NOT NULL,
                due_at BIGINT NOT NULL,
                fired_at BIGINT NOT NULL,
                late BOOLEAN NOT NULL,
                read_at BIGINT
            );
            CREATE INDEX notifications_by_user ON notifications (user_id, id);
            """
    )

    /// The users' webhooks and the queue of their deliveries: one row per (webhook, event), so
    /// a redelivered event queues nothing twice; `next_attempt_at` is when the row is due (a
    /// deliverer claims a row by moving it forward), NULL once delivered or given up.
    static let webhooksAndDeliveries = Migration(
        "notifications: webhooks and their delivery queue",
        sqlite: """
            CREATE TABLE webhooks (
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                url TEXT NOT NULL,
                secret TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                consecutive_failures INTEGER NOT NULL DEFAULT 0,
                disabled_at INTEGER,
                disabled_reason TEXT,
                last_delivery_at INTEGER
            );
            CREATE INDEX webhooks_by_user ON webhooks (user_id);
            CREATE TABLE webhook_deliveries (
                id TEXT PRIMARY KEY,
                webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
                event_id TEXT NOT NULL,
                payload TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER,
                last_error TEXT,
                created_at INTEGER NOT NULL,
                UNIQUE (webhook_id, event_id)
            );
            CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at);
            """,
        postgres: """
            CREATE TABLE webhooks (
                id UUID PRIMARY KEY,
                user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                url TEXT NOT NULL,
                secret TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                consecutive_failures INTEGER NOT NULL DEFAULT 0,
                disabled_at BIGINT,
                disabled_reason TEXT,
                last_delivery_at BIGINT
            );
            CREATE INDEX webhooks_by_user ON webhooks (user_id);
            CREATE TABLE webhook_deliveries (
                id UUID PRIMARY KEY,
                webhook_id UUID NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
                event_id TEXT NOT NULL,
                payload TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at BIGINT,
                last_error TEXT,
                created_at BIGINT NOT NULL,
                UNIQUE (webhook_id, event_id)
            );
            CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at);
            """
    )

    /// Reminder emails waiting to be sent, one per (user, event): the message as rendered when
    /// the reminder was delivered, retried until the SMTP server takes it or attempts run out.
    static let emailDeliveries = Migration(
        "notifications: email delivery queue",
        sqlite: """
            CREATE TABLE email_deliveries (
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                event_id TEXT NOT NULL,
                recipient TEXT NOT NULL,
                message TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER,
                last_error TEXT,
                created_at INTEGER NOT NULL,
                UNIQUE (user_id, event_id)
            );
            CREATE INDEX email_deliveries_due ON email_deliveries (next_attempt_at);
            """,
        postgres: """
            CREATE TABLE email_deliveries (
                id UUID PRIMARY KEY,
                user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                event_id TEXT NOT NULL,
                recipient TEXT NOT NULL,
                message TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at BIGINT,
                last_error TEXT,
                created_at BIGINT NOT NULL,
                UNIQUE (user_id, event_id)
            );
            CREATE INDEX email_deliveries_due ON email_deliveries (next_attempt_at);
            """
    )

    /// The websocket service's history of each user's live messages (DESIGN §6.3), for clients
    /// that resume: keyed by (user, sequence) so a redelivered event inserts nothing, trimmed
    /// by age (docs/decisions.md). No foreign key: a message outlives nothing it points at.
    static let liveMessages = Migration(
        "live_messages: each user's live-update history for resuming clients",
        sqlite: """
            CREATE TABLE live_messages (
                user_id TEXT NOT NULL,
                sequence INTEGER NOT NULL,
                body TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                PRIMARY KEY (user_id, sequence)
            ) WITHOUT ROWID;
            CREATE INDEX live_messages_by_age ON live_messages (created_at);
            """,
        postgres: """
            CREATE TABLE live_messages (
                user_id UUID NOT NULL,
                sequence BIGINT NOT NULL,
                body TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (user_id, sequence)
            );
            CREATE INDEX live_messages_by_age ON live_messages (created_at);
            """
    )

    /// Chat conversations (issue 14): the agent's memory between turns is the conversation's
    /// `state` (a JSON text only TodoChat reads), so the chat endpoint itself keeps nothing.
    /// Self-contained: it only adds its own two tables.
    static let chatConversations = Migration(
        "chat: conversations with their messages and agent state",
        sqlite: """
            CREATE TABLE conversations (
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                title TEXT NOT NULL,
                state TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            );
            CREATE INDEX conversations_by_user ON conversations (user_id, updated_at);
            CREATE TABLE conversation_messages (
                position INTEGER PRIMARY KEY,
                conversation_id TEXT NOT NULL,
                role TEXT NOT NULL,
                content TEXT NOT NULL,
                actions TEXT NOT NULL,
                created_at INTEGER NOT NULL
            );
            CREATE INDEX conversation_messages_by_conversation ON conversation_messages (conversation_id, position);
            """,
        postgres: """
            CREATE TABLE conversations (
                id UUID PRIMARY KEY,
                user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                title TEXT NOT NULL,
                state TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            );
            CREATE INDEX conversations_by_user ON conversations (user_id, updated_at);
            CREATE TABLE conversation_messages (
                position BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                conversation_id UUID NOT NULL,
                role TEXT NOT NULL,
                content TEXT NOT NULL,
                actions TEXT NOT NULL,
                created_at BIGINT NOT NULL
            );
            CREATE INDEX conversation_messages_by_conversation ON conversation_messages (conversation_id, position);
            """
    )

    /// The audit-log service's idempotency: an event's entry is found by the event's id, and a
    /// second entry for one event is refused by the database (two members of the group applying
    /// one batch at once), instead of recording every id again in `processed_events`
    /// (docs/decisions.md, "The audit log's idempotency").
    /// PostgreSQL's search finds what SQLite's finds (an outside check). Its `simple` parser
    /// kept emails, host names, paths, dotted numbers and hyphenated words whole
    /// ("bob@example.com" was found by none of its words), where SQLite's tokenizer splits at
    /// every character that is no letter or digit: that punctuation is read as spaces here. A
    /// final sigma is folded into σ, as the query's words are (`TaskQuery.searchTerms`). And
    /// title, tags and description weigh as in SQLite's rank (A, B, C: title first).
    static let postgresSearchAsSQLite = Migration(
        "search: PostgreSQL splits words and weighs columns as SQLite does",
        sqlite: "SELECT 1",
        postgres: """
            ALTER TABLE tasks DROP COLUMN search;
            ALTER TABLE tasks ADD COLUMN search TSVECTOR GENERATED ALWAYS AS (
                setweight(to_tsvector('simple', translate(title, '@./:-_+=~\\|#%&?!,;()[]{}<>*^$"''ς', '                               σ')), 'A')
                || setweight(to_tsvector('simple', translate(tags, '@./:-_+=~\\|#%&?!,;()[]{}<>*^$"''ς', '                               σ')), 'B')
                || setweight(to_tsvector('simple', translate(description, '@./:-_+=~\\|#%&?!,;()[]{}<>*^$"''ς', '                               σ')), 'C')
            ) STORED;
            CREATE INDEX tasks_search ON tasks USING GIN (search);
            """
    )

    /// What an import last said about each task it made or updated (`ImportRepository`): the
    /// item's own id to give back on export, and its fingerprint, so that importing the same
    /// item again leaves the task's later changes alone. Gone with its task.
    static let importedItems = Migration(
        "imports: the source id and fingerprint of each imported task",
        sqlite: """
            CREATE TABLE imported_items (
                task_id TEXT PRIMARY KEY REFERENCES tasks(id) ON DELETE CASCADE,
                user_id TEXT NOT NULL,
                source_uid TEXT,
                fingerprint TEXT NOT NULL,
                imported_at INTEGER NOT NULL
            );
            CREATE INDEX imported_items_by_user ON imported_items (user_id);
            """,
        postgres: """
            CREATE TABLE imported_items (
                task_id UUID PRIMARY KEY REFERENCES tasks(id) ON DELETE CASCADE,
                user_id UUID NOT NULL,
                source_uid TEXT,
                fingerprint TEXT NOT NULL,
                imported_at BIGINT NOT NULL
            );
            CREATE INDEX imported_items_by_user ON imported_items (user_id);
            """
    )

    /// The bus this database's events go to, recorded by the first relay (`EventLogStore.claimEventBus`):
    /// a relay of another bus (a replica started with the default embedded bus beside a Kafka
    /// deployment) must not take the outbox's events where no consumer of the deployment reads.
    static let eventBus = Migration(
        "events: the bus a database's events go to",
        sqlite: "CREATE TABLE event_bus (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, recorded_at INTEGER NOT NULL);",
        postgres: "CREATE TABLE event_bus (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, recorded_at BIGINT NOT NULL);"
    )

    static let auditEntriesUniqueByEvent = Migration(
        "audit log: one entry per event id",
        sqlite: "CREATE UNIQUE INDEX audit_entries_by_event ON audit_entries (event_id);",
        postgres: "CREATE UNIQUE INDEX audit_entries_by_event ON audit_entries (event_id);"
    )
}
