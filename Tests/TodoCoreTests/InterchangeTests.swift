import Foundation
import Testing
@testable import TodoCore

/// iCalendar's text form, tasks as VTODOs and as todo.txt lines, both ways.
@Suite struct ICalendarTextTests {
    @Test func readsFoldedLinesParametersAndEscapes() throws {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nSUMMARY:Buy milk\\, eggs\\; and\\nbread \\\\ more\r\n"
            + "DESCRIPTION:a long line that\r\n  was folded\r\n\tonce more\r\n"
            + "DUE;TZID=\"America/New_York\";X-A=a,\"b:c\":20261224T170000\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
        let roots = try ICalendarText.parse(text)
        #expect(roots.count == 1)
        let todo = try #require(roots.first?.components("VTODO").first)
        #expect(todo.line == 2)
        #expect(todo.property("summary")?.text == "Buy milk, eggs; and\nbread \\ more")
        #expect(todo.property("DESCRIPTION")?.text == "a long line that was foldedonce more")
        let due = try #require(todo.property("DUE"))
        #expect(due.parameter("tzid") == "America/New_York")
        #expect(due.parameter("X-A") == "a,b:c")
        #expect(due.value == "20261224T170000")
    }

    @Test func acceptsBareLineFeedsAndBlankLines() throws {
        let roots = try ICalendarText.parse("BEGIN:VCALENDAR\n\nBEGIN:VTODO\nSUMMARY:x\nEND:VTODO\nEND:VCALENDAR")
        #expect(roots.first?.components("VTODO").first?.property("SUMMARY")?.text == "x")
    }

