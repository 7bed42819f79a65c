import Foundation
import Testing
import TodoTestSupport

extension DeploymentTests {
    /// What a cluster would do with the rendered chart, without the cluster: the migration Job's
    /// command, then the five Deployments' containers — their exact arguments and environment
    /// (the ConfigMap's and the Secret's, resolved as the kubelet would) — started together on
    /// one database; each answers its startup, liveness and readiness probes on its container
    /// port, and stops on SIGTERM well within its pod's termination grace. The Dapr variant, as
    /// it needs no broker (the sidecar is absent: events wait in the outbox).
    @Test func theRenderedPodsMigrateStartAnswerTheirProbesAndStopInTime() throws {
        let ports = try Self.services.map { _ in try TansuBroker.freePort() }
        let sidecarPort = try TansuBroker.freePort()  // nothing listens there
        let settings = zip(["backend", "notification", "recurring", "audit", "websocket"], ports).map { "services.\($0).port=\($1)" }
        let manifests = try DeployTool.manifests(.dapr, set: settings + ["dapr.httpPort=\(sidecarPort)"])
        let database = try TestDatabase(TestComponent.postgres.isPresent ? .postgres : .sqlite)
        let secret = ["database-url": database.url, "jwt-secret": "a-jwt-secret-for-the-rendered-pods-0123456789"]
        let config = try manifests.require("ConfigMap", "todo-chatbot-config").data

        let job = try #require(manifests.of(kind: "Job").first)
        let migrate = try Self.container(job, config: config, secret: secret)
        let migration = try DeployTool.run(try TodoBinary.url().path, migrate.args, environment: migrate.environment, timeout: .seconds(60))
        #expect(migration.status == 0, "\(migration.output)")

        let scratch = try TemporaryDirectory()
        var pods: [(deployment: Manifest, process: Process, log: URL)] = []
        defer {
            for pod in pods where pod.process.isRunning {
                kill(pod.process.processIdentifier, SIGKILL)
                pod.process.waitUntilExit()
            }
        }
        for deployment in manifests.of(kind: "Deployment") {
            let container = try Self.container(deployment, config: config, secret: secret)
            let process = Process()
            process.executableURL = try TodoBinary.url()
            process.arguments = container.args
            process.environment = ["PATH": "/usr/bin:/bin", "HOME": scratch.url.path, "LANG": "C.UTF-8"].merging(container.environment) { $1 }
            let log = scratch.url.appendingPathComponent("\(deployment.name).log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: log)
            process.standardError = process.standardOutput
            process.standardInput = FileHandle.nullDevice
            try process.run()
            pods.append((deployment, process, log))
        }

        for pod in pods {
            let container = try #require(pod.deployment.containers.first)
            let port = try #require((container["ports"] as? [[String: Any]])?.first?["containerPort"] as? Int)
            let name = container["name"] as? String ?? ""
            let client = HTTPTestClient(port: port)
            // The startup probe: up to 30 s, as the chart allows (30 × 2 s).
            let started = ContinuousClock.now
            var startup: TestResponse?
            while ContinuousClock.now - started < .seconds(30) {
                if let response = try? client.get(Self.probe(container, "startupProbe") ?? "?"), response.status == 200 { startup = response; break }
                client.disconnect()
                Thread.sleep(forTimeInterval: 0.1)
            }
            let log = (try? String(contentsOf: pod.log, encoding: .utf8)) ?? ""
            #expect(startup != nil, "\(name) did not answer its startup probe on \(port): \(log)")
            guard startup != nil else { continue }
            let liveness = try client.get(Self.probe(container, "livenessProbe") ?? "?")
            #expect(liveness.status == 200)
            #expect((try? liveness.json())?["service"] as? String == name, "\(liveness)")
            let readiness = try client.get(Self.probe(container, "readinessProbe") ?? "?")
            #expect(readiness.status == 200, "\(name): \(readiness)")
            client.disconnect()
        }

        // The kubelet's stop: SIGTERM after the preStop sleep, SIGKILL at the grace's end.
        for pod in pods {
            let grace = try #require(pod.deployment.podSpec["terminationGracePeriodSeconds"] as? Int)
            kill(pod.process.processIdentifier, SIGTERM)
            let stopping = ContinuousClock.now
            while pod.process.isRunning && ContinuousClock.now - stopping < .seconds(grace) { Thread.sleep(forTimeInterval: 0.05) }
            #expect(!pod.process.isRunning, "\(pod.deployment.name) outlived its \(grace) s of grace")
            #expect(ContinuousClock.now - stopping < .seconds(15), "\(pod.deployment.name) took \(ContinuousClock.now - stopping) to stop")
        }
    }

    /// A container's arguments, and its environment as the kubelet builds it: the ConfigMap
    /// (envFrom), then `env`, secrets looked up by key (an optional key that is absent is left out).
    static func container(_ workload: Manifest, config: [String: String], secret: [String: String]) throws -> (args: [String], environment: [String: String]) {
        let container = try #require(workload.containers.first)
        var environment = (container["envFrom"] as? [[String: Any]] ?? []).isEmpty ? [:] : config
        for variable in container["env"] as? [[String: Any]] ?? [] {
            let name = try #require(variable["name"] as? String)
            if let value = variable["value"] as? String {
                environment[name] = value
            } else if let reference = (variable["valueFrom"] as? [String: Any])?["secretKeyRef"] as? [String: Any] {
                let key = reference["key"] as? String ?? ""
                if let value = secret[key] {
                    environment[name] = value
                } else {
                    #expect(reference["optional"] as? Bool == true, "\(workload.name) needs the secret key \(key)")
                }
            }
        }
        return (container["args"] as? [String] ?? [], environment)
    }
}
