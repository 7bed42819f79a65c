// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "todo",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "todo", targets: ["todo"]),
    ],
    targets: [
        // C libraries from Debian packages, wrapped as-is (shims only).
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CPostgres", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CMicroHTTPD", pkgConfig: "libmicrohttpd", providers: [.apt(["libmicrohttpd-dev"])]),
        .systemLibrary(name: "CRdKafka", pkgConfig: "rdkafka", providers: [.apt(["librdkafka-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),

        // Pure domain: no I/O.
        .target(name: "TodoCore"),
        // Structured logging every module may import: levels, logfmt lines, the buffered writer.
        .target(name: "TodoLog"),
        .target(name: "TodoNet", dependencies: ["CCurl"]),
        .target(name: "TodoStore", dependencies: ["TodoCore", "TodoLog", "CSQLite", "CPostgres", "CCrypto"]),
        .target(name: "TodoEvents", dependencies: ["TodoCore", "TodoStore", "TodoLog", "TodoNet", "CRdKafka"]),
        .target(name: "TodoHTTP", dependencies: ["TodoLog", "CMicroHTTPD", "CCrypto"]),
        .target(name: "TodoChat", dependencies: ["TodoCore", "TodoStore", "TodoNet"]),
        // The web app's files are compiled in (`PackageResources.<name>_<ext>`): `todo` stays one file.
        .target(name: "TodoServices", dependencies: ["TodoCore", "TodoStore", "TodoLog", "TodoEvents", "TodoHTTP", "TodoChat", "TodoNet", "CCrypto", "CCurl"],
                resources: ["index.html", "app.css", "icon.svg", "app.js", "api.js", "dom.js", "dates.js", "auth.js", "tasks.js", "editor.js",
                            "quickadd.js", "chat.js", "live.js", "notifications.js"].map { .embedInCode("Web/Assets/\($0)") }),
        .executableTarget(name: "todo", dependencies: ["TodoCore", "TodoStore", "TodoLog", "TodoEvents", "TodoHTTP", "TodoServices", "TodoChat", "TodoNet"]),

        .executableTarget(name: "todo-bench-store", dependencies: ["TodoCore", "TodoStore"], path: "bench/Sources/StoreBench"),
        .executableTarget(name: "todo-bench-time", dependencies: ["TodoCore"], path: "bench/Sources/TimeBench"),
        .executableTarget(name: "todo-bench-log", dependencies: ["TodoLog"], path: "bench/Sources/LogBench"),
        .executableTarget(name: "todo-bench-events", dependencies: ["TodoCore", "TodoStore", "TodoEvents"], path: "bench/Sources/EventsBench"),
        .executableTarget(name: "todo-bench-audit", dependencies: ["TodoCore", "TodoStore", "TodoEvents", "TodoServices"], path: "bench/Sources/AuditBench"),
        // bench/http.sh's ceiling: libmicrohttpd alone, answering a fixed body.
        .executableTarget(name: "mhd-ceiling", dependencies: ["CMicroHTTPD"], path: "bench/Sources/MHDCeiling"),
        // bench/http.sh's open-loop client: requests at a fixed rate, latency from the scheduled send.
        .executableTarget(name: "todo-bench-open-loop", path: "bench/Sources/OpenLoop"),

        .testTarget(name: "TodoCoreTests", dependencies: ["TodoCore", "TodoTestSupport"]),
        .testTarget(name: "TodoNetTests", dependencies: ["TodoNet"]),
        .testTarget(name: "TodoStoreTests", dependencies: ["TodoCore", "TodoStore", "TodoTestSupport"]),
        .testTarget(name: "TodoChatTests", dependencies: ["TodoChat", "TodoCore", "TodoStore", "TodoTestSupport"]),
        .testTarget(name: "TodoServicesTests", dependencies: ["TodoCore", "TodoServices", "TodoStore", "TodoEvents", "TodoTestSupport"]),
        // The HTTP layer on its own: the router called directly, the server over raw sockets.
        .testTarget(name: "TodoLogTests", dependencies: ["TodoLog", "TodoTestSupport", "todo-log-crash-probe"]),
        .testTarget(name: "TodoHTTPTests", dependencies: ["TodoHTTP", "TodoLog", "TodoTestSupport"]),
        .testTarget(name: "TodoEventsTests", dependencies: ["TodoCore", "TodoStore", "TodoLog", "TodoEvents", "TodoServices", "TodoHTTP", "TodoTestSupport"]),
        // Depends on the `todo` executable so that `swift test` builds the binary it drives.
        .testTarget(name: "TodoCLITests", dependencies: ["TodoCore", "TodoStore", "TodoTestSupport", "CSQLite", "todo"]),
        .testTarget(name: "TodoAPITests", dependencies: ["TodoCore", "TodoStore", "TodoEvents", "TodoServices", "TodoTestSupport", "todo"]),
        // deploy/: the chart, manifests and Dockerfile through helm, kubernetes-validate, checkov,
        // yamllint and hadolint; depends on `todo` to check the chart's flags against the binary.
        .testTarget(name: "TodoDeployTests", dependencies: ["TodoTestSupport", "todo"]),

        // Logs lines and then crashes as told, for TodoLogTests' fatal-signal flush.
        .executableTarget(name: "todo-log-crash-probe", dependencies: ["TodoLog"], path: "Tests/LogCrashProbe"),
        // What the end-to-end suites share: the binary, a raw HTTP client, test databases.
        .target(name: "TodoTestSupport", dependencies: ["TodoStore"], path: "Tests/TodoTestSupport"),
    ]
)
