import Foundation
import Testing

/// Command lines refused before anything runs: exit code 2, one line on stderr pointing to
/// help, nothing on stdout, nothing written.
@Suite struct UsageErrorTests {
    private func expectUsageError(
        _ arguments: [String], message: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let sandbox = try CLISandbox()
        try sandbox.succeed("add", "Existing task")
        let before = try sandbox.snapshot()
        let result = try sandbox.runWithoutDatabase(["--db", sandbox.databaseURL] + arguments)
        #expect(result.exited, "\(result)", sourceLocation: sourceLocation)
        #expect(result.status == 2, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderr == "todo: \(message)\n", sourceLocation: sourceLocation)
        #expect(try sandbox.snapshot() == before, "the database changed", sourceLocation: sourceLocation)
    }

    @Test func unknownCommand() throws {
        try expectUsageError(["frobnicate"], message: "unknown command 'frobnicate' (see 'todo --help')")
    }

    @Test func mistypedCommandGetsASuggestion() throws {
        try expectUsageError(["lsit"], message: "unknown command 'lsit'; did you mean 'list'? (see 'todo --help')")
    }

    @Test func unknownOption() throws {
        try expectUsageError(
            ["add", "Title", "--foo"], message: "unknown option '--foo' for 'todo add' (see 'todo add --help')")
    }

    @Test func unknownGlobalOptionBeforeTheCommand() throws {
        try expectUsageError(["--verbose", "list"], message: "unknown option '--verbose' for 'todo' (see 'todo --help')")
    }

    @Test func missingTitle() throws {
        try expectUsageError(["add"], message: "missing argument <title> for 'todo add' (see 'todo add --help')")
    }

    @Test func missingTitleWithOptionsOnly() throws {
        try expectUsageError(
            ["add", "--priority", "high"], message: "missing argument <title> for 'todo add' (see 'todo add --help')")
    }

    @Test func badPriority() throws {
        try expectUsageError(
            ["add", "Title", "--priority", "urgent"],
            message: "invalid value 'urgent' for '--priority': expected one of none, low, medium, high (see 'todo add --help')")
    }

    @Test func badStatusInList() throws {
        try expectUsageError(
            ["list", "--status=open"],
            message: "invalid value 'open' for '--status': expected one of pending, completed, all; did you mean 'pending'? (see 'todo list --help')")
    }

    @Test func missingOptionValue() throws {
        try expectUsageError(["add", "Title", "--due"], message: "option '--due' needs a value <when> (see 'todo add --help')")
    }

    @Test func flagWithAValue() throws {
        try expectUsageError(["add", "Title", "--json=yes"], message: "flag '--json' takes no value (see 'todo add --help')")
    }

    @Test func unreadableDueDate() throws {
        try expectUsageError(
            ["add", "Title", "--due", "someday"],
            message: "cannot read '--due someday': use 2026-12-05, \"2026-12-05 17:00\", today, tomorrow, \"friday 5pm\", \"next monday\", \"Dec 24\" or \"in 2 hours\" (see 'todo add --help')")
    }

    @Test func dueDateThatDoesNotExist() throws {
        try expectUsageError(["add", "Title", "--due", "2026-02-30"], message: "cannot use '--due 2026-02-30': February has no 30th (see 'todo add --help')")
        try expectUsageError(["add", "Title", "--due", "Feb 29 2027 9am"],
                             message: "cannot use '--due Feb 29 2027 9am': February 2027 has no 29th (see 'todo add --help')")
        try expectUsageError(["edit", "1", "--due", "april 31"], message: "cannot use '--due april 31': April has no 31st (see 'todo edit --help')")
        try expectUsageError(["add", "Title", "--due", "4/31"], message: "cannot use '--due 4/31': April has no 31st (see 'todo add --help')")
        try expectUsageError(["add", "Title", "--due", "31/4"], message: "cannot use '--due 31/4': April has no 31st (see 'todo add --help')")
        try expectUsageError(["add", "Title", "--due", "2/29/2027"], message: "cannot use '--due 2/29/2027': February 2027 has no 29th (see 'todo add --help')")
    }

