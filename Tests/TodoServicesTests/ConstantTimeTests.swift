import Testing
@testable import TodoServices

@Suite struct ConstantTimeTests {
    @Test(arguments: [
        ("", "", true), ("secret", "secret", true), ("secret", "secreT", false), ("secret", "secrets", false),
        ("", "x", false), ("x", "", false), ("tökén", "tökén", true), ("\u{0}a", "\u{0}b", false),
    ])
    func equalOnlyForTheSameBytes(_ given: String, _ expected: String, _ equal: Bool) {
        #expect(ConstantTime.equal(given, expected) == equal)
        #expect(ConstantTime.equal(Array(given.utf8), Array(expected.utf8)) == equal)
    }
}
