/// Options every command accepts, before or after the command name.
struct GlobalOptions: ParsableArguments {
    @Option(name: "db", valueName: "url", help: """
        The database: sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DB. Without it: \
        $TODO_DATABASE_URL, then $DATABASE_URL, then sqlite:$XDG_DATA_HOME/todo/todo.db \
        (~/.local/share/todo/todo.db).
        """)
    var database: String?
}
