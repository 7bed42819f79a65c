import Foundation
import TodoCore

/// `todo parse`: how `todo add` reads a sentence, without adding anything.
struct ParseCommand: Command {
    static let configuration = CommandConfiguration(
        name: "parse",
        abstract: "Show how a quick-add sentence is read, without adding a task.",
        examples: ["todo parse \"Pay rent every month on the 1st #home !high\"", "todo parse --json \"Call Ana tomorrow at 5pm\""])

    @Argument(valueName: "sentence", help: "The sentence, as for todo add.")
    var words: [String]

    @Option(valueName: "zone", help: "The IANA time zone the sentence is meant in (default: the local zone).")
    var timezone: String?

    @Flag(help: "Print the fields as JSON, as POST /api/v1/tasks/parse answers them.")
    var json: Bool

    func run(_ context: CommandContext) throws {
        let zoneName = timezone ?? context.localTimeZoneName
        guard let zone = ZonedTime.zone(named: zoneName) else { throw TaskValidationError.unknownTimeZone(zoneName) }
        let sentence = QuickAddParser(now: context.now, zone: zone, dateOrder: context.dateOrder).parse(words.joined(separator: " "))
        if json {
            var writer = JSONWriter()
            sentence.write(to: &writer, zoneName: zoneName, zone: zone)
            context.output.write(bytes: writer.bytes)
            context.output.write("\n")
            return
        }
        context.output.line("Title:      \(sentence.title)")
        if let due = sentence.dueAt {
            let shown = sentence.allDay ? String(RFC3339.format(due, in: zone).prefix(10)) + " (all day)" : RFC3339.format(due, in: zone)
            context.output.line("Due:        \(shown)")
        } else {
            context.output.line("Due:        none")
        }
        if let text = sentence.recurrence, let rule = try? RecurrenceRule(parsing: text) {
            let anchor = sentence.recurrenceFrom == .completion ? ", counted from completion" : ""
            context.output.line("Repeats:    \(rule.englishDescription)\(anchor) (\(text))")
        }
        context.output.line("Priority:   \(sentence.priority.rawValue)")
        if !sentence.tags.isEmpty { context.output.line("Tags:       " + sentence.tags.map { "#" + $0 }.joined(separator: " ")) }
        for reminder in sentence.reminders {
            switch reminder {
            case .minutesBefore(let minutes): context.output.line("Reminder:   \(minutes) minutes before")
            case .at(let date): context.output.line("Reminder:   at \(RFC3339.format(date, in: zone))")
            }
        }
    }
}