    @Test(arguments: [
        ("BEGIN:VCALENDAR\r\nEND:VTODO\r\n", "line 2: END:VTODO closes BEGIN:VCALENDAR of line 1"),
        ("BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\n", "line 2: BEGIN:VTODO is never ended"),
        ("SUMMARY:x\r\n", "line 1: SUMMARY outside of any BEGIN:…/END:… component"),
        ("BEGIN:VCALENDAR\r\nno colon here\r\nEND:VCALENDAR\r\n", "line 2: property NO has no \":\" before its value"),
        ("BEGIN:VCALENDAR\r\nDUE;TZID=\"open:x\r\nEND:VCALENDAR\r\n", "line 2: a quoted value of parameter TZID is never closed"),
        ("END:VCALENDAR\r\n", "line 1: END:VCALENDAR without a BEGIN"),
    ])
    func refusesWhatIsNotICalendar(text: String, message: String) {
        #expect(throws: ICalendarSyntaxError.self) { try ICalendarText.parse(text) }
        do {
            _ = try ICalendarText.parse(text)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func foldsAt75OctetsWithoutSplittingACharacter() throws {
        let line = "SUMMARY:" + String(repeating: "é", count: 100) + String(repeating: "x", count: 30)
        let folded = ICalendarText.folded(line)
        let physical = folded.split(separator: "\r\n", omittingEmptySubsequences: true)
        #expect(physical.count > 2)
        for part in physical { #expect(part.utf8.count <= 75) }
        #expect(physical.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        #expect(folded.hasSuffix("\r\n"))
        let back = try ICalendarText.parse("BEGIN:X\r\n" + folded + "END:X\r\n")
        #expect(back.first?.property("SUMMARY")?.value == String(line.dropFirst(8)))
        #expect(ICalendarText.folded("SHORT:x") == "SHORT:x\r\n")
    }
}

@Suite struct VTodoCalendarTests {
    let created = Date(timeIntervalSince1970: 1_796_000_000)

    func task(_ title: String, number: Int, configure: (inout TodoTask) -> Void = { _ in }) -> TodoTask {
        var task = TodoTask(id: UUID(), number: number, title: title, createdAt: created, updatedAt: created.addingTimeInterval(60))
        configure(&task)
        return task
    }

    /// What a task's fields would be were it imported: the fields a file carries.
    func fields(_ task: TodoTask) -> [String] {
        [task.title, task.description, task.status.rawValue, task.priority.rawValue, task.tags.joined(separator: ","),
         task.dueAt.map { "\($0.timeIntervalSince1970)" } ?? "-", "\(task.allDay)", task.timezone, task.recurrence ?? "-",
         task.recurrenceFrom.rawValue, "\(task.reminders)"]
    }

    func fields(_ draft: TaskDraft) -> [String] {
        [draft.title, draft.description, draft.status.rawValue, draft.priority.rawValue, draft.tags.joined(separator: ","),
         draft.dueAt.map { "\($0.timeIntervalSince1970)" } ?? "-", "\(draft.allDay)", draft.timezone, draft.recurrence ?? "-",
         draft.recurrenceFrom.rawValue, "\(draft.reminders)"]
    }

    @Test func everyFieldOfATaskComesBack() throws {
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        let tasks = [
            task("Pay rent", number: 1) {
                $0.timezone = "Europe/Berlin"
                $0.dueAt = ZonedTime.instant(of: CivilDate(year: 2027, month: 1, day: 1), hour: 9, in: berlin)
                $0.recurrence = "FREQ=MONTHLY;BYMONTHDAY=1"
                $0.priority = .high
                $0.tags = ["home", "money"]
                $0.reminders = [.minutesBefore(1440), .minutesBefore(90), .at(Date(timeIntervalSince1970: 1_798_700_000))]
            },
            task("Dentist, then; lunch", number: 2) {
                $0.description = "Bring the card\nand, the letter; \\ ok"
                $0.timezone = "America/New_York"
                $0.dueAt = ZonedTime.startOfDay(CivilDate(year: 2026, month: 12, day: 24), in: TimeZone(identifier: "America/New_York")!)
                $0.allDay = true
                $0.priority = .medium
            },
            task("Water plants", number: 3) {
                $0.dueAt = Date(timeIntervalSince1970: 1_797_000_000)
                $0.recurrence = "FREQ=WEEKLY;INTERVAL=2"
                $0.recurrenceFrom = .completion
                $0.priority = .low
            },
            task("Old thing", number: 4) {
                $0.status = .completed
                $0.completedAt = Date(timeIntervalSince1970: 1_796_100_000)
                $0.timezone = "Asia/Kolkata"
            },
        ]
        let text = VTodoCalendar.write(tasks, productVersion: "1.2.3")
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Todo Chatbot//todo 1.2.3//EN\r\n"))
        #expect(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"))
        #expect(!text.contains("TZID:America/New_York"), "an all-day date needs no zone")
        #expect(text.contains("DUE;TZID=Europe/Berlin:20270101T090000\r\n"))
        #expect(text.contains("DUE;VALUE=DATE:20261224\r\n"))
        #expect(text.contains("DUE:20261211T144000Z\r\n"))
        #expect(text.contains("TRIGGER;RELATED=END:-P1D\r\n"))
        #expect(text.contains("TRIGGER;RELATED=END:-PT1H30M\r\n"))
        #expect(text.contains("CATEGORIES:home,money\r\n"))
        #expect(text.contains("SUMMARY:Dentist\\, then\\; lunch\r\n"))
        #expect(text.contains("STATUS:COMPLETED\r\n") && text.contains("COMPLETED:20261201T044000Z"))
        #expect(text.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 75 })

        let items = try VTodoCalendar.read(text, timezone: "UTC")
        #expect(items.map(\.key) == tasks.map(\.id.lowercasedString))
        for (item, task) in zip(items, tasks) {
            let draft = try item.outcome.get()
            #expect(fields(draft) == fields(task))
        }
    }

    @Test func readsWhatOtherAppsWrite() throws {
        // Thunderbird's zone ids and X-LIC-LOCATION, Apple's floating times, Outlook's VALUE=DATE-TIME triggers.
        let text = """
            BEGIN:VCALENDAR
            PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN
            VERSION:2.0
            BEGIN:VTIMEZONE
            TZID:Custom Berlin
            X-LIC-LOCATION:Europe/Berlin
            END:VTIMEZONE
            BEGIN:VTODO
            UID:thunderbird-1
            SUMMARY:Call the bank
            DUE;TZID=/mozilla.org/20050126_1/Europe/Paris:20270310T143000
            PRIORITY:3
            CATEGORIES:Work Stuff,Calls
            CATEGORIES:calls
            BEGIN:VALARM
            TRIGGER:-PT15M
            ACTION:DISPLAY
            END:VALARM
            BEGIN:VALARM
            TRIGGER:PT15M
            ACTION:DISPLAY
            END:VALARM
            END:VTODO
            BEGIN:VTODO
            UID:apple-2
            SUMMARY:Floating
            DUE:20270310T080000
            BEGIN:VALARM
            TRIGGER;VALUE=DATE-TIME:20270309T120000Z
            END:VALARM
            END:VTODO
            BEGIN:VTODO
            UID:custom-3
            SUMMARY:Custom zone
            DUE;TZID=Custom Berlin:20270310T080000
            PRIORITY:7
            END:VTODO
            BEGIN:VTODO
            UID:custom-3
            RECURRENCE-ID:20270317T080000
            SUMMARY:One instance moved
            END:VTODO
            BEGIN:VTODO
            UID:no-title
            END:VTODO
            BEGIN:VTODO
            UID:cancelled
            SUMMARY:Never mind
            STATUS:CANCELLED
            END:VTODO
            BEGIN:VTODO
            UID:bad-zone
            SUMMARY:Zone
            DUE;TZID=Mars Standard Time:20270310T080000
            END:VTODO
            BEGIN:VTODO
            UID:outlook-4
            SUMMARY:Outlook\\nwith a line break
            DUE;TZID="W. Europe Standard Time":20270310T080000
            END:VTODO
            BEGIN:VTODO
            UID:duration-5
            SUMMARY:\(String(repeating: "long ", count: 120))
            DTSTART;VALUE=DATE:20270313
            DURATION:P2D
            END:VTODO
            BEGIN:VTODO
            UID:bad-date
            SUMMARY:Date
            DUE:20270230
            END:VTODO
            BEGIN:VTODO
            SUMMARY:No uid
            COMPLETED:20261201T100000Z
            LAST-MODIFIED:20261201T100500Z
            END:VTODO
            BEGIN:VEVENT
            UID:event
            SUMMARY:An event is not a task
            END:VEVENT
            END:VCALENDAR
            """
        let items = try VTodoCalendar.read(text, timezone: "America/Chicago")
        #expect(items.map(\.key) == ["thunderbird-1", "apple-2", "custom-3", "custom-3", "no-title", "cancelled", "bad-zone", "outlook-4",
                                      "duration-5", "bad-date", "VTODO No uid"])

        let bank = try items[0].outcome.get()
        #expect(bank.timezone == "Europe/Paris")
        #expect(bank.dueAt == Date(timeIntervalSince1970: 1_804_685_400)) // 2027-03-10T13:30:00Z
        #expect(bank.priority == .high)
        #expect(bank.tags == ["work-stuff", "calls"])
        #expect(bank.reminders == [.minutesBefore(15)], "an alarm after the due time is left out")

        let floating = try items[1].outcome.get()
        #expect(floating.timezone == "America/Chicago")
        #expect(floating.dueAt == Date(timeIntervalSince1970: 1_804_687_200)) // 08:00 CST = 14:00Z
        #expect(floating.reminders == [.at(Date(timeIntervalSince1970: 1_804_593_600))])

        let custom = try items[2].outcome.get()
        #expect(custom.timezone == "Europe/Berlin")
        #expect(custom.dueAt == Date(timeIntervalSince1970: 1_804_662_000)) // 08:00 CET = 07:00Z
        #expect(custom.priority == .low)

        #expect(items[3].outcome.failure?.code == "instance_override")
        #expect(items[4].outcome.failure?.code == "no_title")
        #expect(items[5].outcome.failure?.code == "cancelled")
        #expect(items[6].outcome.failure?.code == "unknown_time_zone")
        #expect(items[6].outcome.failure?.message.contains("Mars Standard Time") == true)
        let outlook = try items[7].outcome.get()
        #expect(outlook.title == "Outlook with a line break")
        #expect(outlook.timezone == "Europe/Berlin" && outlook.dueAt == Date(timeIntervalSince1970: 1_804_662_000))
        let lasting = try items[8].outcome.get()
        #expect(lasting.title.unicodeScalars.count == TaskValidationError.maxTitleLength && lasting.title.hasSuffix("long…"))
        // Two days of the calendar across Chicago's clock change (14 March): 15 March 00:00 CDT.
        #expect(lasting.allDay && lasting.dueAt == Date(timeIntervalSince1970: 1_805_086_800))
        #expect(items[9].outcome.failure?.code == "invalid_date")
        let done = try items[10].outcome.get()
        #expect(done.status == .completed && done.completedAt == Date(timeIntervalSince1970: 1_796_119_200))
        #expect(items[10].modifiedAt == Date(timeIntervalSince1970: 1_796_119_500))
        #expect(items[0].modifiedAt == nil)
    }

    @Test func floatingTimesAreInTheCalendarsOwnZoneWhenItNamesOne() throws {
        let text = "BEGIN:VCALENDAR\r\nX-WR-TIMEZONE:Asia/Tokyo\r\nBEGIN:VTODO\r\nUID:g\r\nSUMMARY:x\r\nDUE:20270310T080000\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
        let draft = try #require(try VTodoCalendar.read(text, timezone: "UTC").first).outcome.get()
        #expect(draft.timezone == "Asia/Tokyo" && draft.dueAt == Date(timeIntervalSince1970: 1_804_633_200)) // 2027-03-09T23:00Z
    }

    @Test func aRepeatingTaskIsOneSeriesInTheCalendar() throws {
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        let series = UUID()
        let due = ZonedTime.instant(of: CivilDate(year: 2027, month: 1, day: 4), hour: 9, in: berlin)
        let created = Date(timeIntervalSince1970: 1_796_000_000)
        var done = TodoTask(id: UUID(), number: 1, title: "Standup", dueAt: due, timezone: "Europe/Berlin",
                            recurrence: "FREQ=WEEKLY;UNTIL=20270301", seriesID: series, createdAt: created, updatedAt: created)
        done.status = .completed
        done.completedAt = created
        var next = done
        next.id = UUID()
        next.status = .pending
        next.completedAt = nil
        next.dueAt = due.addingTimeInterval(7 * 86_400)
        var allDay = next
        allDay.id = UUID()
        allDay.allDay = true
        allDay.dueAt = ZonedTime.startOfDay(CivilDate(year: 2027, month: 1, day: 4), in: berlin)
        allDay.recurrence = "FREQ=DAILY;UNTIL=20270301T230000Z"
        let text = VTodoCalendar.write([done, next, allDay], productVersion: "1")
        #expect(text.components(separatedBy: "\r\nRRULE:FREQ=WEEKLY").count == 2, "only the pending occurrence is a series")
        #expect(text.contains("X-TODO-RRULE:FREQ=WEEKLY;UNTIL=20270301\r\n"))
        // UNTIL beside a zoned DTSTART is UTC (the end of the day named), beside a date a date.
        #expect(text.contains("RRULE:FREQ=WEEKLY;UNTIL=20270301T225959Z\r\n"))
        #expect(text.contains("RRULE:FREQ=DAILY;UNTIL=20270302\r\n"))
        #expect(text.contains("X-TODO-SERIES:\(series.lowercasedString)\r\n"))
        let back = try VTodoCalendar.read(text, timezone: "UTC").map { try $0.outcome.get() }
        #expect(back.map(\.seriesID) == [series, series, series])
        #expect(back[0].recurrence == "FREQ=WEEKLY;UNTIL=20270301" && back[0].status == .completed)
        #expect(back[0].completedAt == created)
    }

    /// 01:30 on the night New York's clocks go back is two instants: the second is written in UTC.
    @Test func aWallTimeTheClocksShowTwiceIsWrittenAsItsInstant() throws {
        let created = Date(timeIntervalSince1970: 1_796_000_000)
        let first = Date(timeIntervalSince1970: 1_793_511_000) // 2026-11-01T01:30-04:00
        let second = first.addingTimeInterval(3600) // 01:30-05:00
        let tasks = [first, second].map {
            TodoTask(id: UUID(), number: 1, title: "x", dueAt: $0, timezone: "America/New_York", createdAt: created, updatedAt: created)
        }
        let text = VTodoCalendar.write(tasks, productVersion: "1")
        #expect(text.contains("DUE;TZID=America/New_York:20261101T013000\r\n"))
        #expect(text.contains("DUE:20261101T063000Z\r\n"))
        let back = try VTodoCalendar.read(text, timezone: "UTC").map { try $0.outcome.get() }
        #expect(back.map(\.dueAt) == [first, second])
    }

    @Test func aFileThatIsNotACalendarIsRefusedWhole() {
        #expect(throws: ICalendarSyntaxError.self) { try VTodoCalendar.read("", timezone: "UTC") }
        #expect(throws: ICalendarSyntaxError.self) { try VTodoCalendar.read("BEGIN:VCARD\r\nEND:VCARD\r\n", timezone: "UTC") }
    }

    @Test(arguments: [(-15, "-PT15M"), (-90, "-PT1H30M"), (-1440, "-P1D"), (-10080, "-P1W"), (-1530, "-P1DT1H30M"), (0, "PT0M")])
    func durations(minutes: Int, text: String) {
        #expect(VTodoCalendar.duration(minutes: minutes) == text)
        #expect(VTodoCalendar.durationSeconds(text) == minutes * 60)
    }

    @Test func malformedDurationsAreNotDurations() {
        for text in ["", "P", "-PT", "PT5", "P5H", "PTM", "T5M", "P1Y", "PT99999999999M"] {
            #expect(VTodoCalendar.durationSeconds(text) == nil, "\(text)")
        }
    }
}

@Suite struct TodoTxtTests {
    @Test func readsTheFormatsParts() throws {
        let text = "\u{FEFF}(A) 2026-11-20 Pay taxes +finance @home due:2027-04-15 owner:me\r\n"
            + "x 2026-12-01 2026-11-01 Old thing pri:B\n\n"
            + "Water plants rec:+2w due:2026-12-10\n"
            + "Stretch rec:1b due:2026-12-10\n"
            + "+onlytags @and due:2026-12-01\n"
            + "Bad due:2026-02-30\n"
            + "Odd rec:3q due:2026-12-10\n"
        let items = TodoTxt.read(text, timezone: "Europe/Berlin")
        #expect(items.map(\.place) == ["line 1", "line 2", "line 4", "line 5", "line 6", "line 7", "line 8"])
        let taxes = try items[0].outcome.get()
        #expect(taxes.title == "Pay taxes owner:me")
        #expect(taxes.priority == .high)
        #expect(taxes.tags == ["finance", "home"])
        #expect(taxes.allDay && taxes.timezone == "Europe/Berlin")
        #expect(taxes.dueAt == Date(timeIntervalSince1970: 1_807_740_000)) // 2027-04-15T00:00+02:00
        let old = try items[1].outcome.get()
        #expect(old.title == "Old thing" && old.status == .completed && old.priority == .medium)
        let plants = try items[2].outcome.get()
        #expect(plants.recurrence == "FREQ=WEEKLY;INTERVAL=2" && plants.recurrenceFrom == .due)
        let stretch = try items[3].outcome.get()
        #expect(stretch.recurrence == "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR" && stretch.recurrenceFrom == .completion)
        #expect(items[4].outcome.failure?.code == "no_title")
        #expect(items[5].outcome.failure?.code == "invalid_date")
        #expect(try items[6].outcome.get().title == "Odd rec:3q", "a rec: that is no repetition is words of the title")
        #expect(items[0].fields == [.title, .status, .priority, .tags, .due, .dueDayOnly])
        #expect(items[2].fields.contains(.recurrence))
        #expect(taxes.createdAt == Date(timeIntervalSince1970: 1_795_129_200)) // 2026-11-20T00:00+01:00
        #expect(items[0].key == "todo.txt pay taxes owner:me")
    }

