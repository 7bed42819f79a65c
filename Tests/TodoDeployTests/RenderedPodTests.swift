import Foundation
import Testing
import TodoTestSupport

/// What a cluster would do with the rendered chart, without the cluster: the migration Job's
/// command, then the five Deployments' containers — their exact arguments and environment (the
/// ConfigMap's and the Secret's, resolved as the kubelet would) — started together on one
/// database, on free loopback ports.
final class RenderedPods {
    struct Pod {
        let deployment: Manifest
        let process: Process
        let log: URL
        var container: [String: Any] { deployment.containers.first ?? [:] }
        var name: String { container["name"] as? String ?? "" }
        var port: Int { (container["ports"] as? [[String: Any]])?.first?["containerPort"] as? Int ?? 0 }
        var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
    }

    let manifests: [Manifest]
    let database: TestDatabase
    private(set) var pods: [Pod] = []
    private let scratch: TemporaryDirectory

    /// Renders `variant` with `set`, the services on free ports, and runs the migration Job's
    /// command (which must succeed) and then every Deployment's container.
    init(_ variant: ChartVariant, set: [String] = [], environment extra: [String: String] = [:]) throws {
        let ports = try DeploymentTests.services.map { _ in try TansuBroker.freePort() }
        let settings = zip(["backend", "notification", "recurring", "audit", "websocket"], ports).map { "services.\($0).port=\($1)" }
        manifests = try DeployTool.manifests(variant, set: settings + set)
        database = try TestDatabase(TestComponent.postgres.isPresent ? .postgres : .sqlite)
        scratch = try TemporaryDirectory()
        let secret = ["database-url": database.url, "jwt-secret": "a-jwt-secret-for-the-rendered-pods-0123456789"]
        let config = try manifests.require("ConfigMap", "todo-chatbot-config").data
        var base = ["PATH": "/usr/bin:/bin", "HOME": scratch.url.path, "LANG": "C.UTF-8"]
        // scripts/test points this at the current librdkafka, which the Kafka bus needs against tansu.
        if let libraries = ProcessInfo.processInfo.environment["LD_LIBRARY_PATH"] { base["LD_LIBRARY_PATH"] = libraries }

        // The migration Job: its init container (todo migrate), then its container (switch-bus).
        let job = try #require(manifests.of(kind: "Job").first)
        for step in job.initContainers + job.containers {
            let command = try Self.container(step, of: job, config: config, secret: secret)
            let run = try DeployTool.run(try TodoBinary.url().path, command.args, environment: base.merging(command.environment) { $1 }, timeout: .seconds(60))
            guard run.status == 0 else { throw TestClientError("the migration Job's \(command.args) failed: \(run.output)") }
        }

        for deployment in manifests.of(kind: "Deployment") {
            let container = try Self.container(deployment, config: config, secret: secret)
            let process = Process()
            process.executableURL = try TodoBinary.url()
            process.arguments = container.args
            process.environment = base.merging(container.environment) { $1 }.merging(extra) { $1 }
            let log = scratch.url.appendingPathComponent("\(deployment.name).log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: log)
            process.standardError = process.standardOutput
            process.standardInput = FileHandle.nullDevice
            try process.run()
            pods.append(Pod(deployment: deployment, process: process, log: log))
        }
    }

    deinit {
        for pod in pods where pod.process.isRunning {
            kill(pod.process.processIdentifier, SIGKILL)
            pod.process.waitUntilExit()
        }
    }

    func pod(_ name: String) throws -> Pod {
        guard let pod = pods.first(where: { $0.name == name }) else { throw TestClientError("no pod \(name)") }
        return pod
    }

    /// Polls the pod's startup probe as the kubelet would (every 0.1 s here, up to the 60 s the
    /// chart allows); true once it answers 200.
    func waitUntilStarted(_ pod: Pod) -> Bool {
        let client = HTTPTestClient(port: pod.port)
        defer { client.disconnect() }
        let started = ContinuousClock.now
        while ContinuousClock.now - started < .seconds(60) && pod.process.isRunning {
            if let response = try? client.get(DeploymentTests.probe(pod.container, "startupProbe") ?? "?"), response.status == 200 { return true }
            client.disconnect()
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }

    /// A container's arguments, and its environment as the kubelet builds it: the ConfigMap
    /// (envFrom), then `env`, secrets looked up by key (an optional key that is absent is left out).
    static func container(_ workload: Manifest, config: [String: String], secret: [String: String]) throws -> (args: [String], environment: [String: String]) {
        try container(try #require(workload.containers.first), of: workload, config: config, secret: secret)
    }

    /// The same for one container (or init container) of `workload`.
    static func container(_ container: [String: Any], of workload: Manifest, config: [String: String],
                          secret: [String: String]) throws -> (args: [String], environment: [String: String]) {
        var environment = (container["envFrom"] as? [[String: Any]] ?? []).isEmpty ? [:] : config
        for variable in container["env"] as? [[String: Any]] ?? [] {
            let name = try #require(variable["name"] as? String)
            if let value = variable["value"] as? String {
                environment[name] = value
            } else if let reference = (variable["valueFrom"] as? [String: Any])?["secretKeyRef"] as? [String: Any] {
                let key = reference["key"] as? String ?? ""
                if let value = secret[key] {
                    environment[name] = value
                } else if reference["optional"] as? Bool != true {
                    throw TestClientError("\(workload.name) needs the secret key \(key)")
                }
            }
        }
        return (container["args"] as? [String] ?? [], environment)
    }
}

extension DeploymentTests {
    /// Every pod answers its startup, liveness and readiness probes on its container port, and
    /// stops on SIGTERM well within its pod's termination grace. The Dapr variant, as it needs no
    /// broker (without a sidecar the events wait in the outbox).
    @Test func theRenderedPodsMigrateStartAnswerTheirProbesAndStopInTime() throws {
        let sidecarPort = try TansuBroker.freePort()  // nothing listens there
        let pods = try RenderedPods(.dapr, set: ["dapr.httpPort=\(sidecarPort)"])
        #expect(pods.pods.count == Self.services.count)
        for pod in pods.pods {
            #expect(pods.waitUntilStarted(pod), "\(pod.name) did not answer its startup probe on \(pod.port): \(pod.output)")
            let client = HTTPTestClient(port: pod.port)
            defer { client.disconnect() }
            let liveness = try client.get(Self.probe(pod.container, "livenessProbe") ?? "?")
            #expect(liveness.status == 200)
            #expect((try? liveness.json())?["service"] as? String == pod.name, "\(liveness)")
            let readiness = try client.get(Self.probe(pod.container, "readinessProbe") ?? "?")
            #expect(readiness.status == 200, "\(pod.name): \(readiness)")
        }
        // The kubelet's stop: SIGTERM after the preStop sleep, SIGKILL at the grace's end.
        for pod in pods.pods {
            let grace = try #require(pod.deployment.podSpec["terminationGracePeriodSeconds"] as? Int)
            kill(pod.process.processIdentifier, SIGTERM)
            let stopping = ContinuousClock.now
            while pod.process.isRunning && ContinuousClock.now - stopping < .seconds(grace) { Thread.sleep(forTimeInterval: 0.05) }
            #expect(!pod.process.isRunning, "\(pod.deployment.name) outlived its \(grace) s of grace: \(pod.output)")
        }
    }

    /// The Kafka variant against a real broker (tansu): a task created on the backend reaches the
    /// audit-log service, through the outbox, the relay and the service's own consumer group, all
    /// configured by nothing but the rendered ConfigMap and Secret.
    @Test(.enabled(if: TestComponent.tansu.runsTests, "needs tansu: run scripts/test"))
    func theRenderedKafkaPodsCarryAChangeToTheAuditLog() throws {
        let broker = try TansuBroker()
        let pods = try RenderedPods(.defaults, set: ["kafka.brokers=\(broker.brokers)"])
        for pod in pods.pods {
            #expect(pods.waitUntilStarted(pod), "\(pod.name) did not start: \(pod.output)")
        }
        let backend = HTTPTestClient(port: try pods.pod("backend").port)
        let register = try backend.post("/api/v1/auth/register", ["email": "pods@example.com", "password": "correct horse battery"])
        #expect(register.status == 201, "\(register)")
        let token = try #require(try register.json()["token"] as? String)
        backend.token = token
        let created = try backend.post("/api/v1/tasks", ["title": "Carried by the rendered pods"])
        #expect(created.status == 201, "\(created)")

        let audit = HTTPTestClient(port: try pods.pod("audit-log-service").port, token: token)
        let deadline = ContinuousClock.now + .seconds(60)
        var entries: [[String: Any]] = []
        while entries.isEmpty && ContinuousClock.now < deadline {
            entries = (try? audit.get("/api/v1/audit").json()["entries"] as? [[String: Any]]) ?? []
            if entries.isEmpty { Thread.sleep(forTimeInterval: 0.25) }
        }
        let auditLog = try pods.pod("audit-log-service").output
        #expect(entries.first?["action"] as? String == "created", "the audit log got nothing: \(auditLog)")
    }
}
