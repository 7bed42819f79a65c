import Foundation
import TodoCore

/// The offline agent's grammar: what a message asks for (DESIGN §6.2, issue 14 item 2). Dates,
/// priorities, tags, recurrence and reminders inside it are the quick-add parser's business;
/// this reads only the command around them. Pure: no store, no clock.
public struct IntentParser: Sendable {
    public init() {}

    public func parse(_ message: String) -> Intent {
        let collapsed = TypoCorrector.commands.corrected(Self.collapsingWhitespace(message))
        var sentence = Sentence(Self.withoutTrailingEmoji(collapsed)).trimmed
        let isQuestion = sentence.text.last == "?"
        // A question mark or full stop ends a sentence; "!" may be a priority ("!!!").
        while let last = sentence.text.last, ".?".contains(last) { sentence = Sentence(sentence.text.dropLast()).trimmed }
        // "actually sunday", "oops, 3pm": the marker of a correction is no politeness.
        if let correction = Self.correction(sentence) { return correction }
        sentence = Self.possessiveFieldEdit(sentence) ?? Self.withoutPoliteness(sentence)
        if let social = Self.social(sentence) { return social }
        if let correction = Self.correction(sentence) { return correction }
        sentence = Self.withReferenceInPlaceOfIt(sentence)
        for read in [Self.bulk, Self.tagEdit, Self.reminderEdit, Self.recurrenceEdit, Self.dueClearing, Self.rename,
                     Self.priorityStep, Self.priorityEdit, Self.reopening, Self.completion, Self.rescheduling, Self.deletion, Self.search, Self.listingOrShow, Self.addition] {
            if let intent = read(sentence) { return Self.sweeping(intent) }
        }
        if !isQuestion, let task = Self.bareTask(sentence) { return .task(task) }
        return .unknown
    }

