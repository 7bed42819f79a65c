import TodoCore

/// The `todo` command tree: every command, in the order `todo --help` lists them.
extension CommandLineTool {
    static var todo: CommandLineTool {
        CommandLineTool(
            abstract: "a task manager you can talk to.",
            version: ProductVersion.current,
            commands: [
                AddCommand.self, ParseCommand.self, ListCommand.self, ShowCommand.self, EditCommand.self, DoneCommand.self,
                ReopenCommand.self, RemoveCommand.self, TagsCommand.self, ExportCommand.self, ImportCommand.self, RegisterCommand.self, LoginCommand.self, LogoutCommand.self,
                PasswordCommand.self,
                MigrateCommand.self, ServeCommand.self, EventsCommand.self,
                ChatCommand.self, McpCommand.self, VersionCommand.self, HelpCommand.self,
            ],
            environmentVariables: [
                ("TODO_DATABASE_URL", "The database, when --db is not given."),
                ("DATABASE_URL", "The database, when neither --db nor TODO_DATABASE_URL is given."),
                ("TZ", "The local time zone: the default zone of new tasks and of \"today\" (one that names no IANA zone means UTC, with a warning)."),
                ("TODO_SERVER", "A todo server to work against instead of a database (see todo login)."),
                ("TODO_TOKEN", "The token for TODO_SERVER."),
                ("TODO_JWT_SECRET", "The key todo serve signs sessions with (at least 32 bytes)."),
                ("PORT", "The port of todo serve."),
                ("NO_COLOR", "Any value turns colours off."),
                ("TODO_NOW", "Pins the current time (RFC 3339), for tests and scripts."),
                ("TODO_EVENT_BUS", "Where todo serve relays events: embedded (default), kafka or dapr; todo events reads it too."),
                ("KAFKA_BROKERS", "With the kafka bus: host:port[,host:port…]; KAFKA_SECURITY_PROTOCOL and KAFKA_SASL_* as librdkafka takes them."),
                ("DAPR_HTTP_PORT", "With the dapr bus: the sidecar's HTTP port (default 3500); DAPR_PUBSUB_NAME names the pub/sub."),
                ("TODO_DATE_ORDER", "How 5/12 in a sentence is read: mdy (May 12) or dmy (5 December); default: the locale's region (LC_ALL, LC_TIME, LANG), else mdy."),
            ])
    }
}
