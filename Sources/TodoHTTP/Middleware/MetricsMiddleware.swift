import Dispatch
import Synchronization

/// Requests answered, by method and status class, and how long they took, for `/metrics`:
/// `todo_http_requests_total{method,code}` and the histogram
/// `todo_http_request_duration_seconds`. Relaxed atomic adds, no lock: the health probe's
/// whole answer costs a few microseconds, and this must not show in it.
public final class HTTPMetrics: Sendable {
    /// The methods counted by name; any other is "other".
    static let methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "other"]
    static let classes = ["1xx", "2xx", "3xx", "4xx", "5xx"]
    /// Upper bounds of the duration buckets, in microseconds (1 ms to 10 s), then +Inf.
    static let bounds: [UInt64] = [1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000, 10_000_000]

    private let requests: InlineArray<40, Atomic<Int>>
    /// Requests per bucket (not cumulative: summed when written), the last one past every bound.
    private let buckets: InlineArray<13, Atomic<Int>>
    private let totalMicroseconds = Atomic<Int>(0)

    public init() {
        requests = InlineArray { _ in Atomic(0) }
        buckets = InlineArray { _ in Atomic(0) }
    }

    func count(method: HTTPMethod, status: Int, microseconds: UInt64) {
        let row = switch method.rawValue {
        case "GET": 0
        case "POST": 1
        case "PUT": 2
        case "PATCH": 3
        case "DELETE": 4
        case "HEAD": 5
        case "OPTIONS": 6
        default: 7
        }
        requests[row * 5 + min(4, max(0, status / 100 - 1))].add(1, ordering: .relaxed)
        var bucket = 0
        while bucket < Self.bounds.count, microseconds > Self.bounds[bucket] { bucket += 1 }
        buckets[bucket].add(1, ordering: .relaxed)
        totalMicroseconds.add(Int(clamping: microseconds), ordering: .relaxed)
    }

    /// The counters in the Prometheus text format; methods and classes never seen are left out.
    public func prometheusText() -> String {
        var text = "# HELP todo_http_requests_total HTTP requests answered, by method and status class.\n"
            + "# TYPE todo_http_requests_total counter\n"
        for row in 0..<Self.methods.count {
            for column in 0..<Self.classes.count {
                let value = requests[row * 5 + column].load(ordering: .relaxed)
                if value > 0 { text += "todo_http_requests_total{method=\"\(Self.methods[row])\",code=\"\(Self.classes[column])\"} \(value)\n" }
            }
        }
        text += "# HELP todo_http_request_duration_seconds Time from a request's arrival at the router to its response.\n"
            + "# TYPE todo_http_request_duration_seconds histogram\n"
        var cumulative = 0
        for bucket in 0..<Self.bounds.count {
            cumulative += buckets[bucket].load(ordering: .relaxed)
            text += "todo_http_request_duration_seconds_bucket{le=\"\(Double(Self.bounds[bucket]) / 1_000_000)\"} \(cumulative)\n"
        }
        cumulative += buckets[Self.bounds.count].load(ordering: .relaxed)
        text += "todo_http_request_duration_seconds_bucket{le=\"+Inf\"} \(cumulative)\n"
        text += "todo_http_request_duration_seconds_sum \(Double(totalMicroseconds.load(ordering: .relaxed)) / 1_000_000)\n"
        text += "todo_http_request_duration_seconds_count \(cumulative)\n"
        return text
    }
}

/// Counts every request in `HTTPMetrics`, probes included: a rate of failing probes is news.
public struct MetricsMiddleware<Context: RequestContext>: Middleware {
    let metrics: HTTPMetrics

    public init(_ metrics: HTTPMetrics) {
        self.metrics = metrics
    }

    public func handle(_ request: HTTPRequest, context: Context,
                       next: (HTTPRequest, Context) throws -> HTTPResponse) throws -> HTTPResponse {
        let start = DispatchTime.now().uptimeNanoseconds
        let response = try next(request, context)
        metrics.count(method: request.method, status: response.status.code,
                      microseconds: (DispatchTime.now().uptimeNanoseconds - start) / 1000)
        return response
    }
}