    /// A line's identity is its id, else its title: marked done, or moved, it is the same task;
    /// the same title twice is two tasks.
    @Test func aLinesIdentityIsItsIdElseItsTitle() throws {
        let text = "(A) Call plumber due:2026-03-20\nx 2026-03-10 (A) Call plumber due:2026-03-21\nBuy milk\nBuy milk\n"
            + "Renew passport id:0a20f043-112b-5c2a-b976-9963631dd2b9\n"
        let items = TodoTxt.read(text, timezone: "UTC")
        #expect(items.map(\.key) == ["todo.txt call plumber", "todo.txt call plumber\n2", "todo.txt buy milk", "todo.txt buy milk\n2",
                                      "0a20f043-112b-5c2a-b976-9963631dd2b9"])
        let done = try items[1].outcome.get()
        #expect(done.status == .completed && done.priority == .high && done.title == "Call plumber")
        #expect(done.completedAt == Date(timeIntervalSince1970: 1_773_100_800)) // 2026-03-10T00:00Z
        #expect(try items[4].outcome.get().title == "Renew passport")
    }

    @Test func writesWhatItReadsBack() throws {
        let zone = try #require(TimeZone(identifier: "Europe/Berlin"))
        let created = ZonedTime.instant(of: CivilDate(year: 2026, month: 11, day: 20), hour: 10, in: zone)
        var pending = TodoTask(id: UUID(), number: 1, title: "Pay rent", priority: .high, tags: ["home"],
                               dueAt: ZonedTime.instant(of: CivilDate(year: 2026, month: 12, day: 1), hour: 9, in: zone),
                               timezone: "Europe/Berlin", recurrence: "FREQ=MONTHLY", createdAt: created, updatedAt: created)
        var done = TodoTask(id: UUID(), number: 2, title: "Filed", priority: .low, timezone: "Europe/Berlin", createdAt: created,
                            updatedAt: created)
        done.status = .completed
        done.completedAt = created.addingTimeInterval(86_400)
        let text = TodoTxt.write([pending, done])
        #expect(text == "(A) 2026-11-20 Pay rent +home due:2026-12-01 rec:+1m id:\(pending.id.lowercasedString)\n"
                    + "x 2026-11-21 2026-11-20 Filed pri:C id:\(done.id.lowercasedString)\n")
        let back = TodoTxt.read(text, timezone: "Europe/Berlin")
        #expect(back.map(\.key) == [pending.id.lowercasedString, done.id.lowercasedString])
        let first = try back[0].outcome.get()
        #expect(first.title == "Pay rent" && first.priority == .high && first.tags == ["home"] && first.recurrence == "FREQ=MONTHLY")
        #expect(first.recurrenceFrom == .due && first.allDay)
        let second = try back[1].outcome.get()
        #expect(second.title == "Filed" && second.status == .completed && second.priority == .low)
        // A rule whose parts restate the due date (the 1st, a Tuesday) is the same rec:; one that
        // says more is left out rather than written wrong.
        pending.recurrence = "FREQ=MONTHLY;BYMONTHDAY=1"
        #expect(TodoTxt.write([pending]).contains(" rec:+1m "))
        #expect(TodoTxt.lineRule(of: pending)! == ("FREQ=MONTHLY", .due))
        pending.recurrence = "FREQ=WEEKLY;BYDAY=TU"
        #expect(TodoTxt.write([pending]).contains(" rec:+1w "))
        for rule in ["FREQ=MONTHLY;BYMONTHDAY=15", "FREQ=WEEKLY;BYDAY=MO", "FREQ=WEEKLY;BYDAY=TU,TH", "FREQ=MONTHLY;BYDAY=1TU",
                     "FREQ=DAILY;BYMONTHDAY=1", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=1;COUNT=3"] {
            pending.recurrence = rule
            #expect(!TodoTxt.write([pending]).contains("rec:"), "\(rule)")
        }
        pending.recurrence = "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=1"
        #expect(TodoTxt.write([pending]).contains(" rec:+1y "))
    }
}

