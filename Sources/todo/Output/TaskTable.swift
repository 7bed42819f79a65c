import TodoCore

/// Tasks as aligned columns: a marker (`!` overdue, `✓` completed), `#12`, title, due date in
/// words (and how it repeats), priority and tags (`#work #home`).
///
/// Red and dim are used only when the output is a colour terminal; otherwise the marker alone
/// says what is overdue. Rows are written straight into the output bytes: a listing of 10 000
/// tasks must render in a few milliseconds.
struct TaskTable {
    var dueFormatter: RelativeDueFormatter
    var usesColor: Bool
    /// Longest title shown before it is cut with "…"; nil = never cut.
    var maxTitleWidth: Int?

    /// What a row shows besides the task's own fields.
    private struct RowFacts {
        /// Set only when the title was cut.
        var shortenedTitle: String?
        var titleWidth: Int
        /// The due words, as a range of `dueText`.
        var due: Range<Int>
        var overdue: Bool
    }

    private struct RecurrenceKey: Hashable {
        var rule: String
        var timezone: String
    }

    private struct ColumnWidths {
        var number = 0, title = 0, due = 0, priority = 0
    }

    mutating func render(_ tasks: [TodoTask], into output: OutputBuffer) {
        var facts: [RowFacts] = []
        facts.reserveCapacity(tasks.count)
        var dueText: [UInt8] = []
        dueText.reserveCapacity(tasks.count * 16)
        var widths = ColumnWidths()
        // One wording per rule and zone: a listing shows the same few rules many times.
        var recurrenceWords: [RecurrenceKey: String] = [:]
        // Index loops, not `for task in`: a task is read in place instead of copied per row.
        for index in tasks.indices {
            var shortenedTitle: String?
            var titleWidth = TerminalText.width(of: tasks[index].title)
            if let maxTitleWidth, titleWidth > maxTitleWidth {
                let shortened = TerminalText.truncated(tasks[index].title, toWidth: maxTitleWidth)
                shortenedTitle = shortened
                titleWidth = TerminalText.width(of: shortened)
            }
            let dueStart = dueText.count
            if let dueAt = tasks[index].dueAt {
                let moment = dueFormatter.moment(dueAt: dueAt, allDay: tasks[index].allDay, timezone: tasks[index].timezone)
                dueFormatter.append(moment, to: &dueText)
            }
            if let rule = tasks[index].recurrence {
                // A repeating task says so beside its due date: `Fri 09:30 (every weekday)`.
                // Keyed by zone too: an end is said in the task's zone.
                let key = RecurrenceKey(rule: rule, timezone: tasks[index].timezone)
                let words = recurrenceWords[key] ?? TaskWording.recurrence(
                    rule, from: .due, in: ZonedTime.zone(named: key.timezone) ?? dueFormatter.localTimeZone)
                recurrenceWords[key] = words
                dueText.append(contentsOf: " (".utf8)
                dueText.append(contentsOf: words.utf8)
                dueText.append(UInt8(ascii: ")"))
            }
            let row = RowFacts(
                shortenedTitle: shortenedTitle, titleWidth: titleWidth, due: dueStart..<dueText.count,
                overdue: dueFormatter.isOverdue(tasks[index]))
            widths.number = max(widths.number, Self.digitCount(tasks[index].number) + 1)
            widths.title = max(widths.title, row.titleWidth)
            widths.due = max(widths.due, row.due.count)
            widths.priority = max(widths.priority, Self.priorityText(tasks[index].priority).utf8.count)
            facts.append(row)
        }

        output.append { bytes in
            // One allocation for the whole table.
            let rowWidth = 4 + widths.number + widths.title + widths.due + widths.priority + 8 + 16
            bytes.reserveCapacity(bytes.count + tasks.count * rowWidth * 2)
            tasks.withUnsafeBufferPointer { tasks in
                for index in tasks.indices {
                    writeRow(tasks[index], facts[index], dueText: dueText, widths: widths, to: &bytes)
                }
            }
        }
    }

    private func writeRow(
        _ task: TodoTask, _ row: RowFacts, dueText: [UInt8], widths: ColumnWidths, to bytes: inout [UInt8]
    ) {
        let completed = task.status == .completed
        let dim = usesColor && completed && !row.overdue
        if dim { Self.append(TerminalStyle.dim, to: &bytes) }
        if row.overdue {
            appendStyled("!", .red, to: &bytes)
        } else {
            bytes.append(contentsOf: (completed ? "✓" : " ").utf8)
        }
        bytes.append(UInt8(ascii: " "))

        bytes.append(UInt8(ascii: "#"))
        DecimalDigits.append(task.number, to: &bytes)
        // Padding is written only before the next non-empty cell: no trailing spaces, and a
        // column empty in every row takes no room.
        var padding = widths.number - Self.digitCount(task.number) - 1 + 2
        Self.appendSpaces(padding, to: &bytes)

        bytes.append(contentsOf: (row.shortenedTitle ?? task.title).utf8)
        padding = widths.title - row.titleWidth + 2

        if widths.due > 0 {
            if !row.due.isEmpty {
                Self.appendSpaces(padding, to: &bytes)
                if row.overdue, usesColor { Self.append(.red, to: &bytes) }
                bytes.append(contentsOf: dueText[row.due])
                if row.overdue, usesColor { Self.append(.reset, to: &bytes) }
                padding = 0
            }
            padding += widths.due - row.due.count + 2
        }

        let priority = Self.priorityText(task.priority)
        if widths.priority > 0 {
            if !priority.isEmpty {
                Self.appendSpaces(padding, to: &bytes)
                if task.priority == .high { appendStyled(priority, .bold, to: &bytes) } else { bytes.append(contentsOf: priority.utf8) }
                padding = 0
            }
            padding += widths.priority - priority.utf8.count + 2
        }

        if !task.tags.isEmpty {
            Self.appendSpaces(padding, to: &bytes)
            for (position, tag) in task.tags.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: " ")) }
                bytes.append(UInt8(ascii: "#"))
                bytes.append(contentsOf: tag.utf8)
            }
        }
        if dim { Self.append(.reset, to: &bytes) }
        bytes.append(UInt8(ascii: "\n"))
    }

    private static func priorityText(_ priority: Priority) -> String {
        priority == .none ? "" : priority.rawValue
    }

    private func appendStyled(_ text: String, _ style: TerminalStyle, to bytes: inout [UInt8]) {
        guard usesColor else { return bytes.append(contentsOf: text.utf8) }
        Self.append(style, to: &bytes)
        bytes.append(contentsOf: text.utf8)
        Self.append(.reset, to: &bytes)
    }

    private static func append(_ style: TerminalStyle, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: style.rawValue.utf8)
    }

    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 128)

    private static func appendSpaces(_ count: Int, to bytes: inout [UInt8]) {
        var remaining = count
        while remaining > 0 {
            let chunk = min(remaining, spaces.count)
            bytes.append(contentsOf: spaces[..<chunk])
            remaining -= chunk
        }
    }

    private static func digitCount(_ value: Int) -> Int {
        var count = 1
        var rest = value.magnitude
        while rest >= 10 {
            rest /= 10
            count += 1
        }
        return count
    }
}