    /// "Buy milk and eggs", "call mum at 5pm", "pay rent every month on the 1st": a message that
    /// is no command but starts with what people do with a to-do (an imperative of `taskVerbs`)
    /// is the task itself, as if after "add". Not a question, nor a request to the assistant
    /// ("text me later", "do you …", "tell me a joke"): those stay unknown and change nothing.
    static func bareTask(_ sentence: Sentence) -> String? {
        let words = sentence.lower.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "!" })
        guard words.count >= 2, taskVerbs.contains(String(words[0])) else { return nil }
        let second = String(words[1])
        if ["us", "you", "u", "yourself", "i", "we", "it", "that", "this", "them", "one", "attention"].contains(second) { return nil }
        if words[0] == "go", second != "to", second != "for" { return nil }
        // "change the plan to plan B", "set it as done": an edit that named no task, not a to-do.
        if ["change", "set", "make", "update"].contains(String(words[0])), words.contains("to") || words.contains("as") { return nil }
        // "check my tasks", "check what's due today", "pick one for me", "do something": about
        // the list or asked of the assistant.
        if words.contains(where: { notInATask.contains(String($0)) }) { return nil }
        return sentence.text
    }

    /// Words of a request about the list or to the assistant, never of a to-do read bare.
    static let notInATask: Set<String> = [
        "me", "task", "tasks", "list", "lists", "todo", "todos", "to-do", "to-dos", "anything", "something", "everything", "nothing",
        "what", "what's", "whats", "if", "whether", "u", "yourself", "completed", "overdue",
    ]

    /// Verbs a to-do starts with. Command words (add, complete, delete, move, show …) are read
    /// before; a verb also a command ("cancel", "close") is a to-do when it names no task exactly.
    static let taskVerbs: Set<String> = [
        "apply", "ask", "back", "backup", "bake", "book", "bring", "buy", "call", "cancel", "change", "charge", "chase", "check",
        "clean", "clear", "close", "collect", "confirm", "contact", "cook", "cut", "declutter", "deposit", "do", "donate", "draft",
        "drop", "dust", "email", "e-mail", "empty", "feed", "file", "fill", "finish", "fix", "fold", "follow", "get", "go", "grab",
        "hang", "help", "hire", "hoover", "install", "invite", "iron", "learn", "look", "mail", "make", "meet", "message", "mop", "mow",
        "order", "organise", "organize", "pack", "paint", "pay", "phone", "pick", "plan", "post", "practice", "practise", "prep",
        "prepare", "print", "read", "recharge", "recycle", "refill", "register", "rehearse", "renew", "repair", "replace", "reply",
        "research", "reserve", "respond", "restart", "return", "review", "ring", "run", "scan", "schedule", "sell", "send", "set",
        "shop", "shred", "sign", "start", "study", "submit", "sweep", "swim", "take", "tell", "text", "tidy", "top", "transfer",
        "unpack", "update", "upload", "vacuum", "visit", "walk", "wash", "watch", "water", "whatsapp", "withdraw", "wrap", "write",
    ]

    /// The words of `message` with one space between them. An ASCII message (nearly every one)
    /// is done on bytes; splitting by `Character` was a fifth of reading a sentence.
    static func collapsingWhitespace(_ message: String) -> String {
        guard message.utf8.allSatisfy({ $0 < 0x80 }) else { return message.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(message.utf8.count)
        var pendingSpace = false
        for byte in message.utf8 {
            // Space, \t, \n, \v, \f and \r: the ASCII that Character.isWhitespace counts.
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                pendingSpace = !bytes.isEmpty
            } else {
                if pendingSpace { bytes.append(0x20) }
                pendingSpace = false
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// "change fix bike's priority to high", "move the report's due date to friday": a field of a
    /// task named with a possessive, said as the grammar's "set the priority of fix bike to high".
    /// Only when what follows the field is a value of it ("change Sam's time sheet to friday" is
    /// no time).
    static func possessiveFieldEdit(_ sentence: Sentence) -> Sentence? {
        guard sentence.contains("'s ") || sentence.contains("’s ") || sentence.contains(" #") else { return nil }
        let sentence = withoutPoliteness(sentence)
        guard let rest = sentence.after(["change ", "set ", "update ", "move ", "make ", "push ", "switch "]) else { return nil }
        let fields: [(names: [String], phrase: String, accepts: (Sentence) -> Bool)] = [
            (["due date", "deadline", "date", "due"], "change the due date of ", { isWhen($0.lower) }),
            (["time"], "change the time of ", { isWhen($0.lower) }),
            (["priority", "prio"], "set the priority of ", { priority(named: $0) != nil }),
        ]
        var named = ["'s ", "’s "].compactMap { rest.split(on: $0, last: true) }
        // "set #1 priority to high", "make #2 due saturday": a number names the task as "X's" does.
        if rest.starts(with: "#"), let (number, tail) = rest.split(on: " "), Int(number.text.dropFirst()) != nil { named.append((number, tail)) }
        for (target, tail) in named {
            for field in fields {
                guard let value = tail.after(field.names.map { $0 + " " }) else { continue }
                let said = value.after(["to ", "as ", "for "]) ?? value
                guard field.accepts(said) else { continue }
                return Sentence(field.phrase + target.text + " to " + said.text)
            }
        }
        return nil
    }

    // MARK: Politeness and small talk

    static let politePrefixes = ["could you please ", "could you ", "can you please ", "can you ", "would you please ", "would you ",
                                 "will you ", "please ", "kindly ", "hey, ", "hey ", "ok, ", "ok ", "okay, ", "okay ", "so ", "now ",
                                 "also ", "and ", "then ", "i want you to ", "i'd like you to ", "go ahead and ", "pls ", "actually, ",
                                 "actually ", "oh, ", "oops, ", "sorry, ", "wait, ", "oh wait, ", "no wait, ",
                                 "no, wait, ", "no wait ", "oh and ", "oh also ", "and also ", "plus ", "oh ", "oops ", "whoops, ",
                                 "whoops ", "can u please ", "can u pls ", "can u ", "could u please ", "could u ", "would u ", "will u ",
                                 "pls can you ", "pls can u ", "please can you ", "plz ", "hi, ", "hi ", "hiya, ", "hiya ", "hello, ",
                                 "hello ", "hey there, ", "hey there ", "morning! ", "morning, ", "good morning! ", "good morning, ",
                                 "good morning ", "yo ", "thanks, ", "thanks! ", "thank you, ", "ok thanks, ", "cool, ", "umm, ", "umm ", "ummm ", "um, ",
                                 "um ", "uh, ", "uh ", "uhh ", "hmm, ", "hmm ", "hey there! ", "hi there! ", "hi there, ", "hi there ",
                                 "hey! ", "hi! ", "hello! "]
        // Longest first: "hey there! " before "hey ", which left "there! add …" unread.
        .sorted { $0.utf8.count > $1.utf8.count }
    static let politeSuffixes = [", please", " please", " for me", " lol", " haha", " lmao", ", thanks", " thanks", ", thank you", " thank you", ", pls", " pls",
                                 " plz", ", ta", " ta", ", thx", " thx", ", cheers", " cheers"]

    static func withoutPoliteness(_ sentence: Sentence) -> Sentence {
        var current = sentence
        while let shorter = current.after(politePrefixes) ?? current.before(politeSuffixes), !shorter.isEmpty { current = shorter }
        return current
    }

    static let confirmations: Set<String> = ["yes", "y", "yeah", "yep", "yup", "sure", "ok", "okay", "confirm", "confirmed", "do it", "yse", "yess",
                                             "yea", "ya", "ye",
                                             "go ahead", "yes please", "yes do it", "correct", "affirmative", "yes, do it", "please do"]
    static let denials: Set<String> = ["no", "n", "nope", "nah", "cancel", "never mind", "nevermind", "stop", "don't", "do not",
                                       "no thanks", "no, thanks", "don't do it", "forget it", "abort"]
    static let undos: Set<String> = ["undo", "undo that", "undo it", "revert", "revert that", "take that back", "undo the last change",
                                     "undo last", "undo the last one", "oops, undo", "oops undo"]
    static let helps: Set<String> = ["help", "help me", "what can you do", "what can i do", "how does this work", "how do i add a task",
                                     "how do i add tasks", "commands", "what do you do", "what are you", "who are you", "how do you work",
                                     "what can i say", "how do i use this", "instructions", "menu", "options"]
    static let thanks: Set<String> = ["thanks", "thank you", "thx", "ty", "cheers", "great", "perfect", "awesome", "cool", "nice",
                                      "thanks a lot", "thank you so much", "good job", "well done", "ok thanks", "great, thanks", "lovely"]
    static let greetings: Set<String> = ["hi", "hello", "hey", "good morning", "good afternoon", "good evening", "yo", "how are you",
                                         "how are you doing", "what's up", "whats up", "sup", "hiya", "howdy", "hi there", "hello there"]
    static let farewells: Set<String> = ["bye", "goodbye", "good night", "see you", "see ya", "later", "cya"]

    static func social(_ sentence: Sentence) -> Intent? {
        var bare = sentence.lower
        while let last = bare.last, "!,".contains(last) { bare.removeLast() }
        if confirmations.contains(bare) { return .confirm }
        if denials.contains(bare) { return .deny }
        if undos.contains(bare) { return .undo }
        // "help me with tags", "help with dates"; "help Raj move house sunday" is a to-do.
        if helps.contains(bare) || ["help me ", "help with ", "help on ", "help about ", "help please", "help pls", "help i "].contains(where: bare.hasPrefix) {
            return .help
        }
        if thanks.contains(bare) { return .smallTalk(.thanks) }
        if greetings.contains(bare) { return .smallTalk(.greeting) }
        if farewells.contains(bare) { return .smallTalk(.farewell) }
        return nil
    }

    // MARK: Bulk changes

    static let bulkVerbs: [(String, BulkAction)] = [
        ("delete ", .delete), ("remove ", .delete), ("clear ", .delete), ("erase ", .delete), ("get rid of ", .delete), ("wipe ", .delete),
        ("cancel ", .delete), ("drop ", .delete), ("scrap ", .delete), ("trash ", .delete),
        ("complete ", .complete), ("finish ", .complete), ("mark ", .complete), ("check off ", .complete), ("close ", .complete),
        ("reopen ", .reopen),
    ]
    /// What may follow "all" in a bulk command, so that "delete all hands prep" is one task.
    static let bulkContinuations = ["my", "tasks", "task", "the", "of", "overdue", "completed", "done", "finished", "tagged", "with", "due",
                                    "that", "which", "items", "todos", "to-dos", "things", "pending", "open", "#", "high", "low",
                                    "medium", "urgent", "important"]

    /// The words that say "tasks" without narrowing them: a sweep of only these is every task
    /// ("delete every task I have", "complete all my remaining items").
    static let everyTaskWords: Set<String> = [
        "", "my", "the", "of", "all", "every", "each", "single", "one", "ones", "task", "tasks", "todo", "todos", "to-do", "to-dos",
        "item", "items", "thing", "things", "stuff", "pending", "open", "remaining", "outstanding", "current", "existing", "active",
        "incomplete", "unfinished", "left", "i", "i've", "ive", "have", "got", "in", "on", "from", "list", "whole", "entire", "that",
        "which", "are", "is", "there", "still", "now", "at", "once", "everything",
    ]

    /// Whether `sentence` names every task and nothing narrower.
    static func namesEveryTask(_ sentence: Sentence) -> Bool {
        sentence.lower.split(separator: " ").allSatisfy { everyTaskWords.contains(String($0.filter { !"?.,!;:".contains($0) })) }
    }

    /// A priority that narrows a listing or a sweep ("high priority", "urgent", "low-priority"),
    /// and the sentence without its words.
    static func priorityFilter(in sentence: Sentence) -> (Priority, rest: Sentence)? {
        let phrases: [(String, Priority)] = [("high priority", .high), ("high-priority", .high), ("top priority", .high), ("urgent", .high),
                                             ("medium priority", .medium), ("medium-priority", .medium), ("important", .medium),
                                             ("low priority", .low), ("low-priority", .low)]
        for (phrase, priority) in phrases where sentence.containsWord(phrase) {
            let rest = sentence.lower.replacingOccurrences(of: phrase, with: " ").split(separator: " ").joined(separator: " ")
            return (priority, Sentence(rest))
        }
        return nil
    }

    static func bulk(_ sentence: Sentence) -> Intent? {
        if let move = bulkMove(sentence) { return move }
        for (verb, action) in bulkVerbs {
            guard var rest = sentence.after([verb]) else { continue }
            if verb == "mark ", let marked = rest.before([" as done", " done", " as complete", " as completed", " complete", " completed"]) {
                rest = marked
            } else if verb == "mark " {
                continue
            }
            // "clear completed", "delete the done tasks", "remove finished ones": the completed set.
            if action == .delete, let done = (rest.after(["the ", "my "]) ?? rest).before([" tasks", " ones", " todos", " items"]) ?? (verb == "clear " ? rest : nil),
               done.isOne(of: ["completed", "done", "finished", "ticked off", "checked off"]) {
                return .bulk(.delete, .completed)
            }
            // "clear my list", "delete my tasks": every task.
            if action == .delete, rest.isOne(of: ["my list", "the list", "my tasks", "my todo list", "my to-do list", "the whole list",
                                                  "my whole list", "all", "everything"]) {
                return .bulk(.delete, .all)
            }
            guard let selected = sweep(rest, completedByDefault: action == .reopen) else { continue }
            return .bulk(action, selected)
        }
        return nil
    }

    /// The set of tasks that words naming several tasks mean ("all my work tasks", "everything
    /// due friday", "my overdue tasks", "them all" after a listing); nil for words that name one
    /// task ("all hands prep") or a set not understood.
    static func sweep(_ words: Sentence, completedByDefault: Bool) -> BulkSelection? {
        // "mark them all done" after a listing: its tasks.
        if words.isOne(of: listedSets) { return .listed }
        let sweeping: Sentence
        if let afterAll = words.after(["all ", "every "]) {
            // "delete all work tasks": a word before "tasks" is a tag, as after "all my".
            guard bulkContinuations.contains(where: { afterAll.starts(with: $0) }) || topicTag(in: afterAll) != nil else { return nil }
            sweeping = afterAll
        } else if words.lower == "all" || words.lower == "everything" {
            sweeping = Sentence("")
        } else if let afterEverything = words.after(["everything "]) {
            sweeping = afterEverything
        } else if let set = words.after(["my ", "the "]) ?? Optional(words),
                  dayPossessives.keys.contains(where: { set.starts(with: $0 + " ") }) || set.starts(with: "overdue ")
                    || words.starts(with: "my ") && topic(in: Sentence("list " + set.text)) != nil,
                  set.lower.split(separator: " ").contains(where: { ["tasks", "ones", "todos", "items", "stuff"].contains($0) }) {
            // "delete yesterday's tasks", "complete my overdue tasks": a set without "all".
            sweeping = set
        } else {
            return nil
        }
        return selection(sweeping, completedByDefault: completedByDefault)
    }

    /// "make all my work tasks high priority", "add #errands to everything due saturday", "remove
    /// the work tag from all my tasks": an edit of one task whose words name a set is that edit
    /// to the set, asked to confirm first (it edited nothing, or a task titled "all my work tasks").
    static func sweeping(_ intent: Intent) -> Intent {
        guard case .edit(.title(let target), let edit) = intent, edit.storedForm != nil,
              let selected = sweep(Sentence(target), completedByDefault: false) else { return intent }
        return .bulkEdit(selected, edit)
    }

    /// "move all of today's tasks to tomorrow", "push everything due friday to monday", "move my
    /// overdue tasks to today": a set of tasks and the date they all move to.
    static func bulkMove(_ sentence: Sentence) -> Intent? {
        guard let rest = sentence.after(["move ", "reschedule ", "push ", "postpone ", "shift ", "snooze "]),
              let (set, when) = rest.split(on: " to ", last: true), isWhen(when.lower) else { return nil }
        if set.isOne(of: listedSets) { return .bulkEdit(.listed, .reschedule(when.text)) }
        var words = set.lower.split(separator: " ").map(String.init)
        if let first = words.first, ["all", "every", "everything"].contains(first) { words.removeFirst() }
        else if !words.contains(where: { dayPossessives[$0] != nil || $0 == "overdue" || $0 == "due" }) { return nil }
        let sweep = Sentence(words.joined(separator: " "))
        // "move all hands prep to friday" is one task.
        guard sweep.isEmpty || bulkContinuations.contains(where: { sweep.starts(with: $0) }) || dayPossessives.keys.contains(where: { sweep.starts(with: $0) }),
              let selected = selection(sweep, completedByDefault: false)
        else { return nil }
        return .bulkEdit(selected, .reschedule(when.text))
    }

    /// The tasks of the latest listing: "complete them all", "delete both".
    static let listedSets: Set<String> = ["them all", "all of them", "them", "those", "these", "all those", "all these", "those tasks",
                                          "these tasks", "all of those", "all of these", "both", "both of them", "all those tasks",
                                          "all these tasks", "them both"]

    /// "today's tasks" are the tasks due today.
    static let dayPossessives = ["today's": "today", "todays": "today", "tomorrow's": "tomorrow", "tomorrows": "tomorrow",
                                 "yesterday's": "yesterday", "tonight's": "today"]

    /// The set a sweep names; nil when it narrows the set with words not understood ("delete all
    /// my old tasks" is no sweep of every task: it is left to the other readings, which change
    /// nothing they cannot name).
    static func selection(_ sentence: Sentence, completedByDefault: Bool) -> BulkSelection? {
        // "of today's tasks" is "tasks due today" ("today's" was no day, and "of" was read as a tag).
        var words = sentence.lower.split(separator: " ").map(String.init)
        if let day = words.lazy.compactMap({ dayPossessives[$0] }).first {
            words.removeAll { dayPossessives[$0] != nil }
            if words.first == "of" { words.removeFirst() }
            return selection(Sentence((words + ["due", day]).joined(separator: " ")), completedByDefault: completedByDefault)
        }
        if words.first == "of" { return selection(Sentence(words.dropFirst().joined(separator: " ")), completedByDefault: completedByDefault) }
        let prioritized = priorityFilter(in: sentence)
        // A priority beside another filter is not read (nil: no sweep) rather than dropped.
        if sentence.containsWord("overdue") || sentence.containsWord("late") { return prioritized == nil ? .overdue : nil }
        // A day named narrows the set to it: "delete everything due tomorrow" swept every task.
        if let due = dueRange(in: sentence.lower.hasPrefix("due ") ? Sentence("tasks " + sentence.text) : sentence) {
            // "delete all my work tasks due tomorrow": the word before "tasks" is a tag here too.
            let named = tag(in: sentence) ?? topicTag(in: sentence).flatMap { isWhen($0) ? nil : $0 }
            return prioritized == nil ? .due(due, tag: named) : nil
        }
        // "delete all my high priority tasks" (it swept every task), "… urgent work tasks".
        if let (priority, rest) = prioritized {
            if let tag = tag(in: rest) ?? topicTag(in: rest) { return .prioritized(priority, tag: tag) }
            return namesEveryTask(rest) ? .prioritized(priority, tag: nil) : nil
        }
        if let tag = tag(in: sentence) { return .tagged(tag) }
        // "finish all my work tasks": a word before "tasks" narrows the set to that tag, as "show my
        // work tasks" does (it swept every task). A user without that tag is told there are none.
        if let tag = topicTag(in: sentence) { return .tagged(tag) }
        if sentence.containsWord("completed") || sentence.containsWord("done") || sentence.containsWord("finished") || completedByDefault { return .completed }
        return namesEveryTask(sentence) ? .all : nil
    }

    /// The tag one word before "tasks" names: "work" in "my work tasks".
    static func topicTag(in sentence: Sentence) -> String? {
        topic(in: Sentence("list " + sentence.text)).flatMap { try? TagNormalizer.normalize($0) }
    }

    /// The tag a phrase names: "#work", "tagged work", "with the tag work".
    static func tag(in sentence: Sentence) -> String? {
        let words = sentence.lower.split(separator: " ")
        if let marked = words.first(where: { $0.hasPrefix("#") && $0.count > 1 && !$0.dropFirst().allSatisfy(\.isNumber) }) {
            return try? TagNormalizer.normalize(String(marked.dropFirst()))
        }
        for marker in ["tagged", "tag", "label", "labelled", "labeled"] {
            if let index = words.firstIndex(where: { $0 == marker }), index + 1 < words.count {
                var next = words[(index + 1)...].drop(while: { $0 == "with" || $0 == "as" })
                if next.first == "the" { next = next.dropFirst() }
                if let word = next.first { return try? TagNormalizer.normalize(String(word.trimmingCharacters(in: .punctuationCharacters))) }
            }
        }
        return nil
    }

    // MARK: Edits of one task

    static func tagEdit(_ sentence: Sentence) -> Intent? {
        if let rest = sentence.after(["add the tags ", "add the tag ", "add tags ", "add tag ", "add the label ", "add label "]) {
            if let (tags, target) = rest.split(on: " to ") { return .edit(mention(target), .addTags(tagList(tags))) }
            // "add the tag #work": to the task just named (it made a task called "the tag").
            if isTagList(rest) || !rest.isEmpty && !rest.lower.contains(" ") { return .edit(.previous, .addTags(tagList(rest))) }
        }
        // "add #errands to it", "add #home #weekly to #3": #tags alone before "to" (it made a task "to it").
        if let rest = sentence.after(["add "]), let (tags, target) = rest.split(on: " to "), isTagList(tags) {
            return .edit(mention(target), .addTags(tagList(tags)))
        }
        // "remove all tags from #1", "clear the tags of the report".
        if let rest = sentence.after(["remove all tags from ", "remove all the tags from ", "remove the tags from ", "remove tags from ",
                                      "clear the tags of ", "clear the tags on ", "clear the tags from ", "clear tags from ", "clear all tags from ",
                                      "delete all tags from ", "untag everything on "]) {
            return .edit(mention(rest), .clearTags)
        }
        // "remove #work from #1".
        if let rest = sentence.after(["remove ", "delete ", "drop ", "take "]), let (tags, target) = rest.split(on: " from ", last: true)
            ?? rest.split(on: " off ", last: true), isTagList(tags) {
            return .edit(mention(target), .removeTags(tagList(tags)))
        }
        // "add #costco tag to buy groceries", "add the #work tag to it".
        if let rest = sentence.after(["add the ", "add a ", "add "]), let (named, target) = rest.split(on: " to "),
           let tags = named.before([" tags", " tag", " label"]), isTagList(tags) {
            return .edit(mention(target), .addTags(tagList(tags)))
        }
        if let rest = sentence.after(["remove the tags ", "remove the tag ", "remove tags ", "remove tag ", "delete the tag ", "delete tag "]),
           let (tags, target) = rest.split(on: " from ") {
            return .edit(mention(target), .removeTags(tagList(tags)))
        }
        // "remove the work tag from fix login bug".
        if let rest = sentence.after(["remove the ", "delete the ", "drop the "]), let (named, target) = rest.split(on: " from "),
           let tags = named.before([" tags", " tag", " label"]), !tags.lower.isEmpty {
            return .edit(mention(target), .removeTags(tagList(tags)))
        }
        if let rest = sentence.after(["untag "]) {
            // "untag #4 home", "untag home from #4", "untag prepare slides #work".
            if let (tags, target) = rest.split(on: " from ", last: true) { return .edit(mention(target), .removeTags(tagList(tags))) }
            let words = rest.text.split(separator: " ")
            if words.count >= 2, case .number = mention(Sentence(String(words[0]))) {
                return .edit(mention(Sentence(String(words[0]))), .removeTags(tagList(Sentence(words.dropFirst().joined(separator: " ")))))
            }
            let tags = words.reversed().prefix(while: { $0.hasPrefix("#") })
            if !tags.isEmpty, tags.count < words.count {
                return .edit(mention(Sentence(words.dropLast(tags.count).joined(separator: " "))),
                             .removeTags(tagList(Sentence(tags.reversed().joined(separator: " ")))))
            }
        }
        if let rest = sentence.after(["tag "]) {
            if let (target, tags) = rest.split(on: " with ", last: true) ?? rest.split(on: " as ", last: true) {
                return .edit(mention(target), .addTags(tagList(tags)))
            }
            // "tag prepare slides #work": the trailing #tags.
            let words = rest.text.split(separator: " ")
            let tags = words.reversed().prefix(while: { $0.hasPrefix("#") })
            if !tags.isEmpty, tags.count < words.count {
                return .edit(mention(Sentence(words.dropLast(tags.count).joined(separator: " "))), .addTags(tagList(Sentence(tags.reversed().joined(separator: " ")))))
            }
            // "tag it work", "tag #2 home errands": after "it" or a number the rest are tags, as after "untag #4".
            if let (first, tags) = rest.split(on: " ") {
                switch mention(first) {
                case .previous, .number: return .edit(mention(first), .addTags(tagList(tags)))
                default: break
                }
            }
        }
        return nil
    }

    /// Whether `sentence` is #tags only ("#work", "#home and #errands").
    static func isTagList(_ sentence: Sentence) -> Bool {
        let words = sentence.lower.split(whereSeparator: { $0 == " " || $0 == "," }).filter { $0 != "and" }
        // "#12" is a task's number, not a tag (DESIGN §6.1).
        return !words.isEmpty && words.allSatisfy { $0.hasPrefix("#") && !$0.dropFirst().allSatisfy(\.isNumber)
            && (try? TagNormalizer.normalize(String($0.dropFirst()))) != nil }
    }

    static func tagList(_ sentence: Sentence) -> [String] {
        sentence.lower.split(whereSeparator: { $0 == " " || $0 == "," })
            .filter { $0 != "and" && $0 != "the" }
            .compactMap { try? TagNormalizer.normalize(String($0.drop(while: { $0 == "#" }))) }
    }

    /// Whether `phrase` is how long before: "30 minutes", "15 minutes and 1 hour", "a day".
    static func isLeadTime(_ phrase: Sentence) -> Bool {
        let units: Set<String> = ["minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs", "h", "day", "days", "week", "weeks"]
        let words = phrase.lower.split(whereSeparator: { $0 == " " || $0 == "," })
        guard words.contains(where: { units.contains(String($0)) }) else { return false }
        return words.allSatisfy { word in
            units.contains(String(word)) || ["a", "an", "and", "half", "one", "two", "three", "four", "five", "ten", "fifteen", "twenty",
                                             "thirty", "forty-five"].contains(word) || word.allSatisfy(\.isNumber)
        }
    }

    /// "15 minutes and 1 hour" → "remind me 15 minutes before and 1 hour before", as quick-add reads several.
    static func reminderPhrase(_ lead: Sentence) -> String {
        let parts = lead.lower.replacingOccurrences(of: ",", with: " and ").components(separatedBy: " and ")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return "remind me " + parts.map { $0 + " before" }.joined(separator: " and ")
    }

    static func reminderEdit(_ sentence: Sentence) -> Intent? {
        // "remove the 1 hour reminder from standup": that reminder only.
        if let rest = sentence.after(["remove the ", "delete the ", "drop the "]), let (named, target) = rest.split(on: " from ", last: true),
           let lead = named.before([" reminder", " reminders"]), isLeadTime(lead) {
            return .edit(mention(target), .removeReminder(reminderPhrase(lead)))
        }
        // "remind me 30 minutes before #2", "add a reminder 15 minutes and 1 hour before to team call".
        if let rest = sentence.after(["add a reminder ", "add reminder ", "set a reminder ", "set reminder ", "add another reminder ", "remind me "]),
           let (lead, target) = rest.split(on: " before to ") ?? rest.split(on: " before for ") ?? rest.split(on: " before on ")
            ?? rest.split(on: " before "), isLeadTime(lead), !target.isEmpty {
            return .edit(mention(target), .addReminder(reminderPhrase(lead)))
        }
        if let rest = sentence.after(["add a reminder ", "add reminder ", "set a reminder ", "set reminder ", "add another reminder ", "remind me "]),
           let lead = rest.before([" before"]), isLeadTime(lead) {
            return .edit(.previous, .addReminder(reminderPhrase(lead)))
        }
        if let rest = sentence.after(["remove the reminders from ", "remove reminders from ", "remove the reminder from ",
                                      "remove the reminder of ", "clear the reminders of ", "clear reminders of ", "clear the reminders on ",
                                      "delete the reminders of ", "delete reminders of ", "no reminders for "]) {
            return .edit(mention(rest), .clearReminders)
        }
        // "add a reminder 1 hour before to submit form", "set a reminder at 9am for the report": when first.
        if let rest = sentence.after(["add a reminder ", "add reminder ", "set a reminder ", "set reminder "]) {
            let words = rest.lower.split(separator: " ")
            if words.count >= 5, words[2] == "before", ["to", "for", "on"].contains(words[3]) {
                let target = Sentence(rest.text.split(separator: " ").dropFirst(4).joined(separator: " "))
                return .edit(mention(target), .addReminder("remind me " + words.prefix(3).joined(separator: " ")))
            }
            if words.count >= 4, words[0] == "at", let separator = words.dropFirst(2).firstIndex(where: { ["to", "for", "on"].contains($0) }) {
                let target = Sentence(rest.text.split(separator: " ").dropFirst(separator + 1).joined(separator: " "))
                return .edit(mention(target), .addReminder("remind me " + words[..<separator].joined(separator: " ")))
            }
        }
        // "add a reminder 1 hour before", "also remind me a day before", "remind me at 9am": of the
        // task just named ("add a reminder 1 hour before" alone made a task of that title).
        if let rest = sentence.after(["add a reminder ", "add reminder ", "set a reminder ", "set reminder ", "add another reminder ", "remind me "]) {
            let words = rest.lower.split(separator: " ")
            if words.count == 3 && words[2] == "before" || words.count <= 3 && words.first == "at" {
                return .edit(.previous, .addReminder("remind me " + rest.lower))
            }
        }
        guard let rest = sentence.after(["add a reminder to ", "add a reminder for ", "add reminder to ", "add reminder for ",
                                         "set a reminder for ", "set a reminder on ", "set reminder for ", "remind me about ",
                                         "remind me of ", "add a reminder on "]) else { return nil }
        // A trailing "30 minutes before" or "at 9am" says when; the rest names the task.
        let words = rest.lower.split(separator: " ")
        if words.last == "before", words.count >= 3 {
            let target = Sentence(rest.text.split(separator: " ").dropLast(3).joined(separator: " "))
            let lead = words.suffix(3).joined(separator: " ")
            if !target.isEmpty { return .edit(mention(target), .addReminder("remind me " + lead)) }
        }
        if let (target, time) = rest.split(on: " at ", last: true) {
            return .edit(mention(target), .addReminder("remind me at " + time.lower))
        }
        return .edit(mention(rest), .addReminder(nil))
    }

    static let recurrenceStarts = ["every", "each", "daily", "weekly", "monthly", "yearly", "annually", "on weekdays", "biweekly"]

    static func recurrenceEdit(_ sentence: Sentence) -> Intent? {
        if sentence.isOne(of: ["stop repeating", "stop repeating it", "don't repeat it", "do not repeat it", "make it not repeat",
                               "no more repeating"]) {
            return .edit(.previous, .clearRecurrence)
        }
        if let rest = sentence.after(["stop repeating ", "don't repeat ", "do not repeat ", "unrepeat "]) {
            return .edit(mention(rest), .clearRecurrence)
        }
        if let rest = sentence.after(["make "]), let target = rest.before([" not repeat", " not recurring", " non-recurring", " one-off", " a one-off"]) {
            return .edit(mention(target), .clearRecurrence)
        }
        if let target = sentence.before([" should not repeat", " shouldn't repeat", " doesn't repeat", " should stop repeating"]) {
            return .edit(mention(target), .clearRecurrence)
        }
        // "repeat #2 every year on March 3", "repeat it weekly".
        if let rest = sentence.after(["repeat ", "recur "]) {
            if let (target, rule) = rest.split(on: " every ") { return .edit(mention(target), .recurrence("every " + rule.lower)) }
            if let (target, rule) = rest.split(on: " ", last: true), recurrenceStarts.contains(where: { rule.starts(with: $0) }) {
                return .edit(mention(target), .recurrence(rule.lower))
            }
        }
        let body = sentence.after(["make ", "set ", "have "]) ?? sentence
        for marker in [" repeat ", " repeats ", " recur ", " recurs ", " recurring ", " to repeat ", " to recur "] {
            if let (target, rule) = body.split(on: marker),
               recurrenceStarts.contains(where: { rule.starts(with: $0) }) {
                return .edit(mention(target.before([" to"]) ?? target), .recurrence(rule.lower))
            }
        }
        // "make it weekly", "make #2 every monday": the rule follows the task without "repeat".
        if body.text.utf8.count != sentence.text.utf8.count {
            let words = body.text.split(separator: " ")
            for start in words.indices.dropFirst() {
                let rule = Sentence(words[start...].joined(separator: " "))
                if recurrenceStarts.contains(where: { rule.lower == $0 || rule.starts(with: $0 + " ") }) {
                    return .edit(mention(Sentence(words[..<start].joined(separator: " "))), .recurrence(rule.lower))
                }
            }
        }
        return nil
    }

    static func dueClearing(_ sentence: Sentence) -> Intent? {
        if let rest = sentence.after(["clear the due date of ", "clear the due date on ", "clear the due date from ", "clear the date of ",
                                      "clear the date on ", "clear due date of ", "remove the due date from ", "remove the due date of ",
                                      "remove the date from ", "remove the deadline from ", "remove due date from ", "unschedule ",
                                      "clear the deadline of ", "remove the date of "]) {
            return .edit(mention(rest), .clearDue)
        }
        if let target = sentence.before([" has no due date", " has no deadline", " has no date", " is not due", " isn't due",
                                         " doesn't need a due date", " does not need a due date", " needs no due date",
                                         " doesn't need a date", " needs no date"]) {
            return .edit(mention(target), .clearDue)
        }
        // Of the task just named: "remove the due date" was read as deleting a task called "the due date".
        if sentence.isOne(of: ["remove the due date", "clear the due date", "remove the date", "clear the date", "remove the deadline",
                               "clear the deadline", "remove its due date", "clear its due date", "remove its date", "clear its date",
                               "no due date", "remove due date", "clear due date"]) {
            return .edit(.previous, .clearDue)
        }
        return nil
    }

    static func rename(_ sentence: Sentence) -> Intent? {
        // "call it Buy oat milk instead": the new title is what comes before "instead".
        let sentence = sentence.before([" instead"]) ?? sentence
        // "call it Buy oat milk", "name it …": of the task just talked about ("call it a day" is no title).
        if let title = sentence.after(["call it ", "call that ", "call this ", "name it ", "title it "]),
           !title.isOne(of: ["a day", "a night", "quits", "done", "finished", "complete", "even"]) {
            return .edit(.previous, .rename(unquoted(title.text)))
        }
        let renaming = sentence.after(["rename ", "retitle "])
        // "rename it as …", "rename #1 Call grandma": without "to", only "it" or a number can say
        // where the task ends and the title starts.
        if let rest = renaming, rest.split(on: " to ") == nil {
            if let (target, title) = rest.split(on: " as ") { return .edit(mention(target), .rename(unquoted(title.text))) }
            if let (first, title) = rest.split(on: " ") {
                let target = mention(first)
                switch target {
                case .previous, .number: return .edit(target, .rename(unquoted(title.text)))
                default: return nil
                }
            }
        }
        guard let rest = renaming ?? sentence.after(["change the title of ", "change the name of ", "change title of ",
                                                      "change name of ", "set the title of ", "update the title of "]),
              let (target, title) = rest.split(on: " to ") else {
            // "change the title to …": of the task just talked about.
            if let title = sentence.after(["change the title to ", "change the name to ", "change its title to ", "change its name to ",
                                           "set the title to ", "set its title to "]) {
                return .edit(.previous, .rename(unquoted(title.text)))
            }
            return nil
        }
        return .edit(mention(target), .rename(unquoted(title.text)))
    }

    static let priorityWords: [(String, Priority)] = [
        ("high", .high), ("urgent", .high), ("top", .high), ("important", .medium), ("medium", .medium), ("normal", .none),
        ("low", .low), ("none", .none), ("no", .none), ("p1", .high), ("p2", .medium), ("p3", .low), ("p4", .none),
    ]

    static func priority(named sentence: Sentence) -> Priority? {
        var words = sentence.lower.split(separator: " ").map(String.init)
        words.removeAll { ["a", "as", "to", "the", "priority", "prio", "level"].contains($0) }
        guard words.count == 1 else { return nil }
        return priorityWords.first { $0.0 == words[0] }?.1
    }

    /// "raise the priority of #2", "lower its priority", "bump up the priority of the report",
    /// "make it less urgent", "make #3 a higher priority": one level from the task's own.
    static func priorityStep(_ sentence: Sentence) -> Intent? {
        for (verbs, step) in [(["raise ", "increase ", "bump up ", "up "], 1), (["lower ", "decrease ", "reduce ", "bump down "], -1)] {
            guard let rest = sentence.after(verbs) else { continue }
            if rest.isOne(of: ["its priority", "the priority", "priority", "its prio", "the prio"]) { return .edit(.previous, .priorityStep(step)) }
            if let target = rest.after(["the priority of ", "the priority on ", "the priority for ", "priority of ", "priority on ",
                                        "priority for ", "the prio of "]) {
                return .edit(mention(target), .priorityStep(step))
            }
            // "raise #2's priority", "lower the report priority".
            if let target = rest.before(["'s priority", "’s priority", " priority"]) { return .edit(mention(target), .priorityStep(step)) }
        }
        if let rest = sentence.after(["make "]) {
            for (suffixes, step) in [([" less urgent", " less important", " lower priority", " a lower priority", " less of a priority"], -1),
                                     ([" more urgent", " more important", " higher priority", " a higher priority", " more of a priority"], 1)] {
                if let target = rest.before(suffixes) { return .edit(mention(target), .priorityStep(step)) }
            }
        }
        return nil
    }

    static func priorityEdit(_ sentence: Sentence) -> Intent? {
        if let rest = sentence.after(["set the priority of ", "set priority of ", "change the priority of ", "change priority of ",
                                      "set the priority for ", "update the priority of "]),
           let (target, level) = rest.split(on: " to ", last: true), let priority = priority(named: level) {
            return .edit(mention(target), .priority(priority))
        }
        if let rest = sentence.after(["remove the priority from ", "remove the priority of ", "clear the priority of ", "clear the priority on ",
                                      "remove priority from ", "clear priority of ", "no priority for "]) {
            return .edit(mention(rest), .priority(.none))
        }
        // "change the priority to high", "set priority high", "give it high priority": the task just named.
        if let level = sentence.after(["change the priority to ", "set the priority to ", "set priority to ", "change priority to ",
                                       "set its priority to ", "change its priority to ", "make the priority ", "make its priority ",
                                       "set priority ", "priority ", "give it ", "give it a "]),
           let priority = priority(named: level) {
            return .edit(.previous, .priority(priority))
        }
        if sentence.isOne(of: ["remove the priority", "clear the priority", "remove its priority", "clear its priority", "no priority"]) {
            return .edit(.previous, .priority(.none))
        }
        if let rest = sentence.after(["prioritize ", "prioritise "]) { return .edit(mention(rest), .priority(.high)) }
        if let rest = sentence.after(["deprioritize ", "deprioritise "]) { return .edit(mention(rest), .priority(.low)) }
        // "make #2 high priority", "mark it as urgent", "set pay rent to low", "change #2 to high
        // priority" (after "change", only with the word "priority": "change X to low" may be a rename).
        for (verb, needsTheWord) in [("make ", false), ("mark ", false), ("set ", false), ("change ", true), ("switch ", true)] {
            guard let rest = sentence.after([verb]) else { continue }
            let body = rest.before([" priority", " prio"]) ?? rest
            let saysPriority = body.text.count != rest.text.count
            for separator in [" as ", " to ", " "] where saysPriority || !needsTheWord {
                if let (target, level) = body.split(on: separator, last: true), let priority = priority(named: level),
                   saysPriority || separator != " " || ["urgent", "important", "p1", "p2", "p3", "p4"].contains(level.lower) {
                    return .edit(mention(target), .priority(priority))
                }
            }
        }
        if let (target, level) = sentence.split(on: " is ", last: true), level.contains("priority"), let priority = priority(named: level) {
            return .edit(mention(target), .priority(priority))
        }
        return nil
    }

    static let whenWords: Set<String> = Set(dayWords + ["at", "on", "the", "of", "next", "this", "in", "noon", "midnight", "morning",
        "afternoon", "evening", "am", "pm", "a.m.", "p.m.", "day", "days", "week", "weeks", "month", "months", "hour", "hours",
        "minute", "minutes", "an", "half", "past", "quarter", "to", "and", "o'clock", "january", "february", "march", "april", "may",
        "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
        "sep", "sept", "oct", "nov", "dec"])

    /// Whether `phrase` (lower-case) is made of date and time words only: "5pm", "friday at 9",
    /// "tomorrow 17:30", "the 3rd of may".
    static func isWhen(_ phrase: String) -> Bool {
        let words = phrase.split(separator: " ")
        guard !words.isEmpty, words.contains(where: { !["at", "on", "the", "of", "in", "to", "and", "an"].contains($0) }) else { return false }
        return words.allSatisfy { word in
            if whenWords.contains(String(word)) { return true }
            // Digits with a time's or a date's punctuation and suffixes: 5pm, 17:30, 8.15am, 3rd, 24/12.
            var digits = Substring(word)
            for suffix in ["am", "pm", "st", "nd", "rd", "th", "h"] where digits.hasASCIISuffix(suffix) { digits = digits.dropLast(suffix.count); break }
            return !digits.isEmpty && digits.first!.isNumber && digits.allSatisfy { $0.isNumber || ":./".contains($0) }
        }
    }

    /// "2nd one, move it to next monday", "#3 - mark it done": the task named first, where "it" is.
    static func withReferenceInPlaceOfIt(_ sentence: Sentence) -> Sentence {
        guard let (head, tail) = sentence.split(on: ", ") ?? sentence.split(on: " - ") else { return sentence }
        switch mention(head) {
        case .ordinal, .number: break
        default: return sentence
        }
        let words = tail.text.split(separator: " ")
        guard words.filter({ $0.lowercased() == "it" }).count == 1 else { return sentence }
        return Sentence(words.map { $0.lowercased() == "it" ? head.text : String($0) }.joined(separator: " "))
    }

    /// "no, I meant friday", "actually sunday", "sorry 3pm not 2", "not friday, next monday": the
    /// day or time just given was wrong; the task the last turn was about moves (a message that is
    /// only a date, with no marker of a correction, stays unread: it may be a question).
    static func correction(_ sentence: Sentence) -> Intent? {
        var rest = sentence, corrects = false
        if let after = rest.after(["no, ", "no ", "nope, ", "nope ", "sorry, ", "sorry ", "oops, ", "oops ", "whoops, ", "whoops ",
                                   "actually, ", "actually ", "oh wait, ", "wait, "]) {
            (rest, corrects) = (after, true)
        }
        var meant = false
        if let after = rest.after(["i meant ", "i mean ", "i said "]) {
            (rest, corrects, meant) = (after, true, true)
        } else if let after = rest.after(["make that ", "make it "]) {
            (rest, corrects) = (after, true)
        }
        // "3pm not 2", "not friday, next monday": the date said is the one that is not denied.
        if let (said, denied) = rest.split(on: " not ", last: true) ?? rest.split(on: " instead of ", last: true),
           isWhen(said.lower), isWhen(denied.lower) {
            (rest, corrects) = (said, true)
        } else if let denied = rest.after(["not "]), let (old, said) = denied.split(on: ", ") ?? denied.split(on: " but "),
                  isWhen(old.lower), isWhen(said.lower) {
            (rest, corrects) = (said, true)
        }
        rest = rest.before([" instead"]) ?? rest
        // "Lina, not Lena": one word for another, without a marker, only with the comma.
        guard corrects else { return oneWordForAnother(sentence) }
        if isWhen(rest.lower) { return .edit(.previous, .reschedule(rest.text)) }
        return meant || rest.contains(" not ") ? wordCorrection(rest) : nil
    }

    static func oneWordForAnother(_ sentence: Sentence) -> Intent? {
        guard let (said, denied) = sentence.split(on: ", not "), !said.lower.contains(" "), !denied.lower.contains(" ") else { return nil }
        return wordCorrection(sentence)
    }

    /// "(I meant) Lina, not Lena", "I meant Lina": a word of the title of the task just named,
    /// misspelt; the editor finds the word ("Lena", or the one nearest to "Lina").
    static func wordCorrection(_ sentence: Sentence) -> Intent? {
        func isWords(_ phrase: Sentence, atMost count: Int) -> Bool {
            guard case .title = mention(phrase) else { return false }
            return phrase.lower.split(separator: " ").count <= count
        }
        if let (said, denied) = sentence.split(on: ", not ") ?? sentence.split(on: " not "), isWords(said, atMost: 3), isWords(denied, atMost: 3) {
            return .edit(.previous, .correctWord(said.text, replacing: denied.text))
        }
        return isWords(sentence, atMost: 1) ? .edit(.previous, .correctWord(sentence.text, replacing: nil)) : nil
    }

    /// `text` without emoji (and their joiners and variation selectors) at its end: "feed cat
    /// done ✅", "hi 👋".
    static func withoutTrailingEmoji(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)
        while let last = scalars.last,
              last.value == 0x20 || last.value == 0xFE0F || last.value == 0x200D || (0x1F3FB...0x1F3FF).contains(last.value)
                || last.value >= 0x2190 && last.properties.isEmoji {
            scalars.removeLast()
        }
        guard scalars.count < text.unicodeScalars.count, !scalars.isEmpty else { return text }
        return String(String.UnicodeScalarView(scalars))
    }

    static func rescheduling(_ sentence: Sentence) -> Intent? {
        guard !opensAnAddition(sentence) else { return nil }
        if let rest = sentence.after(["move ", "reschedule ", "postpone ", "push back ", "push ", "defer ", "delay ", "snooze ", "change the due date of ",
                                      "change the date of ", "set the due date of ", "set the date of ", "change due date of ",
                                      "set due date of ", "update the due date of ", "change the deadline of ", "set the deadline of "]) {
            if let (target, days, minutes) = shift(rest) { return .edit(mention(target), .shift(days: days, minutes: minutes)) }
            // "move to friday", "reschedule to 5pm": the task just named.
            if let date = rest.after(["to ", "until ", "till ", "for "]), isWhen(date.lower) { return .edit(.previous, .reschedule(date.text)) }
            for separator in [" to ", " until ", " till ", " for ", " on "] {
                if let (target, date) = rest.split(on: separator, last: true) { return .edit(movedTask(target), .reschedule(date.text)) }
            }
            if let (target, date) = rest.split(on: " by ", last: true) { return .edit(mention(target), .reschedule(date.text)) }
            return nil
        }
        // Only the time changes; the task keeps its day (rule 9).
        if let rest = sentence.after(["change the time of ", "set the time of ", "change the time for ", "set the time for ", "change time of "]),
           let (target, time) = rest.split(on: " to ", last: true) ?? rest.split(on: " at ", last: true) {
            return .edit(mention(target), .reschedule(time.text))
        }
        if let time = sentence.after(["change the time to ", "set the time to ", "change time to ", "move the time to ", "set the due date to ",
                                      "change the due date to ", "set the date to ", "change the date to ", "set its due date to ",
                                      "change its due date to ", "set a due date of ", "set the deadline to ", "change the deadline to ",
                                      "set a deadline of ", "give it a due date of ", "give it a deadline of ", "make it due ", "it's due ",
                                      "its due ", "it's now due ", "that's due ", "it should be due ", "it needs to be done by "]) {
            return .edit(.previous, .reschedule(time.text))
        }
        // "change it to 5pm", "change dentist to friday", "make it 7pm": only when what follows
        // is all date and time; "change X to Y" is no rename.
        if let rest = sentence.after(["change ", "switch ", "set "]), let (target, when) = rest.split(on: " to ", last: true), isWhen(when.lower) {
            return .edit(mention(target), .reschedule(when.text))
        }
        // "set it for 8am tomorrow" ("schedule X for friday" may be a new task: not read here).
        if let rest = sentence.after(["set "]), let (target, when) = rest.split(on: " for ", last: true), isWhen(when.lower) {
            return .edit(mention(target), .reschedule(when.text))
        }
        if let rest = sentence.after(["make "]) {
            let words = rest.text.split(separator: " ")
            for start in words.indices.dropFirst() where isWhen(words[start...].joined(separator: " ").lowercased()) {
                return .edit(mention(Sentence(words[..<start].joined(separator: " "))), .reschedule(words[start...].joined(separator: " ")))
            }
        }
        // "call bank should be at 3pm instead", "#2 should be friday".
        if let (target, said) = sentence.split(on: " should be ", last: true) {
            let when = (said.before([" instead"]) ?? said)
            let phrase = when.after(["due ", "on "]) ?? when
            if isWhen(phrase.lower) { return .edit(mention(target), .reschedule(phrase.text)) }
        }
        if let (target, date) = sentence.split(on: " is due ", last: true) ?? sentence.split(on: " is now due ", last: true),
           !asksWhich(target) {
            return .edit(mention(target), .reschedule(date.text))
        }
        if let rest = sentence.after(["set "]), let (target, date) = rest.split(on: " due ", last: true) {
            return .edit(mention(target.before([" to be", " as"]) ?? target), .reschedule(date.text))
        }
        return nil
    }

    /// The task of "move it back to thursday", "push #2 forward to monday": "back" or "forward"
    /// after "it" or a number says which way, not which task (a title may end in "back").
    static func movedTask(_ target: Sentence) -> TaskMention {
        if let bare = target.before([" back", " forward", " ahead", " out"]) {
            switch mention(bare) {
            case .previous, .number, .ordinal: return mention(bare)
            default: break
            }
        }
        return mention(target)
    }

    /// "it back a day", "#3 by 2 hours", "it a week later", "dentist back by 3 days": the task and
    /// how far it moves.
    static func shift(_ rest: Sentence) -> (target: Sentence, days: Int, minutes: Int)? {
        var words = rest.lower.split(separator: " ").map(String.init)
        let original = rest.text.split(separator: " ").map(String.init)
        guard words.count >= 3 else { return nil }
        var end = words.count
        if words.last == "later" { end -= 1 }
        guard end >= 3, let unit = ["day": 1440, "days": 1440, "week": 10_080, "weeks": 10_080, "hour": 60, "hours": 60,
                                    "minute": 1, "minutes": 1][words[end - 1]] else { return nil }
        let amounts = ["a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7]
        guard let count = Int(words[end - 2]) ?? amounts[words[end - 2]], count > 0, count <= 1_000 else { return nil }
        var start = end - 2
        if start > 0, words[start - 1] == "by" { start -= 1 }
        if start > 0, words[start - 1] == "back" || words[start - 1] == "out" { start -= 1 }
        // "by" alone, "back" or "later" says it is a move by an amount, not to a day.
        let said = Set(words[start..<words.count])
        guard said.contains("by") || said.contains("back") || said.contains("out") || said.contains("later"), start > 0 else { return nil }
        words = Array(original[..<start])
        let total = count * unit
        return (Sentence(words.joined(separator: " ")), unit >= 1440 ? total / 1440 : 0, unit >= 1440 ? 0 : total)
    }

    /// "what is due today", "which one is due friday": a question about tasks, not a task named "what".
    static let questionWords: Set<String> = ["what", "whats", "what's", "which", "anything", "something", "who", "how much", "how many"]

    static func asksWhich(_ target: Sentence) -> Bool {
        let words = target.lower.split(separator: " ")
        guard let first = words.first else { return false }
        return questionWords.contains(String(first)) || words.count > 1 && questionWords.contains(words.prefix(2).joined(separator: " "))
    }

    // MARK: Status and deletion

    static let doneSuffixes = [" as done", " as complete", " as completed", " as finished", " as paid", " done", " complete", " completed",
                               " finished", " paid"]

    /// Whether `sentence` opens as a new task does ("add …", "remind me to …"): its title may end
    /// in "done" or say "is due" ("remind me to get my hair done") and is still a task to add.
    static func opensAnAddition(_ sentence: Sentence) -> Bool { sentence.starts(withAnyOf: addPrefixes) }

    /// Starts of a question about whether a task is done: never a command.
    static let doneQuestions = ["is ", "was ", "has ", "did i ", "have i "]

    static func completion(_ sentence: Sentence) -> Intent? {
        guard !opensAnAddition(sentence), !doneQuestions.contains(where: { sentence.starts(with: $0) }) else { return nil }
        // "mark it done again": the task's state is what is said, whatever it was before.
        let sentence = sentence.before([" again"]) ?? sentence
        // "mark as done", "mark done": the task just named.
        if let rest = sentence.after(["mark "]), rest.isOne(of: Set(doneSuffixes.map { String($0.dropFirst()) })) { return .complete(.previous) }
        if let rest = sentence.after(["mark "]), let target = rest.before(doneSuffixes) { return .complete(mention(target)) }
        if let rest = sentence.after(["complete ", "finish ", "finished ", "i finished ", "i completed ", "i did ", "i've done ",
                                      "i have done ", "done with ", "i'm done with ", "im done with ", "i am done with ", "check off ",
                                      "tick off ", "cross off "]) {
            return .complete(mention(rest))
        }
        if let rest = sentence.after(["close "]) { return .complete(strict(mention(rest), sentence)) }
        if let target = sentence.before([" is done", " is complete", " is completed", " is finished", "'s done", "’s done", " done", " are done",
                                         " is paid", "'s paid", "’s paid", " is sorted", " paid"]) {
            return .complete(mention(target))
        }
        // "done #10": a number only, so that "done shopping" stays what it says.
        if let rest = sentence.after(["done ", "done: ", "done - "]) {
            switch mention(rest) {
            case .number, .several: return .complete(mention(rest))
            default: break
            }
        }
        return nil
    }

    static func reopening(_ sentence: Sentence) -> Intent? {
        guard !opensAnAddition(sentence) else { return nil }
        let sentence = sentence.before([" again"]) ?? sentence
        if let rest = sentence.after(["mark "]),
           let target = rest.before([" as not done", " not done", " as undone", " undone", " as pending", " pending", " as incomplete",
                                     " incomplete", " as open", " as todo", " as not completed"]) {
            return .reopen(mention(target))
        }
        if let rest = sentence.after(["reopen ", "re-open ", "uncomplete ", "unfinish ", "undo complete ", "uncheck ", "untick ", "unmark "]) { return .reopen(mention(rest)) }
        if let rest = sentence.after(["restart "]) { return .reopen(strict(mention(rest), sentence)) }
        if let rest = sentence.after(["i didn't actually finish ", "i didn't finish ", "i did not finish ", "i haven't finished ",
                                      "i didn't actually do ", "i didn't do ", "i didn't complete ", "i haven't done "]) {
            return .reopen(mention(rest))
        }
        let claim = sentence.before([" actually", " after all", " yet"]) ?? sentence
        if let target = claim.before([" is not done", " isn't done", " is not finished", " isn't finished", " is not complete",
                                      " isn't complete", " isn't completed", " is not completed", " wasn't done", " was not done",
                                      " isnt done", " not done"]) {
            return .reopen(mention(target))
        }
        return nil
    }

    static func deletion(_ sentence: Sentence) -> Intent? {
        if let rest = sentence.after(["drop ", "cancel ", "discard ", "scrap ", "wipe "]) {
            return .delete(strict(mention(rest.before([" from my list", " from the list", " from my tasks"]) ?? rest), sentence))
        }
        guard let rest = sentence.after(["delete ", "remove ", "rm ", "get rid of ", "erase ", "trash ", "forget about "]) else { return nil }
        return .delete(mention(rest.before([" from my list", " from the list", " from my tasks"]) ?? rest))
    }

    /// The mention after a verb that is a to-do of its own as often as a command ("cancel gym
    /// membership", "close the joint account", "restart the server"): it names a task only by
    /// its exact title (or number, "it", a place in a listing); else the sentence is a new task.
    /// A part of a title named "renew gym membership", which "cancel" then deleted.
    static func strict(_ mention: TaskMention, _ sentence: Sentence) -> TaskMention {
        guard case .title(let title) = mention else { return mention }
        return .exactTitle(title, otherwise: sentence.text)
    }

    // MARK: Listings

    static func search(_ sentence: Sentence) -> Intent? {
        // "which tasks mention report?", "tasks mentioning beta".
        for start in ["which tasks mention ", "which of my tasks mention ", "what tasks mention ", "which tasks contain ",
                      "tasks mentioning ", "tasks that mention ", "any tasks mentioning ", "show tasks mentioning ", "show me tasks mentioning "] {
            if let text = sentence.after([start]), !text.isEmpty { return .search(text.text) }
        }
        guard let rest = sentence.after(["search for ", "search ", "find ", "look for ", "look up ", "find tasks about ",
                                         "find my tasks about ", "any tasks about ", "tasks about ", "anything about "]) else { return nil }
        let text = rest.after(["tasks about ", "tasks with ", "tasks mentioning ", "my tasks about ", "tasks for ", "my tasks for ",
                               "for ", "task "]) ?? rest
        return text.isEmpty ? nil : .search(text.text)
    }

    /// Starts that ask for a listing by themselves.
    static let listingStarts = ["list", "show", "display", "view", "my tasks", "tasks", "my todo", "my to-do", "agenda", "todo list",
                                "to-do list", "all tasks", "pending", "overdue", "open tasks", "due ", "today's", "todays",
                                "tomorrow's", "tomorrows", "high priority", "high-priority", "medium priority", "low priority",
                                "low-priority", "urgent tasks", "important tasks", "completed tasks", "done tasks"]
    /// Question starts, a listing only when they mention tasks or dates ("what is the meaning
    /// of life" is not one).
    static let questionStarts = ["what", "which", "whats", "what's", "do i have", "have i", "any ", "anything", "is there", "are there",
                                 "see ", "get ", "tell me", "give me", "how many"]
    static let taskWords = ["task", "todo", "to-do", "to do", "due", "overdue", "list", "agenda", "pending", "completed", "done", "finished",
                            "today", "tonight", "tomorrow", "week", "tagged", "#", "priority", "urgent", "important", "plate", "schedule",
                            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "weekend", "left", "open",
                            "finish", "complete"]

    static func listingOrShow(_ sentence: Sentence) -> Intent? {
        if let rest = sentence.after(["show me ", "show ", "open ", "details of ", "details for ", "tell me about ", "what about ",
                                      "describe ", "display "]) {
            let target = rest.after(["the details of ", "details of ", "details for "]) ?? rest
            switch mention(target) {
            case .previous, .number, .ordinal: return .show(mention(target))
            default: break
            }
        }
        // "when is the dentist?", "what's the status of the report?": a question about one task.
        if let rest = sentence.after(["when is ", "when's ", "whens ", "when was ", "what's the status of ", "whats the status of ",
                                      "what is the status of ", "status of ", "when do i have to ", "when do i need to ", "when do i have "]) {
            let target = rest.before([" due", " scheduled", " happening", " again"]) ?? rest
            if !target.isEmpty, !asksWhich(target), dueRange(in: Sentence("x " + target.text)) == nil { return .show(mention(target)) }
        }
        // "is the report done?", "did I finish the report?": shown, never changed.
        if let target = sentence.after(["is ", "was ", "has "])?.before([" done", " finished", " complete", " completed"])
            ?? sentence.after(["did i finish ", "did i complete ", "have i finished ", "have i completed ", "have i done ", "did i do "]),
           !target.isEmpty, !asksWhich(target) {
            return .show(mention(target))
        }
        // "what do I have?": every pending task.
        if sentence.isOne(of: ["what do i have", "what have i got", "what do i have to do", "what do i need to do", "what have i got to do",
                               "what's there", "what else", "what else do i have", "what is there to do", "what's there to do"]) {
            return .list(ListingRequest())
        }
        // "what's next?", "what should I do now?": the most pressing pending tasks.
        if sentence.isOne(of: pressingQuestions) { return .list(ListingRequest(pressing: true)) }
        // "what is #5 about?", "what's #5?": a question about one task is a show, not a listing.
        if sentence.contains("#"), questionStarts.contains(where: { sentence.starts(with: $0) }),
           let number = sentence.lower.split(separator: " ").lazy.compactMap({ word in
               number(in: String(word.prefix { $0 == "#" || $0.isNumber }))
           }).first {
            return .show(.number(number))
        }
        guard listingStarts.contains(where: { sentence.starts(with: $0) })
            || questionStarts.contains(where: { sentence.starts(with: $0) }) && taskWords.contains(where: { sentence.contains($0) })
        else { return nil }
        var request = ListingRequest()
        if sentence.containsWord("completed") || sentence.containsWord("done") || sentence.containsWord("finished")
            || sentence.contains("did i finish") || sentence.contains("did i complete") { request.status = .completed }
        // "show all my tasks including completed", "pending and done tasks": both kinds.
        if sentence.contains("all tasks") && (sentence.contains("including") || sentence.contains("even")) || sentence.contains("everything i")
            || request.status == .completed && (sentence.containsWord("including") || sentence.contains("as well") || sentence.containsWord("pending")
                                                || sentence.contains("and open") || sentence.contains("open and")) {
            request.status = .all
        }
        if sentence.containsWord("overdue") || sentence.containsWord("late") || sentence.contains("past due") { request.overdue = true; request.status = .pending }
        request.tag = tag(in: sentence)
        request.priority = priorityFilter(in: sentence)?.0
        request.due = dueRange(in: sentence)
        // "what did I finish today?": a day without "due" is when they were done.
        if request.status == .completed, request.due != nil, !sentence.containsWord("due") { request.completedOn = true }
        // "show my tasks about beta": a search of the pending tasks.
        if request.tag == nil,
           sentence.starts(with: "show") || sentence.starts(with: "list") || sentence.starts(with: "tasks") || sentence.starts(with: "my tasks"),
           let (_, about) = sentence.split(on: " about ", last: true), !about.isEmpty {
            return .search(about.text)
        }
        if request.tag == nil { request.topic = topic(in: sentence) }
        // "what's on my plate?" with no day, tag or status: what to do next, not every task.
        if sentence.containsWord("plate"), request == ListingRequest() { request.pressing = true }
        return .list(request)
    }

    static let pressingQuestions: Set<String> = [
        "what's next", "whats next", "what is next", "what next", "what now", "what's up next", "whats up next", "next",
        "what should i do next", "what should i do now", "what should i do", "what shall i do next", "what should i work on",
        "what should i work on next", "what should i work on now", "what should i focus on", "what should i do first",
        "what do i do next", "what do i do now", "what to do next", "what do i need to do next", "what's most urgent",
        "whats most urgent", "what is most urgent", "what's most important", "what is most important", "what's my next task",
        "whats my next task", "what is my next task", "next task", "what's the next task", "what is the next task", "what's up first",
        "what's on my plate", "whats on my plate", "what is on my plate",
    ]

    /// Words a listing's "show my X tasks" may carry that say something else than a topic.
    static let listingAdjectives: Set<String> = ["all", "my", "the", "open", "pending", "completed", "done", "finished", "overdue", "late",
                                                 "urgent", "important", "high", "medium", "low", "priority", "today's", "tomorrow's",
                                                 "todays", "tomorrows", "current", "remaining", "other", "new", "old", "recent", "me"]

    /// "show my work tasks", "list all home tasks" → "work", "home".
    static func topic(in sentence: Sentence) -> String? {
        // Most listings are questions ("what's due…"): they leave before any word is split.
        guard ["show ", "list ", "display ", "view "].contains(where: { sentence.starts(with: $0) }) else { return nil }
        let words = sentence.lower.split(separator: " ").map { String($0.filter { !"?.,!;:".contains($0) }) }
        guard let noun = words.firstIndex(where: { ["tasks", "todos", "to-dos", "items"].contains($0) }), noun >= 2 else { return nil }
        let between = words[1..<noun].filter { !listingAdjectives.contains($0) }
        guard between.count == 1, let word = between.first, word.first?.isLetter == true else { return nil }
        return word
    }

    static let dayWords = ["today", "tonight", "tomorrow", "yesterday", "monday", "tuesday", "wednesday", "thursday", "friday",
                           "saturday", "sunday", "weekend"]

    static let dateStarts = dayWords + ["this ", "next", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
                                        "in "]

    static let counts = ["one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                         "fourteen": 14, "thirty": 30]

    /// "the next 3 days", "the coming two weeks": how many days from today on.
    static func comingDays(in sentence: Sentence) -> Int? {
        guard sentence.contains("next ") || sentence.contains("coming ") || sentence.contains("following ") else { return nil }
        let words = sentence.lower.split(separator: " ").map { String($0.filter { !"?.,!;:".contains($0) }) }
        for index in words.indices.dropLast(2) where ["next", "coming", "following"].contains(words[index]) {
            guard let count = Int(words[index + 1]) ?? counts[words[index + 1]], (1...366).contains(count) else { continue }
            switch words[index + 2] {
            case "day", "days": return count
            case "week", "weeks": return count * 7
            default: continue
            }
        }
        return nil
    }

    /// The day a listing asks about: "due tomorrow", "what's on friday", "this week".
    static func dueRange(in sentence: Sentence) -> DueRange? {
        let lower = sentence.lower
        // "this weekend" is no "this week": Saturday and Sunday only.
        if sentence.containsWord("weekend") && !sentence.contains("next weekend") { return .weekend }
        if sentence.contains("this week") { return .thisWeek }
        if sentence.contains("next week") && !sentence.contains("next weeks") { return .nextWeek }
        if sentence.contains("this month") { return .thisMonth }
        if sentence.contains("next month") { return .nextMonth }
        if let days = comingDays(in: sentence) { return .days(days) }
        if let (_, phrase) = sentence.split(on: " due before ", last: true) ?? sentence.split(on: " before ", last: true) {
            return .before(phrase.lower)
        }
        for marker in [" due on ", " due by ", " due ", " for ", " on "] {
            if let (_, phrase) = sentence.split(on: marker, last: true) {
                let words = phrase.lower.split(separator: " ").prefix(while: { $0 != "tagged" && !$0.hasPrefix("#") && $0 != "with" })
                // After "due" anything is a date (an unreadable one is said so); after "for" or
                // "on" only what starts like one ("what's on my list" is no date).
                guard let first = words.first, words.count <= 4 else { continue }
                if marker.hasPrefix(" due") || dateStarts.contains(where: { first.hasPrefix($0) }) || first.first?.isNumber == true {
                    return .day(words.joined(separator: " "))
                }
            }
        }
        // Whatever else follows "due" is a date phrase this grammar cannot read: said so, rather
        // than listing every task as if no date had been asked for.
        if let (_, phrase) = sentence.split(on: " due ", last: true), !phrase.isEmpty,
           !dayWords.contains(where: { phrase.contains($0) }) {
            return .day(phrase.lower)
        }
        // "today's tasks": the possessive is the day.
        let words = lower.split(separator: " ").map { dayPossessives[String($0)].map { Substring($0) } ?? $0 }
        if let word = dayWords.first(where: { words.contains(Substring($0)) }) {
            if let index = words.firstIndex(of: Substring(word)) {
                let start = index > 0 && ["this", "next"].contains(words[index - 1]) ? index - 1 : index
                return .day(words[start...index].joined(separator: " "))
            }
        }
        return nil
    }

    // MARK: New tasks

    static let addPrefixes = [
        "add a new task to ", "add a new task called ", "add a new task named ", "add a new task: ", "add a new task ", "add a task to ",
        "add a task called ", "add a task named ", "add a task for ", "add a task: ", "add a task ", "add task to ", "add task: ", "add task ",
        "add new task: ", "add new task ", "add a todo to ", "add a todo: ", "add a todo ", "add todo to ", "add todo: ", "add todo ",
        "add a to-do to ", "add a to-do: ", "add a to-do ", "add to-do: ", "add to-do ", "create a reminder to ",
        "add an item to ", "add an item: ", "add an item ", "add to my todo list: ", "add to my todo list ", "add to my to-do list: ",
        "add to my to-do list ", "add to my list: ", "add to my list ", "add to my tasks: ", "add to my tasks ", "add to the list: ",
        "add to the list ", "add to list: ", "add to list ", "add: ", "add ",
        "create a new task called ", "create a new task to ", "create a new task: ", "create a new task ", "create a task called ",
        "create a task named ", "create a task to ", "create a task for ", "create a task: ", "create a task ", "create task: ",
        "create task ", "create a new todo: ", "create a new todo called ", "create a new todo ", "create a todo: ",
        "create a todo called ", "create a todo to ", "create a todo ", "create a new to-do: ", "create a to-do: ", "create a to-do ",
        "add a new todo: ", "add a new todo called ", "add a new todo ", "add a new to-do: ", "add a new to-do ", "make a todo: ",
        "make a todo ", "make a new task: ", "make a new task ", "create ", "make a task to ", "make a task called ", "make a task: ", "new task: ", "new task ", "new todo: ",
        "new todo ", "todo: ", "to-do: ", "task: ", "remind me to ", "remember to ", "i need to ", "i have to ", "i must ",
        "i should ", "don't forget to ", "dont forget to ", "don't let me forget to ", "note to self: ", "note: ", "put down ",
        "note down ", "jot down ", "write down ", "put ", "to do: ", "need to ", "gotta ", "got to ", "have to ", "must ",
        "i gotta ", "i got to ",
    ]

    /// What may follow a day said first: "tomorrow I need to call the bank".
    static let afterADay = ["i need to ", "i have to ", "i must ", "i should ", "remind me to ", "i've got to ", "i gotta ", "we need to ",
                            "don't forget to ", "i want to "]

    /// The rest of a message that goes on from the one before ("and laundry", "oh and call the
    /// bank tomorrow", "also renew passport"): a new task when the turn before added one.
    static func continuedAddition(_ message: String) -> String? {
        let sentence = Sentence(collapsingWhitespace(message)).trimmed
        guard let rest = sentence.after(["oh and also ", "oh and ", "and also ", "oh also ", "and ", "also ", "plus ", "& "]),
              !rest.isEmpty else { return nil }
        return rest.text
    }

    static func addition(_ sentence: Sentence) -> Intent? {
        // "tomorrow I need to call the bank", "on friday, remind me to pay rent": the day said
        // first is the new task's, as if said after it.
        if sentence.after(addPrefixes) == nil {
            for start in afterADay {
                if let (day, rest) = sentence.split(on: " " + start), isWhen(day.lower) { return .add(rest.text + " " + day.text) }
            }
        }
        guard var rest = sentence.after(addPrefixes) else { return nil }
        // "so I need to add buy butter": the request said twice.
        if let inner = rest.after(["add "]), !inner.isEmpty { rest = inner }
        rest = rest.before([" to my list", " to my tasks", " to the list", " to my todo list", " to my to-do list", " on my list",
                            " to the todo list", " on the list", " to my task list"]) ?? rest
        // "add a task: buy milk" may keep its colon or quotes around the title; "add task - buy milk" its dash.
        rest = rest.after([": ", "- ", "– ", "— "]) ?? rest
        return rest.isEmpty ? nil : .add(rest.text)
    }

    // MARK: References

    static let ordinals: [String: Int] = [
        "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5, "5th": 5,
        "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8, "ninth": 9, "9th": 9, "tenth": 10, "10th": 10,
        "last": -1, "top": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    ]
    static let pronouns: Set<String> = ["it", "that", "this", "it's", "its", "that's", "thats", "that one", "this one", "that task", "this task", "it again", "the task",
                                        "the same", "the same task", "same", "same task", "them"]

    /// How `sentence` names a task.
    static func mention(_ sentence: Sentence) -> TaskMention {
        var words = sentence.lower.split(separator: " ").map(String.init)
        let text = sentence.lower
        if pronouns.contains(text) { return .previous }
        if let number = number(in: text) { return .number(number) }
        // "#1 and #2", "#1, #3 and #4": several numbers. Titles stay one ("salt and pepper"); the
        // agent splits a title that names no task (`AgentTurn.resolve`).
        if let parts = parts(of: sentence), case let numbers = parts.compactMap({ number(in: $0.lower) }), numbers.count == parts.count {
            return .several(numbers.map { .number($0) })
        }
        // "the second one", "that second one", "the 2nd task", "number two", "the last".
        if words.first == "the" || words.count == 3 && (words.first == "that" || words.first == "this") { words.removeFirst() }
        if words.first == "number", words.count == 2, let ordinal = ordinals[words[1]] { return .ordinal(ordinal) }
        if let last = words.last, ["one", "task", "item", "todo"].contains(last), words.count == 2 { words.removeLast() }
        if words.count == 1, let ordinal = ordinals[words[0]], words[0] != "one" { return .ordinal(ordinal) }
        let title = sentence.after(["the task called ", "the task named ", "the task ", "task called ", "task named ", "task "]) ?? sentence
        return .title(unquoted(title.text))
    }

    /// The parts of "a, b and c", "a & b", "a and b": nil for one part.
    static func parts(of sentence: Sentence) -> [Sentence]? {
        guard sentence.contains(" and ") || sentence.contains(",") || sentence.contains(" & ") else { return nil }
        var parts: [Sentence] = [], rest = sentence
        // At whichever separator comes first: "#1 and #2, #3" is three parts.
        while let separator = [",", " and ", " & "].min(by: { (rest.byteOffset(of: $0, last: false) ?? .max) < (rest.byteOffset(of: $1, last: false) ?? .max) }),
              let (head, tail) = rest.split(on: separator) {
            parts.append(head)
            rest = tail.after(["and "]) ?? tail
        }
        parts.append(rest)
        return parts.count > 1 && !parts.contains(where: \.isEmpty) ? parts : nil
    }

    /// "#3", "task 3", "number 3", "task #3", "3".
    static func number(in text: String) -> Int? {
        var rest = Substring(text)
        for prefix in ["task number ", "task no. ", "task #", "task ", "number ", "no. ", "#"] where rest.hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
            break
        }
        guard !rest.isEmpty, rest.count <= 9, rest.allSatisfy(\.isASCII), let number = Int(rest), number > 0 else { return nil }
        return text.hasPrefix("#") || text.hasPrefix("task") || text.hasPrefix("number") || text.hasPrefix("no.") || text == rest ? number : nil
    }

    static func unquoted(_ text: String) -> String {
        for (open, close) in [("\"", "\""), ("'", "'"), ("“", "”"), ("‘", "’")] where text.count >= 2 && text.hasPrefix(open) && text.hasSuffix(close) {
            return String(text.dropFirst().dropLast())
        }
        return text
    }
}
