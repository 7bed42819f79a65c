import Foundation
import Testing
import TodoTestSupport

/// deploy/: the Helm chart, the manifests rendered from it and the Dockerfile, checked by the
/// real tools (helm, kubernetes-validate, checkov, yamllint, hadolint) and by what the rendered
/// objects say: every service runs as itself, on its port, with its probes; the bus is wired
/// exactly as chosen; no secret leaks into a ConfigMap; every flag and variable the chart gives
/// the container is one the binary takes.
@Suite(.enabled(if: TestComponent.helm.runsTests && TestComponent.deployLinters.runsTests,
                "needs helm and the deployment linters: run scripts/setup --test, then scripts/test"))
struct DeploymentTests {
    /// The five services: the word `--service` takes, the service's name, its port.
    static let services: [(flag: String, name: String, port: Int)] = [
        ("backend", "backend", 8000), ("notification", "notification-service", 8001),
        ("recurring", "recurring-task-service", 8002), ("audit", "audit-log-service", 8003),
        ("websocket", "websocket-service", 8004),
    ]

    init() throws {
        try TestComponent.helm.require()
        try TestComponent.deployLinters.require()
    }

    // MARK: The tools

    @Test(arguments: ChartVariant.allCases)
    func theChartLintsStrictly(_ variant: ChartVariant) throws {
        let result = try DeployTool.run(DeployTool.path("helm"), ["lint", "--strict", DeployTool.chart] + variant.arguments)
        #expect(result.status == 0, "\(result.output)")
    }

    @Test(arguments: ChartVariant.allCases)
    func eachVariantIsValidKubernetes129(_ variant: ChartVariant) throws {
        let scratch = try TemporaryDirectory()
        let file = scratch.url.appendingPathComponent("\(variant.rawValue).yaml")
        try DeployTool.render(variant).write(to: file, atomically: false, encoding: .utf8)
        let result = try DeployTool.run(DeployTool.path("kubernetes-validate"), ["--strict", "--quiet", "-k", "1.29.0", file.path])
        #expect(result.status == 0, "\(result.output)")
        // Only Dapr's Component has no schema in Kubernetes itself (a CRD): checked below instead.
        let unknown = result.output.split(separator: "\n").filter { !$0.contains("kind Component with api version dapr.io/v1alpha1") }
        #expect(unknown.isEmpty, "\(unknown.joined(separator: "\n"))")
    }