@Suite struct ImportedTimesTests {
    /// An imported task keeps its own creation and completion times, never after now; one
    /// completed before the creation it names (or with none) was created by then.
    @Test func aDraftKeepsItsTimesWithinNow() throws {
        let now = Date(timeIntervalSince1970: 1_796_000_000)
        var draft = TaskDraft(title: "Old", status: .completed)
        draft.completedAt = Date(timeIntervalSince1970: 1_577_934_245) // 2020-01-02T03:04:05Z
        let old = try draft.makeTask(id: UUID(), number: 1, now: now)
        #expect(old.completedAt == draft.completedAt && old.createdAt == draft.completedAt && old.updatedAt == now)
        draft.createdAt = Date(timeIntervalSince1970: 1_500_000_000)
        #expect(try draft.makeTask(id: UUID(), number: 1, now: now).createdAt == draft.createdAt)
        draft.completedAt = now.addingTimeInterval(3600)
        draft.createdAt = now.addingTimeInterval(60)
        let future = try draft.makeTask(id: UUID(), number: 1, now: now)
        #expect(future.completedAt == now && future.createdAt == now)
    }
}

@Suite struct InterchangeFormatTests {
    @Test func sniffsTheFormatFromTheContents() {
        #expect(InterchangeFormat.sniffed(Array("\u{FEFF}\r\n begin:vcalendar\r\n".utf8)) == .ics)
        #expect(InterchangeFormat.sniffed(Array("  [{\"title\": \"x\"}]".utf8)) == .json)
        #expect(InterchangeFormat.sniffed(Array("{\"tasks\": []}".utf8)) == .json)
        #expect(InterchangeFormat.sniffed(Array("(A) Call mom".utf8)) == .todotxt)
        #expect(InterchangeFormat.sniffed([]) == .todotxt)
        #expect(InterchangeFormat(name: "ICAL") == .ics)
        #expect(InterchangeFormat(name: "todo.txt") == .todotxt)
        #expect(InterchangeFormat(name: "csv") == nil)
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
