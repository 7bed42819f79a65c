import Testing
import TodoCore

@Suite struct AccountValidationTests {
    @Test func anEmailIsTrimmedAndLooselyChecked() throws {
        #expect(try AccountValidator.email("  ada@example.com \n") == "ada@example.com")
        for bad in ["", "ada", "ada@", "@example.com", "ada@example", "ada@.com", "ada@example.", "a@b@example.com", "a da@example.com",
                    String(repeating: "a", count: 250) + "@x.io"] {
            #expect(throws: AccountValidationError.invalidEmail(bad.trimmingWhitespace())) { try AccountValidator.email(bad) }
        }
        // One account per address however it is typed: full-width letters and a decomposed "é"
        // are the plain and composed ones; invisible characters are refused, not kept.
        #expect(try AccountValidator.email("ａｌｉｃｅ@example.com") == "alice@example.com")
        #expect(AccountValidator.emailKey("Alice@Example.com") == AccountValidator.emailKey("ａｌｉｃｅ@example.com"))
        #expect(AccountValidator.emailKey("alic\u{0065}\u{0301}@example.com") == AccountValidator.emailKey("alic\u{00E9}@example.com"))
        for invisible in ["alice@example.com\u{200B}", "al\u{200D}ice@example.com", "alice\u{202E}@example.com", "al\u{00AD}ice@example.com"] {
            #expect(throws: AccountValidationError.self, "\(invisible.debugDescription)") { try AccountValidator.email(invisible) }
        }
        // A new account's address must be mailable as it is; one registered before that rule
        // still signs in (sign-in asks only `email`).
        for unmailable in ["a,b@example.com", "<a@example.com>", "\"a b\"@example.com", "a@[127.0.0.1]", "(x)a@example.com",
                           "a;b@example.com", "a\\b@example.com", ".a@example.com", "a.@example.com", "a..b@example.com"] {
            #expect(throws: AccountValidationError.invalidEmail(unmailable), "\(unmailable)") { try AccountValidator.newAccountEmail(unmailable) }
        }
        #expect(try AccountValidator.email("a,b@example.com") == "a,b@example.com")
        #expect(try AccountValidator.newAccountEmail(" Ada.Lovelace+todo@example.co.uk ") == "Ada.Lovelace+todo@example.co.uk")
        #expect(try AccountValidator.newAccountEmail("ü@bücher.de") == "ü@bücher.de")
        // The CLI's local user has the placeholder "local", never an address someone could sign in with.
        #expect(!AccountValidator.isPlausibleEmail("local"))
    }

    @Test func statesThePasswordPolicy() throws {
        #expect(throws: AccountValidationError.passwordTooShort(field: "password")) { try AccountValidator.password("short") }
        #expect(throws: AccountValidationError.passwordTooLong(field: "new_password")) {
            try AccountValidator.password(String(repeating: "é", count: 600), field: "new_password")
        }
        try AccountValidator.password("long enough")
    }

    @Test func aNameIsKeptAsGivenWithinItsLimit() throws {
        #expect(try AccountValidator.name(nil) == nil)
        #expect(try AccountValidator.name(" Ada ") == " Ada ")
        #expect(try AccountValidator.name(String(repeating: "é", count: 200))?.count == 200)
        #expect(throws: AccountValidationError.self) { try AccountValidator.name(String(repeating: "é", count: 201)) }
    }

    @Test func aTokenNameIsTrimmedAndBounded() throws {
        #expect(try AccountValidator.tokenName(" laptop ") == "laptop")
        #expect(throws: AccountValidationError.invalidTokenName("")) { try AccountValidator.tokenName("  ") }
        // 60 letters with two combining marks each: 180 code points, over the limit of 100.
        #expect(throws: AccountValidationError.self) { try AccountValidator.tokenName(String(repeating: "a\u{0301}\u{0316}", count: 60)) }
    }

    @Test func everyErrorNamesItsFieldAndSaysWhatToDo() {
        let errors: [(AccountValidationError, String)] = [
            (.invalidEmail("x"), "email"), (.passwordTooShort(field: "password"), "password"),
            (.passwordTooLong(field: "new_password"), "new_password"), (.invalidName("x"), "name"), (.invalidTokenName("x"), "name"),
        ]
        for (error, field) in errors {
            #expect(error.field == field)
            #expect(!error.description.isEmpty)
        }
    }
}
