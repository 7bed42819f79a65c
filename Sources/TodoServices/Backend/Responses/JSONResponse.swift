import TodoCore
import TodoHTTP

/// A handler's result that answers as a JSON document, written with the one `JSONWriter`:
/// the one place a controller's JSON becomes a response, with its status and headers.
protocol JSONResponse: ResponseGenerator {
    /// 200 unless the result says otherwise (201 for what a request created).
    var status: HTTPStatus { get }
    /// Bytes reserved for the document, so that a typical one is written without regrowing.
    var expectedSize: Int { get }
    func write(to json: inout JSONWriter)
    /// Headers beside `Content-Type` (a task's `ETag`, a new resource's `Location`).
    func addHeaders(to headers: inout HTTPHeaders)
}

extension JSONResponse {
    var status: HTTPStatus { .ok }
    var expectedSize: Int { 512 }
    func addHeaders(to headers: inout HTTPHeaders) {}

    func response() -> HTTPResponse {
        var json = JSONWriter(capacity: expectedSize)
        write(to: &json)
        var response = HTTPResponse.json(json.bytes, status: status)
        addHeaders(to: &response.headers)
        return response
    }
}