    @Test func dueDateWithMoreThanADate() throws {
        try expectUsageError(["add", "Title", "--due", "friday #work"],
                             message: "cannot read '--due friday #work': use 2026-12-05, \"2026-12-05 17:00\", today, tomorrow, \"friday 5pm\", \"next monday\", \"Dec 24\" or \"in 2 hours\" (see 'todo add --help')")
    }

    @Test func badTaskReference() throws {
        try expectUsageError(
            ["done", "first"],
            message: "invalid value 'first' for <ref>: expected a task number like 12 or #12, or a task id (see 'todo done --help')")
    }

    @Test func extraArgument() throws {
        try expectUsageError(["show", "1", "2"], message: "unexpected argument '2' for 'todo show' (see 'todo show --help')")
    }

    @Test func editWithNothingToChange() throws {
        try expectUsageError(
            ["edit", "1"],
            message: "nothing to change: give at least one of --title, --due, --no-due, --priority, --tag, --untag, --note, --timezone (see 'todo edit --help')")
    }

    @Test func editWithBothDueAndNoDue() throws {
        try expectUsageError(
            ["edit", "1", "--due", "today", "--no-due"], message: "use either --due or --no-due, not both (see 'todo edit --help')")
    }

    @Test func nonPositiveLimit() throws {
        try expectUsageError(["list", "--limit", "0"], message: "--limit must be at least 1 (got 0) (see 'todo list --help')")
    }

    @Test func nonNumericLimit() throws {
        try expectUsageError(
            ["list", "--limit", "ten"], message: "invalid value 'ten' for '--limit': expected a whole number (see 'todo list --help')")
    }

    @Test func statusDoneSuggestsCompleted() throws {
        try expectUsageError(
            ["list", "--status", "done"],
            message: "invalid value 'done' for '--status': expected one of pending, completed, all; did you mean 'completed'? (see 'todo list --help')")
    }

    @Test func mistypedSortKeyGetsASuggestion() throws {
        try expectUsageError(
            ["list", "--sort", "priorty"],
            message: "invalid value 'priorty' for '--sort': expected one of due, priority, created, updated, title, relevance; did you mean 'priority'? (see 'todo list --help')")
    }

    @Test func aTitleThatLooksLikeAnOptionHintsAtDoubleDash() throws {
        try expectUsageError(
            ["add", "-x"],
            message: "unknown option '-x' for 'todo add'; to give '-x' as text, put it after --: todo add -- -x (see 'todo add --help')")
        try expectUsageError(
            ["add", "-x marks the spot"],
            message: "unknown option '-x marks the spot' for 'todo add'; to give '-x marks the spot' as text, put it after --: todo add -- '-x marks the spot' (see 'todo add --help')")
    }

    @Test func editRefusesTheSameTagToAddAndRemove() throws {
        try expectUsageError(
            ["edit", "1", "--tag", "a", "--untag", "#A"],
            message: "--tag and --untag both name 'a': give each tag to one of them (see 'todo edit --help')")
    }

    @Test func parseOfNothingIsRefusedAsAddIs() throws {
        for command in ["add", "parse"] {
            let sandbox = try CLISandbox()
            let result = try sandbox.run(command, "")
            #expect(result.status == 2, "\(command): \(result)")
            #expect(result.stderr == "todo: title must not be empty\n", "\(command): \(result)")
        }
    }

    @Test func eventsTailRefusesAnUnknownTopic() throws {
        try expectUsageError(
            ["events", "tail", "--topic", "task-event"],
            message: "unknown topic 'task-event': use one of task-events, task-updates, reminders, task-events.dlq, task-updates.dlq, reminders.dlq; did you mean 'task-events'? (see 'todo events --help')")
    }

    @Test func eventsTailWithJSONSaysWhatTailPrints() throws {
        let result = try CLISandbox().run("events", "tail", "--json")
        #expect(result.status == 2)
        #expect(result.stderr == #"{"error":{"code":"usage_error","message":"--json goes with status; tail prints one line per event (time, topic, type, task, sequence, id) (see 'todo events --help')"}}"# + "\n")
    }
}
