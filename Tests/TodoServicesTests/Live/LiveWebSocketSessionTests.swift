import Foundation
import Testing
import TodoEvents
import TodoHTTP
@testable import TodoServices
import TodoStore
import TodoTestSupport

/// A `/ws` client that never authenticates is closed with 1008 once the timeout passes.
@Suite(.enabled(if: TestComponent.websockets.runsTests, "needs the Python websockets package: run scripts/test"))
struct LiveWebSocketSessionTests {
    static let silentClient = #"""
import json, sys
from websockets.sync.client import connect
from websockets.exceptions import ConnectionClosed
with connect("ws://127.0.0.1:%s/ws" % sys.argv[1]) as ws:
    try:
        ws.recv(timeout=10)
    except (ConnectionClosed, TimeoutError):
        pass
    print(json.dumps({"close_code": ws.close_code, "close_reason": ws.close_reason}))
"""#

    @Test func aClientThatNeverAuthenticatesIsClosedWith1008AfterTheTimeout() throws {
        try TestComponent.websockets.require()
        let database = try TestDatabase(.sqlite)
        let store = try StoreFactory.open(DatabaseURL(database.url))
        defer { store.close() }
        let live = LiveUpdates(history: LiveHistory(database: store.eventLog.database), metrics: EventMetrics(), logger: .disabled,
                               clock: { Date() })
        let router = Router<AppContext>()
        router.ws("/ws") { _, _ in
            LiveWebSocketSession(live: live, signedIn: nil, authenticationTimeout: .milliseconds(300)) { _, _ in
                throw HTTPError.unauthorized("no")
            }
        }
        let server = HTTPServer(configuration: HTTPServerConfiguration(port: 0, threads: 1, workerThreads: 1),
                                responder: router.buildResponder())
        try server.start()
        defer { server.shutdown(gracePeriod: .zero) }
        let start = ContinuousClock.now
        let output = try PythonScript.run(Self.silentClient, arguments: [String(server.port)])
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(answer["close_code"] as? Int == 1008)
        #expect((answer["close_reason"] as? String)?.hasPrefix("authenticate within") == true)
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(live.hub.connections == 0)
    }
}
