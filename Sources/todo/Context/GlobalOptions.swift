/// Options every command accepts, before or after the command name.
struct GlobalOptions: ParsableArguments {
    @Option(name: "db", valueName: "url", help: """
        The database: sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DB. Without it: \
        $TODO_DATABASE_URL, then $DATABASE_URL, then sqlite:$XDG_DATA_HOME/todo/todo.db \
        (~/.local/share/todo/todo.db).
        """)
    var database: String?

    @Option(valueName: "url", help: """
        Work against a todo server's API instead of a database, e.g. http://127.0.0.1:8080. \
        Without it: $TODO_SERVER, then the server of `todo login`.
        """)
    var server: String?

    @Option(valueName: "token", help: "The server's access token or session (default: $TODO_TOKEN, then the one `todo login` saved).")
    var token: String?
}