    /// Every variant at once, in one checkov run (its start-up is most of its time), offline.
    @Test func checkovFindsNothingInAnyVariant() throws {
        let scratch = try TemporaryDirectory()
        for variant in ChartVariant.allCases {
            try DeployTool.render(variant).write(to: scratch.url.appendingPathComponent("\(variant.rawValue).yaml"), atomically: false, encoding: .utf8)
        }
        let result = try DeployTool.run(DeployTool.path("checkov"), ["--config-file", "deploy/.checkov.yaml", "-d", scratch.url.path],
                                        environment: ["BC_SKIP_MAPPING": "TRUE", "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false"],
                                        timeout: .seconds(300))
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("Failed checks: 0"), "\(result.output)")
        #expect(result.output.contains("Passed checks:"), "checkov checked nothing: \(result.output)")
    }

    @Test func yamllintPassesOnDeploy() throws {
        let result = try DeployTool.run(DeployTool.path("yamllint"), ["--strict", "-c", "deploy/.yamllint.yaml", "deploy"])
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func hadolintPassesOnTheDockerfile() throws {
        let result = try DeployTool.run(DeployTool.path("hadolint"), ["deploy/Dockerfile"])
        #expect(result.status == 0, "\(result.output)")
    }

    @Test(arguments: [
        ("bus=rabbit", "bus"),
        ("services.backend.replicas=-1", "services.backend.replicas"),
        ("services.websocket.replicas=2", "services.websocket.replicas"),
        ("kafka.securityProtocol=tls", "kafka.securityProtocol"),
        ("secrets.jwtSecret=short", "secrets.jwtSecret"),
        ("config.shutdownGrace=-5", "config.shutdownGrace"),
        ("services.backend.replicaz=3", "replicaz"),
        ("extraEnv[0].value=dmy", "name"),
        ("extraEnv[0].name=TODO DATE", "extraEnv"),
        ("config.host=", "config.host"),
    ])
    func theSchemaRefusesABadValueNamingIt(_ setting: String, _ name: String) throws {
        let result = try DeployTool.run(DeployTool.path("helm"), ["lint", "--strict", DeployTool.chart, "--set", setting])
        #expect(result.status != 0, "helm lint accepted \(setting)")
        #expect(result.output.contains(name), "\(result.output)")
    }

    @Test func thePlainManifestsAreAFreshRenderOfTheChart() throws {
        let scratch = try TemporaryDirectory()
        let result = try DeployTool.run(DeployTool.repository.appendingPathComponent("deploy/render-k8s").path, [scratch.url.path],
                                        environment: ["TODO_DEPLOY_VENV": TestComponent.deployVenv.path])
        #expect(result.status == 0, "\(result.output)")
        for file in ["k8s/todo-chatbot.yaml", "dapr/components.yaml"] {
            let fresh = try String(contentsOf: scratch.url.appendingPathComponent(file), encoding: .utf8)
            let committed = try String(contentsOf: DeployTool.repository.appendingPathComponent("deploy/\(file)"), encoding: .utf8)
            #expect(fresh == committed, "deploy/\(file) is not what the chart renders: run deploy/render-k8s")
        }
        let kustomize = try DeployTool.run(DeployTool.path("kubectl"), ["kustomize", "deploy/k8s"])
        #expect(kustomize.status == 0, "\(kustomize.output)")
        #expect(kustomize.stdout.contains("name: todo-chatbot-backend"))
    }

    // MARK: What the rendered objects say

    @Test(arguments: ChartVariant.allCases)
    func everyServiceRunsAsItselfOnItsPortWithItsProbes(_ variant: ChartVariant) throws {
        let manifests = try DeployTool.manifests(variant)
        #expect(manifests.of(kind: "Deployment").count == Self.services.count)
        for service in Self.services {
            let deployment = try manifests.require("Deployment", "todo-chatbot-\(service.name)")
            let container = try #require(deployment.containers.first)
            let args = container["args"] as? [String] ?? []
            #expect(args.first == "serve")
            #expect(Self.option("--service", in: args) == service.flag)
            #expect(Self.option("--port", in: args) == String(service.port))
            #expect(Self.option("--host", in: args) == "0.0.0.0")
            let ports = container["ports"] as? [[String: Any]] ?? []
            #expect(ports.first?["containerPort"] as? Int == service.port)
            #expect(Self.probe(container, "livenessProbe") == "/healthz")
            #expect(Self.probe(container, "startupProbe") == "/healthz")
            #expect(Self.probe(container, "readinessProbe") == "/readyz")
            let resources = container["resources"] as? [String: Any] ?? [:]
            #expect(resources["requests"] != nil && resources["limits"] != nil)

            let kubernetesService = try manifests.require("Service", "todo-chatbot-\(service.name)")
            let servicePorts = kubernetesService.spec["ports"] as? [[String: Any]] ?? []
            #expect(servicePorts.first?["port"] as? Int == service.port)
            #expect((kubernetesService.spec["selector"] as? [String: String])?["app.kubernetes.io/component"] == service.name)
        }
    }

    @Test(arguments: ChartVariant.allCases)
    func everyPodIsLockedDown(_ variant: ChartVariant) throws {
        let manifests = try DeployTool.manifests(variant)
        let workloads = manifests.of(kind: "Deployment") + manifests.of(kind: "Job") + manifests.of(kind: "StatefulSet") + manifests.of(kind: "Pod")
        for workload in workloads {
            let pod = workload.podSpec["securityContext"] as? [String: Any] ?? [:]
            #expect(pod["runAsNonRoot"] as? Bool == true, "\(workload.name)")
            #expect((pod["seccompProfile"] as? [String: String])?["type"] == "RuntimeDefault", "\(workload.name)")
            for container in workload.containers {
                let context = container["securityContext"] as? [String: Any] ?? [:]
                #expect(context["readOnlyRootFilesystem"] as? Bool == true, "\(workload.name)")
                #expect(context["allowPrivilegeEscalation"] as? Bool == false, "\(workload.name)")
                #expect((context["capabilities"] as? [String: [String]])?["drop"] == ["ALL"], "\(workload.name)")
            }
            // The binary never calls the Kubernetes API; only Dapr's sidecar needs the token.
            let automount = workload.podSpec["automountServiceAccountToken"] as? Bool
            #expect(automount == (variant == .dapr && workload.kind == "Deployment"), "\(workload.name)")
        }
    }

    @Test func aStopWaitsLongerThanTheServersShutdownGrace() throws {
        for deployment in try DeployTool.manifests(set: ["config.shutdownGrace=40"]).of(kind: "Deployment") {
            let container = try #require(deployment.containers.first)
            let grace = try #require(Int(Self.option("--shutdown-grace", in: container["args"] as? [String] ?? []) ?? ""))
            #expect(grace == 40)
            let preStop = (container["lifecycle"] as? [String: Any]).flatMap { ($0["preStop"] as? [String: Any])?["exec"] as? [String: Any] }
            let sleep = try #require(Int((preStop?["command"] as? [String])?.last ?? ""))
            let termination = try #require(deployment.podSpec["terminationGracePeriodSeconds"] as? Int)
            #expect(termination > sleep + grace, "\(deployment.name): \(termination) s to stop, \(sleep) s preStop + \(grace) s grace")
        }
    }

    @Test func theWebsocketServiceIsOneReplicaReplacedNotOverlapped() throws {
        let manifests = try DeployTool.manifests(.hpa)
        let websocket = try manifests.require("Deployment", "todo-chatbot-websocket-service")
        #expect(websocket.value("spec", "replicas") as? Int == 1)
        #expect(websocket.value("spec", "strategy", "type") as? String == "Recreate")
        let autoscalers = manifests.of(kind: "HorizontalPodAutoscaler")
        #expect(autoscalers.count == 1)
        #expect(autoscalers.first?.value("spec", "scaleTargetRef", "name") as? String == "todo-chatbot-backend")
        // The autoscaler owns the backend's replicas; the Deployment names none.
        #expect(manifests.named("Deployment", "todo-chatbot-backend")?.value("spec", "replicas") == nil)
    }

    @Test(arguments: [ChartVariant.defaults, .kafkaSASL, .dapr])
    func theBusIsWiredExactlyAsChosen(_ variant: ChartVariant) throws {
        let manifests = try DeployTool.manifests(variant)
        let config = try manifests.require("ConfigMap", "todo-chatbot-config").data
        let dapr = variant == .dapr
        #expect(config["TODO_EVENT_BUS"] == (dapr ? "dapr" : "kafka"))
        #expect((config["KAFKA_BROKERS"] != nil) == !dapr)
        #expect((config["KAFKA_SECURITY_PROTOCOL"] != nil) == !dapr)
        #expect((config["DAPR_HTTP_PORT"] != nil) == dapr)
        #expect(config["DAPR_PUBSUB_NAME"] == (dapr ? "kafka-pubsub" : nil))
        for service in Self.services {
            let deployment = try manifests.require("Deployment", "todo-chatbot-\(service.name)")
            let annotations = deployment.podAnnotations
            if dapr {
                #expect(annotations["dapr.io/enabled"] == "true")
                #expect(annotations["dapr.io/app-id"] == service.name)
                #expect(annotations["dapr.io/app-port"] == String(service.port))
            } else {
                #expect(!annotations.keys.contains { $0.hasPrefix("dapr.io/") }, "\(annotations)")
            }
            let env = Self.environmentNames(deployment.containers.first ?? [:])
            #expect(env.contains("KAFKA_SASL_PASSWORD") == !dapr)
        }
        if variant == .kafkaSASL {
            #expect(config["KAFKA_SECURITY_PROTOCOL"] == "sasl_ssl")
            #expect(config["KAFKA_SASL_MECHANISM"] == "SCRAM-SHA-512")
            #expect(config["KAFKA_SASL_USERNAME"] == "todo")
        }
        #expect(manifests.of(kind: "Component").isEmpty == !dapr)
    }

    @Test func theDaprComponentsAreTheReferenceDeploymentsScopedToTheirServices() throws {
        let components = try DeployTool.manifests(.dapr).of(kind: "Component")
        let types = Dictionary(uniqueKeysWithValues: components.map { ($0.name, $0.spec["type"] as? String ?? "") })
        #expect(types == ["kafka-pubsub": "pubsub.kafka", "statestore": "state.postgresql",
                          "cron-binding": "bindings.cron", "kubernetes-secrets": "secretstores.kubernetes"])
        func metadata(_ name: String) -> [String: String] {
            let items = components.first { $0.name == name }?.spec["metadata"] as? [[String: Any]] ?? []
            return Dictionary(items.compactMap { item in (item["value"] as? String).map { (item["name"] as? String ?? "", $0) } }) { first, _ in first }
        }
        #expect(metadata("cron-binding")["schedule"] == "@every 1m")
        // A consumer group per service, not one for all (DESIGN §1).
        #expect(metadata("kafka-pubsub")["consumerID"] == "{appID}")
        #expect(metadata("kafka-pubsub")["brokers"] == "kafka:9092")
        let cronScopes = components.first { $0.name == "cron-binding" }?.object["scopes"] as? [String]
        #expect(cronScopes == ["notification-service"])
        // The sidecar calls POST /<binding name>: the route the binary serves on the Dapr bus.
        let controller = try String(contentsOf: DeployTool.repository.appendingPathComponent("Sources/TodoServices/Events/EventsController.swift"), encoding: .utf8)
        #expect(controller.contains(#"router.post("/cron-binding""#))
        // The plain components (deploy/dapr) name the same parts.
        let plain = try String(contentsOf: DeployTool.repository.appendingPathComponent("deploy/dapr/components.yaml"), encoding: .utf8)
        for type in types.values { #expect(plain.contains("type: \(type)")) }
    }

    @Test func theMigrationRunsAsAHookBeforeInstallAndUpgrade() throws {
        let job = try #require(try DeployTool.manifests().of(kind: "Job").first)
        #expect(job.annotations["helm.sh/hook"] == "pre-install,pre-upgrade,pre-rollback")
        #expect(job.initContainers.first?["args"] as? [String] == ["migrate"])
        #expect(Self.environmentNames(job.initContainers.first ?? [:]) == ["TODO_DATABASE_URL"])
        // Then the chart's bus is recorded as the database's (a changed `bus` keeps relaying).
        #expect(job.containers.first?["args"] as? [String] == ["events", "switch-bus"])
        #expect(Self.environmentNames(job.containers.first ?? [:]) == ["TODO_DATABASE_URL", "TODO_EVENT_BUS"])
        // The Secret it reads is made before it.
        let secret = try DeployTool.manifests().require("Secret", "todo-chatbot-secrets")
        #expect(Int(secret.annotations["helm.sh/hook-weight"] ?? "") ?? 0 < Int(job.annotations["helm.sh/hook-weight"] ?? "") ?? 0)
        // With the bundled PostgreSQL there is no database before the install.
        let bundled = try #require(try DeployTool.manifests(.bundledPostgres).of(kind: "Job").first)
        #expect(bundled.annotations["helm.sh/hook"] == "post-install,pre-upgrade,pre-rollback")
    }

    @Test func noSecretValueIsInAConfigMap() throws {
        let secrets = ["kafka-password-for-tests", "jwt-secret-for-tests-0123456789abcdef", "postgres://todo:db-password-for-tests@db:5432/todo",
                       "llm-key-for-tests", "smtp://mail:smtp-password-for-tests@mail:587", "metrics-token-for-tests"]
        let manifests = try DeployTool.manifests(.kafkaSASL, set: [
            "secrets.jwtSecret=\(secrets[1])", "database.url=\(secrets[2])", "secrets.llmAPIKey=\(secrets[3])",
            "secrets.smtpURL=\(secrets[4])", "secrets.metricsToken=\(secrets[5])",
        ])
        for configMap in manifests.of(kind: "ConfigMap") {
            for (key, value) in configMap.data {
                #expect(!secrets.contains { value.contains($0) }, "\(configMap.name): \(key)")
                #expect(!["PASSWORD", "SECRET", "TOKEN", "API_KEY", "DATABASE_URL", "SMTP_URL"].contains { key.contains($0) }, "\(configMap.name): \(key)")
            }
        }
        // They are in the Secret, and nowhere else but there.
        let secret = try manifests.require("Secret", "todo-chatbot-secrets")
        let values = Set(secret.data.values.compactMap { Data(base64Encoded: $0).map { String(decoding: $0, as: UTF8.self) } })
        #expect(values.isSuperset(of: secrets))
        let elsewhere = manifests.filter { $0.kind != "Secret" }.map { String(describing: $0.object) }.joined()
        for value in secrets { #expect(!elsewhere.contains(value), "\(value) is outside the Secret") }
    }

    @Test func theJWTSecretIsStableWhenGivenAndGeneratedStrongWhenNot() throws {
        func jwt(_ set: [String]) throws -> String {
            let secret = try DeployTool.manifests(set: set).require("Secret", "todo-chatbot-secrets")
            return String(decoding: Data(base64Encoded: secret.data["jwt-secret"] ?? "") ?? Data(), as: UTF8.self)
        }
        let given = "a-jwt-secret-of-more-than-32-bytes-0123456789"
        #expect(try jwt(["secrets.jwtSecret=\(given)"]) == given)
        #expect(try jwt(["secrets.jwtSecret=\(given)"]) == jwt(["secrets.jwtSecret=\(given)"]))
        // Without a cluster to look the old one up in, each render makes a new one (an upgrade
        // keeps the cluster's: the template's lookup).
        let generated = try jwt([])
        #expect(generated.count == 64)
        let template = try String(contentsOf: URL(fileURLWithPath: DeployTool.chart).appendingPathComponent("templates/secret.yaml"), encoding: .utf8)
        #expect(template.contains("lookup \"v1\" \"Secret\""))
    }

    @Test func anExistingSecretReplacesTheChartsOwn() throws {
        let manifests = try DeployTool.manifests(.existingSecret)
        #expect(manifests.named("Secret", "todo-chatbot-secrets") == nil)
        for deployment in manifests.of(kind: "Deployment") {
            let env = deployment.containers.first?["env"] as? [[String: Any]] ?? []
            let names = env.compactMap { (($0["valueFrom"] as? [String: Any])?["secretKeyRef"] as? [String: Any])?["name"] as? String }
            #expect(!names.isEmpty && names.allSatisfy { $0 == "my-todo-secrets" })
        }
    }

    @Test func helmTestAsksEveryServiceForItsProbesThroughItsService() throws {
        let manifests = try DeployTool.manifests()
        let pod = try manifests.require("Pod", "todo-chatbot-test-probes")
        #expect(pod.annotations["helm.sh/hook"] == "test")
        let script = (pod.containers.first?["args"] as? [String])?.joined() ?? ""
        for service in Self.services {
            #expect(script.contains("http://todo-chatbot-\(service.name):\(service.port)/readyz"), "\(script)")
            #expect(script.contains(#""service":"\#(service.name)""#), "\(script)")
        }
        // The plain manifests leave it out: it is Helm's.
        let plain = try String(contentsOf: DeployTool.repository.appendingPathComponent("deploy/k8s/todo-chatbot.yaml"), encoding: .utf8)
        #expect(!plain.contains("test-probes"))
    }

    @Test func theIngressRoutesEachPathToTheServiceThatAnswersIt() throws {
        let ingress = try #require(try DeployTool.manifests(.ingressTLS).of(kind: "Ingress").first)
        #expect((ingress.spec["tls"] as? [[String: Any]])?.first?["secretName"] as? String == "todo-example-com-tls")
        let rules = ingress.spec["rules"] as? [[String: Any]] ?? []
        let paths = (rules.first?["http"] as? [String: Any])?["paths"] as? [[String: Any]] ?? []
        let routes = Dictionary(uniqueKeysWithValues: paths.map { path in
            (path["path"] as? String ?? "", ((path["backend"] as? [String: Any])?["service"] as? [String: Any])?["name"] as? String ?? "")
        })
        #expect(routes["/"] == "todo-chatbot-backend")
        #expect(routes["/api"] == "todo-chatbot-backend")
        #expect(routes["/mcp"] == "todo-chatbot-backend")
        #expect(routes["/ws"] == "todo-chatbot-websocket-service")
        #expect(routes["/api/v1/events"] == "todo-chatbot-websocket-service")
        #expect(routes["/api/v1/notifications"] == "todo-chatbot-notification-service")
        #expect(routes["/api/v1/audit"] == "todo-chatbot-audit-log-service")
    }

    /// The image's run stage installs the Debian package of every C library the binary links
    /// directly (the Swift runtime, linked dynamically in this debug build, is linked in statically
    /// by the image's release build), and its build stage the -dev packages scripts/setup names.
    @Test func theImageHasEveryLibraryTheBinaryLinksAndTheBuildEveryPackageSetupNames() throws {
        let dockerfile = try String(contentsOf: DeployTool.repository.appendingPathComponent("deploy/Dockerfile"), encoding: .utf8)
        let stages = dockerfile.components(separatedBy: "\nFROM ")
        let build = try #require(stages.dropLast().last), run = try #require(stages.last)
        func installs(_ stage: String, _ package: String) -> Bool {
            stage.range(of: #"(^|\s)\#(NSRegularExpression.escapedPattern(for: package))(\s|$)"#, options: .regularExpression) != nil
        }

        let binary = try TodoBinary.url().path
        let needed = try DeployTool.run("/usr/bin/readelf", ["-d", binary]).stdout.split(separator: "\n")
            .filter { $0.contains("(NEEDED)") }
            .compactMap { line in line.range(of: #"\[(.+)\]"#, options: .regularExpression).map { String(line[$0].dropFirst().dropLast()) } }
        let resolved = try DeployTool.run("/usr/bin/ldd", [binary]).stdout.split(separator: "\n").reduce(into: [String: String]()) { paths, line in
            let fields = line.split(separator: " ")
            if fields.count >= 3, fields[1] == "=>" { paths[String(fields[0].trimmingCharacters(in: .whitespaces))] = String(fields[2]) }
        }
        var packages = Set<String>()
        for library in needed where !library.hasPrefix("ld-linux") {
            let path = try #require(resolved[library], "ldd does not resolve \(library)")
            if path.contains("/usr/lib/swift/") { continue }  // the toolchain's: in the binary in the image
            let candidates = [path, path.replacingOccurrences(of: "/lib/", with: "/usr/lib/"), URL(fileURLWithPath: path).resolvingSymlinksInPath().path]
            let owner = try candidates.lazy.map { try DeployTool.run("/usr/bin/dpkg", ["-S", $0]) }.first { $0.status == 0 }
            let package = try #require(owner?.stdout.split(separator: ":").first.map(String.init), "no Debian package has \(path)")
            packages.insert(package)
        }
        #expect(packages.isSuperset(of: ["libsqlite3-0", "libpq5", "libssl3", "librdkafka1", "libmicrohttpd12", "libcurl4"]), "\(packages)")
        for package in packages.subtracting(["libc6"]) {  // libc6: in every Debian image
            #expect(installs(run, package), "the image's run stage does not install \(package)")
        }

        let setup = try String(contentsOf: DeployTool.repository.appendingPathComponent("scripts/setup"), encoding: .utf8)
        let list = try #require(setup.split(separator: "\n").first { $0.hasPrefix("packages=(") })
        let developmentPackages = list.dropFirst("packages=(".count).prefix { $0 != ")" }.split(separator: " ").map(String.init)
        #expect(developmentPackages.contains("libpq-dev"))
        for package in developmentPackages {
            #expect(installs(build, package), "the image's build stage does not install \(package)")
        }
    }

    // MARK: The chart against the binary

    /// Every command line the chart gives a container parses: run with a bus the binary refuses,
    /// `todo serve` gets past its options and stops at that variable (a flag it lacks would stop
    /// it first, naming the flag).
    @Test(arguments: ChartVariant.allCases)
    func everyCommandLineOfTheChartIsOneTheBinaryTakes(_ variant: ChartVariant) throws {
        let todo = try TodoBinary.url().path
        let manifests = try DeployTool.manifests(variant, set: ["config.quiet=true", "services.backend.threads=2", "services.backend.workers=8"])
        for deployment in manifests.of(kind: "Deployment") {
            let args = deployment.containers.first?["args"] as? [String] ?? []
            let result = try DeployTool.run(todo, args, environment: ["TODO_EVENT_BUS": "not-a-bus"], timeout: .seconds(30))
            #expect(result.status == 2, "\(deployment.name): \(result.output)")
            #expect(result.stderr.contains("TODO_EVENT_BUS"), "\(deployment.name) \(args): \(result.stderr)")
        }
        let scratch = try TemporaryDirectory()
        for job in manifests.of(kind: "Job") {
            for output in try Self.runJob(job, database: "sqlite:\(scratch.url.path)/migrate.db") {
                #expect(output.status == 0, "\(job.name): \(output.output)")
            }
        }
    }

    /// extraEnv and extraEnvFrom reach every service's container (settings the chart has no
    /// value for); config.host is the address every service listens on, and the binary takes it.
    @Test func extraVariablesAndTheListenAddressReachEveryService() throws {
        let manifests = try DeployTool.manifests(set: [
            "extraEnv[0].name=TODO_DATE_ORDER", "extraEnv[0].value=dmy",
            "extraEnvFrom[0].secretRef.name=my-todo-settings", "config.host=::",
        ])
        let todo = try TodoBinary.url().path
        for deployment in manifests.of(kind: "Deployment") {
            let container = try #require(deployment.containers.first)
            let env = container["env"] as? [[String: Any]] ?? []
            #expect(env.contains { $0["name"] as? String == "TODO_DATE_ORDER" && $0["value"] as? String == "dmy" }, "\(deployment.name)")
            let envFrom = container["envFrom"] as? [[String: Any]] ?? []
            #expect(envFrom.contains { ($0["secretRef"] as? [String: Any])?["name"] as? String == "my-todo-settings" }, "\(deployment.name)")
            let args = container["args"] as? [String] ?? []
            #expect(Self.option("--host", in: args) == "::")
            let result = try DeployTool.run(todo, args, environment: ["TODO_EVENT_BUS": "not-a-bus"], timeout: .seconds(30))
            #expect(result.status == 2 && result.stderr.contains("TODO_EVENT_BUS"), "\(deployment.name) \(args): \(result.output)")
        }
    }

    /// The migration Job of a `helm upgrade` that changes `bus` records the new bus, so that the
    /// new relays relay; run again with the bus unchanged it changes nothing.
    @Test func theMigrationJobMovesTheDatabaseToTheChartsBus() throws {
        let scratch = try TemporaryDirectory()
        let database = "sqlite:\(scratch.url.path)/todo.db"
        let kafka = try #require(try DeployTool.manifests().of(kind: "Job").first)
        let dapr = try #require(try DeployTool.manifests(.dapr).of(kind: "Job").first)
        let installed = try Self.runJob(kafka, database: database)
        #expect(installed.allSatisfy { $0.status == 0 }, "\(installed.map(\.output))")
        #expect(installed.last?.stdout.contains("go to the kafka bus") == true, "\(installed.map(\.output))")
        let again = try Self.runJob(kafka, database: database)
        #expect(again.last?.stdout.contains("go to the kafka bus from now on (as before)") == true, "\(again.map(\.output))")
        let moved = try Self.runJob(dapr, database: database)
        #expect(moved.last?.stdout.contains("go to the dapr bus from now on (was kafka)") == true, "\(moved.map(\.output))")
        let status = try DeployTool.run(try TodoBinary.url().path, ["events", "status", "--db", database], environment: ["TODO_EVENT_BUS": "dapr"])
        #expect(!status.stdout.contains("does not relay here"), "\(status.output)")
    }

    /// Helm's install order: pre-install hooks by weight, then the ordinary objects. Whatever a
    /// pre-install hook's pod needs (its ServiceAccount, the Secrets and ConfigMaps it reads)
    /// must, when the chart makes it, be a pre-install hook of lower weight; else the pod is
    /// refused (no ServiceAccount) or never starts (no Secret) and the install hangs.
    @Test(arguments: ChartVariant.allCases)
    func everythingAPreInstallHookNeedsIsMadeBeforeIt(_ variant: ChartVariant) throws {
        let manifests = try DeployTool.manifests(variant, set: ["secrets.metricsToken=t"])
        for hook in manifests where hook.hooks.contains("pre-install") && !hook.podSpec.isEmpty {
            var needs: [(kind: String, name: String)] = []
            if let account = hook.podSpec["serviceAccountName"] as? String ?? hook.podSpec["serviceAccount"] as? String, account != "default" {
                needs.append(("ServiceAccount", account))
            }
            for container in hook.initContainers + hook.containers {
                for variable in container["env"] as? [[String: Any]] ?? [] {
                    let from = variable["valueFrom"] as? [String: Any] ?? [:]
                    if let name = (from["secretKeyRef"] as? [String: Any])?["name"] as? String { needs.append(("Secret", name)) }
                    if let name = (from["configMapKeyRef"] as? [String: Any])?["name"] as? String { needs.append(("ConfigMap", name)) }
                }
                for source in container["envFrom"] as? [[String: Any]] ?? [] {
                    if let name = (source["secretRef"] as? [String: Any])?["name"] as? String { needs.append(("Secret", name)) }
                    if let name = (source["configMapRef"] as? [String: Any])?["name"] as? String { needs.append(("ConfigMap", name)) }
                }
            }
            for volume in hook.podSpec["volumes"] as? [[String: Any]] ?? [] {
                if let name = (volume["secret"] as? [String: Any])?["secretName"] as? String { needs.append(("Secret", name)) }
                if let name = (volume["configMap"] as? [String: Any])?["name"] as? String { needs.append(("ConfigMap", name)) }
            }
            for need in needs {
                // Not the chart's (an existing Secret, the operator's ServiceAccount): there before.
                guard let object = manifests.named(need.kind, need.name) else { continue }
                #expect(object.hooks.contains("pre-install") && object.hookWeight < hook.hookWeight,
                        "\(hook.kind) \(hook.name) (pre-install, weight \(hook.hookWeight)) needs \(need.kind) \(need.name), made \(object.hooks.isEmpty ? "after the hooks" : "as hook \(object.hooks.sorted()) weight \(object.hookWeight)")")
            }
        }
    }

    /// Every `helm install`, `upgrade` or `template` command line of docs/deployment.md renders
    /// (as `helm template`, `--reuse-values` left out): a value the shell or `--set` would split
    /// or refuse fails here.
    @Test func everyHelmCommandOfTheDeploymentGuideRenders() throws {
        let guide = try String(contentsOf: DeployTool.repository.appendingPathComponent("docs/deployment.md"), encoding: .utf8)
        let lines = guide.replacingOccurrences(of: "\\\n", with: " ").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let commands = lines.filter { $0.hasPrefix("helm install ") || $0.hasPrefix("helm upgrade ") || $0.hasPrefix("helm template ") }
        #expect(commands.count >= 3, "\(commands)")
        for command in commands {
            var line = command.components(separatedBy: " #").first ?? command
            for verb in ["helm install ", "helm upgrade ", "helm template "] { line = line.replacingOccurrences(of: verb, with: "helm template ") }
            line = line.replacingOccurrences(of: " --reuse-values", with: "")
            let result = try DeployTool.run("/bin/sh", ["-c", line])
            #expect(result.status == 0, "\(command): \(result.output)")
        }
    }

    /// The bundled PostgreSQL's Secret outlives `helm uninstall`, as its volume does: a
    /// reinstall finds the password the data directory was initialised with.
    @Test func theBundledPostgreSQLsPasswordIsKeptWithItsVolume() throws {
        let secret = try DeployTool.manifests(.bundledPostgres).require("Secret", "todo-chatbot-postgresql")
        #expect(secret.annotations["helm.sh/resource-policy"] == "keep")
        let template = try String(contentsOf: URL(fileURLWithPath: DeployTool.chart).appendingPathComponent("templates/_helpers.tpl"), encoding: .utf8)
        #expect(template.contains("lookup \"v1\" \"Secret\" .Release.Namespace (printf \"%s-postgresql\""))
        let guide = try String(contentsOf: DeployTool.repository.appendingPathComponent("docs/deployment.md"), encoding: .utf8)
        #expect(guide.contains("kubectl -n todo delete secret todo-chatbot-secrets todo-chatbot-postgresql"))
    }

    /// A bundled PostgreSQL password of any characters reaches the database URL percent-encoded.
    @Test func theBundledPostgreSQLsPasswordIsPercentEncodedInTheURL() throws {
        let secret = try DeployTool.manifests(.bundledPostgres, set: ["postgresql.password=a b+c@d/e:f%g"]).require("Secret", "todo-chatbot-secrets")
        let url = String(decoding: Data(base64Encoded: secret.data["database-url"] ?? "") ?? Data(), as: UTF8.self)
        #expect(url == "postgres://todo:a%20b%2Bc%40d%2Fe%3Af%25g@todo-chatbot-postgresql:5432/todo")
    }

    /// Every variable the chart sets (directly or from its ConfigMap) is one the binary's
    /// sources read by that name.
    @Test(arguments: ChartVariant.allCases)
    func everyVariableOfTheChartIsOneTheBinaryReads(_ variant: ChartVariant) throws {
        let known = try Self.variablesTheSourcesRead()
        let manifests = try DeployTool.manifests(variant, set: [
            "config.webhookAllowHosts=hooks.internal", "config.smtpFrom=todo@example.com",
            "config.llm.baseURL=https://llm.example.com/v1", "config.llm.model=m", "config.llm.timeout=30",
        ])
        var names = Set<String>()
        for workload in manifests.of(kind: "Deployment") + manifests.of(kind: "Job") where workload.name.hasPrefix("todo-") {
            for container in workload.containers { names.formUnion(Self.environmentNames(container)) }
        }
        for configMap in manifests.of(kind: "ConfigMap") { names.formUnion(configMap.data.keys) }
        #expect(!names.isEmpty)
        let unknown = names.subtracting(known)
        #expect(unknown.isEmpty, "the binary reads no \(unknown.sorted())")
    }

    @Test func theChartsAppVersionIsTheBinarysVersion() throws {
        let version = try TodoBinary.run(["version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let chart = try String(contentsOf: URL(fileURLWithPath: DeployTool.chart).appendingPathComponent("Chart.yaml"), encoding: .utf8)
        #expect(version.hasPrefix("todo "))
        #expect(chart.contains("appVersion: \"\(version.dropFirst("todo ".count))\""), "Chart.yaml's appVersion is not \(version)")
    }

    // MARK: Helpers

    /// The value after `option` in an argument list.
    static func option(_ option: String, in args: [String]) -> String? {
        args.firstIndex(of: option).flatMap { args.index(after: $0) < args.endIndex ? args[args.index(after: $0)] : nil }
    }

    /// The HTTP path of a container's probe.
    static func probe(_ container: [String: Any], _ kind: String) -> String? {
        ((container[kind] as? [String: Any])?["httpGet"] as? [String: Any])?["path"] as? String
    }

    /// Runs a Job's init containers, then its containers, as the kubelet would: their
    /// arguments, their literal variables, and `database` as TODO_DATABASE_URL.
    static func runJob(_ job: Manifest, database: String) throws -> [ToolRun] {
        try (job.initContainers + job.containers).map { container in
            var environment = ["TODO_DATABASE_URL": database]
            for variable in container["env"] as? [[String: Any]] ?? [] {
                if let name = variable["name"] as? String, let value = variable["value"] as? String { environment[name] = value }
            }
            return try DeployTool.run(try TodoBinary.url().path, container["args"] as? [String] ?? [], environment: environment, timeout: .seconds(30))
        }
    }

    static func environmentNames(_ container: [String: Any]) -> Set<String> {
        Set((container["env"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
    }

    /// The variable names the binary's sources read: string literals in Sources/ in upper case.
    static func variablesTheSourcesRead() throws -> Set<String> {
        let sources = DeployTool.repository.appendingPathComponent("Sources")
        let pattern = try NSRegularExpression(pattern: #""([A-Z][A-Z0-9_]+)""#)
        var names = Set<String>()
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            guard file.pathExtension == "swift", let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                if let range = Range(match.range(at: 1), in: text) { names.insert(String(text[range])) }
            }
        }
        return names
    }
}
