import TodoStore

/// `todo serve`: the HTTP server. For now it only checks that the configuration works.
struct ServeCommand: Command {
    static let configuration = CommandConfiguration(
        name: "serve",
        abstract: "Run the server (not implemented yet: checks the configuration only).",
        examples: ["todo serve --port 8080", "PORT=9000 todo serve --host 0.0.0.0"])

    static let defaultPort = 8080

    @Option(valueName: "n", help: "The port to listen on (default: $PORT, else \(ServeCommand.defaultPort)).")
    var port: Int?

    @Option(help: "The address to listen on; 0.0.0.0 for all interfaces.")
    var host: String = "127.0.0.1"

    func validate() throws(UsageError) {
        if let port, !(1...65_535).contains(port) { throw usageError("--port must be between 1 and 65535 (got \(port))") }
    }

    func run(_ context: CommandContext) throws {
        let port = try resolvedPort(context.environment)
        let setting = try context.databaseSetting()
        try context.withLocalStore { _, _ in }
        context.output.line(
            "todo serve: database \(setting.url.redacted); the HTTP server (http://\(host):\(port)) is not implemented yet")
    }

    private func resolvedPort(_ environment: [String: String]) throws(ConfigurationError) -> Int {
        if let port { return port }
        guard let text = environment["PORT"], !text.isEmpty else { return Self.defaultPort }
        guard let value = Int(text), (1...65_535).contains(value) else {
            throw .invalidSetting("PORT", reason: "\"\(text)\" is not a port number between 1 and 65535")
        }
        return value
    }
}
