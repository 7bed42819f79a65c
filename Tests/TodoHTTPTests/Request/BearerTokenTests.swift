import Testing
import TodoHTTP

@Suite struct BearerTokenTests {
    private func token(_ authorization: String?) -> String? {
        let headers: HTTPHeaders = authorization.map { ["Authorization": $0] } ?? [:]
        return HTTPRequest(method: .get, path: "/", headers: headers).bearerToken
    }

    @Test func theTokenFollowsTheSchemeInAnyCaseWithBlanksAroundItIgnored() {
        #expect(token("Bearer abc.def-ghi") == "abc.def-ghi")
        #expect(token("bearer abc") == "abc")
        #expect(token("BEARER \t abc \t ") == "abc")
        #expect(token("Bearer é") == "é")
    }

    @Test func anythingElseIsNoToken() {
        #expect(token(nil) == nil)
        #expect(token("Basic dXNlcjpwYXNz") == nil)
        #expect(token("Bearer") == nil)
        #expect(token("Bearer ") == nil)
        #expect(token("Bearer  \t ") == nil)
        #expect(token("Bearerabc") == nil)
        #expect(token("Beare abc") == nil)
        #expect(token("Béarer abc") == nil)
    }
}
