import Foundation
import Testing
import TodoTestSupport

/// One run of a deployment tool (helm, checkov, …): a real process with a deadline, its output
/// in temporary files (no pipe to fill up), killed when it outlives the deadline.
struct ToolRun: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
    /// Both outputs, for messages and for tools that report on either.
    var output: String { stdout + stderr }
}

enum DeployTool {
    /// The repository's root (this file is Tests/TodoDeployTests/DeployTool.swift).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let chart = repository.appendingPathComponent("deploy/helm/todo-chatbot").path

    /// A tool of the deploy venv (scripts/setup --test).
    static func path(_ name: String) -> String {
        TestComponent.deployVenv.appendingPathComponent("bin/\(name)").path
    }

    /// Runs `executable` in the repository's root; throws when it outlives `timeout`.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                    stdin: Data? = nil, timeout: Duration = .seconds(60)) throws -> ToolRun {
        let scratch = try TemporaryDirectory()
        let outURL = scratch.url.appendingPathComponent("stdout"), errURL = scratch.url.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = repository
        // A clean environment: no proxy, no user configuration of the tools; HOME is scratch.
        let base = ["PATH": "\(TestComponent.deployVenv.path)/bin:/usr/bin:/bin", "HOME": scratch.url.path, "LANG": "C.UTF-8"]
        process.environment = base.merging(environment) { _, given in given }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        if let stdin {
            let input = scratch.url.appendingPathComponent("stdin")
            try stdin.write(to: input)
            process.standardInput = try FileHandle(forReadingFrom: input)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                // SIGKILL: a process started from a Dispatch thread may have SIGTERM blocked.
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                throw TestClientError("\(executable) \(arguments.joined(separator: " ")) did not finish within \(timeout)")
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return ToolRun(status: process.terminationStatus,
                       stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                       stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }

    /// `helm template` of the chart with a variant's values file and `--set` pairs, as text.
    static func render(_ variant: ChartVariant = .defaults, set: [String] = []) throws -> String {
        let result = try run(path("helm"), ["template", "todo-chatbot", chart, "--namespace", "todo"] + variant.arguments + set.flatMap { ["--set", $0] })
        guard result.status == 0 else { throw TestClientError("helm template failed: \(result.output)") }
        return result.stdout
    }

    /// The rendered documents, parsed (YAML → JSON by the deploy venv's PyYAML).
    static func manifests(_ variant: ChartVariant = .defaults, set: [String] = []) throws -> [Manifest] {
        let yaml = try render(variant, set: set)
        let script = "import json, sys, yaml; print(json.dumps([d for d in yaml.safe_load_all(sys.stdin) if d]))"
        let result = try run(path("python"), ["-c", script], stdin: Data(yaml.utf8))
        guard result.status == 0, let documents = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] else {
            throw TestClientError("the rendered chart is not YAML: \(result.stderr)")
        }
        return documents.map(Manifest.init)
    }
}

/// The chart's values variants the tests render: deploy/helm/ci/NAME.yaml.
enum ChartVariant: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case defaults, kafkaSASL = "kafka-sasl", dapr, bundledPostgres = "bundled-postgres", ingressTLS = "ingress-tls", hpa, existingSecret = "existing-secret"

    var arguments: [String] { self == .defaults ? [] : ["-f", "deploy/helm/ci/\(rawValue).yaml"] }
    var testDescription: String { rawValue }
}

/// One rendered Kubernetes object, read through its JSON form.
struct Manifest: @unchecked Sendable {
    let object: [String: Any]
    init(_ object: [String: Any]) { self.object = object }

    var kind: String { object["kind"] as? String ?? "" }
    var metadata: [String: Any] { object["metadata"] as? [String: Any] ?? [:] }
    var name: String { metadata["name"] as? String ?? "" }
    var annotations: [String: String] { metadata["annotations"] as? [String: String] ?? [:] }
    var spec: [String: Any] { object["spec"] as? [String: Any] ?? [:] }
    var data: [String: String] { object["data"] as? [String: String] ?? [:] }

    /// The pod template of a Deployment, StatefulSet or Job (a Pod is its own).
    var podTemplate: [String: Any] { spec["template"] as? [String: Any] ?? [:] }
    var podAnnotations: [String: String] { (podTemplate["metadata"] as? [String: Any])?["annotations"] as? [String: String] ?? [:] }
    var podSpec: [String: Any] { kind == "Pod" ? spec : podTemplate["spec"] as? [String: Any] ?? [:] }
    var containers: [[String: Any]] { podSpec["containers"] as? [[String: Any]] ?? [] }
    var initContainers: [[String: Any]] { podSpec["initContainers"] as? [[String: Any]] ?? [] }
    /// A Helm hook's phases (`pre-install`, …), empty for an ordinary object.
    var hooks: Set<String> { Set((annotations["helm.sh/hook"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
    var hookWeight: Int { Int(annotations["helm.sh/hook-weight"] ?? "") ?? 0 }

    /// A value at a path of keys, e.g. `value("spec", "replicas")`.
    func value(_ path: String...) -> Any? {
        var current: Any? = object
        for key in path { current = (current as? [String: Any])?[key] }
        return current
    }
}

extension [Manifest] {
    func of(kind: String) -> [Manifest] { filter { $0.kind == kind } }
    func named(_ kind: String, _ name: String) -> Manifest? { first { $0.kind == kind && $0.name == name } }
    /// The object of that kind and name; throws naming what was rendered instead.
    func require(_ kind: String, _ name: String) throws -> Manifest {
        guard let manifest = named(kind, name) else {
            throw TestClientError("no \(kind) \(name) among \(map { "\($0.kind) \($0.name)" })")
        }
        return manifest
    }
}

/// A directory under the system's temporary directory, removed with its contents at deinit.
final class TemporaryDirectory: @unchecked Sendable {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("todo-deploy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
}
