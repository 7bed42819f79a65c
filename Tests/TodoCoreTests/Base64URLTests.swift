import Foundation
import Testing
import TodoCore

@Suite struct Base64URLTests {
    @Test(arguments: [
        ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy"),
    ])
    func encodesRFC4648Vectors(_ plain: String, _ encoded: String) {
        #expect(Data(plain.utf8).base64URLEncodedString() == encoded)
        #expect(Data(base64URLEncoded: encoded) == Data(plain.utf8))
    }

    @Test func usesTheURLSafeAlphabetAndRoundTripsEveryByte() {
        let bytes = Data([0xFB, 0xFF, 0xBF] + (0...255).map { UInt8($0) })
        let encoded = bytes.base64URLEncodedString()
        #expect(encoded.hasPrefix("-_-_"))
        #expect(!encoded.contains("+") && !encoded.contains("/") && !encoded.contains("="))
        #expect(Data(base64URLEncoded: encoded) == bytes)
        for length in 0..<40 {
            let sample = Data((0..<length).map { _ in UInt8.random(in: 0...255) })
            #expect(Data(base64URLEncoded: sample.base64URLEncodedString()) == sample)
        }
    }

    @Test(arguments: ["Zm9v=", "Zm9v+", "Zm9v/", "Z", "Zm9vY", "Zm9vYh", "Zm 9v", "Zm9\u{00e9}"])
    func refusesWhatIsNotUnpaddedBase64URL(_ text: String) {
        #expect(Data(base64URLEncoded: text) == nil)
    }
}
