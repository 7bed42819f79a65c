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

        // Pure domain: no I/O.
        .target(name: "TodoCore"),
        .target(name: "TodoStore", dependencies: ["TodoCore", "CSQLite", "CPostgres", "CCrypto"]),
        .target(name: "TodoEvents", dependencies: ["TodoCore", "TodoStore"]),
        .target(name: "TodoHTTP"),
        .target(name: "TodoChat", dependencies: ["TodoCore", "TodoStore"]),
        .target(name: "TodoServices", dependencies: ["TodoCore", "TodoStore", "TodoEvents", "TodoHTTP", "TodoChat"]),
        .executableTarget(name: "todo", dependencies: ["TodoCore", "TodoStore", "TodoServices"]),

        .executableTarget(name: "todo-bench-store", dependencies: ["TodoCore", "TodoStore"], path: "bench/Sources/StoreBench"),

        .testTarget(name: "TodoCoreTests", dependencies: ["TodoCore"]),
        .testTarget(name: "TodoStoreTests", dependencies: ["TodoCore", "TodoStore"]),
        // Depends on the `todo` executable so that `swift test` builds the binary it drives.
        .testTarget(name: "TodoCLITests", dependencies: ["TodoCore", "TodoStore", "todo"]),
    ]
)
