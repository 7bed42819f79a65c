import Testing
@testable import TodoStore

@Suite struct ChunksTests {
    @Test func slicesCoverTheArrayInOrderWithNoneLargerThanTheSize() {
        #expect([Int]().chunks(of: 3).isEmpty)
        #expect(Array(1...7).chunks(of: 3).map(Array.init) == [[1, 2, 3], [4, 5, 6], [7]])
        #expect(Array(1...6).chunks(of: 3).map(Array.init) == [[1, 2, 3], [4, 5, 6]])
        #expect(Array(1...2).chunks(of: 1_000).map(Array.init) == [[1, 2]])
    }
}
