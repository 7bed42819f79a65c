import Foundation
import TodoCore

/// Which of a user's tasks a title mention names (DESIGN §6.2): an exact title (compared
/// case-insensitively, whitespace and end punctuation ignored) wins even when other titles
/// contain it; else the titles containing it; else those whose words start with its words;
/// else the same without a leading article ("the dentist" names "Dentist appointment").
public enum TaskMatcher {
    public static func matches(_ mention: String, in tasks: [TodoTask]) -> [TodoTask] {
        let wanted = normalized(mention)
        guard !wanted.isEmpty else { return [] }
        let titles = tasks.map { normalized($0.title) }
        let exact = zip(tasks, titles).filter { $0.1 == wanted }.map(\.0)
        if !exact.isEmpty { return exact }
        let containing = zip(tasks, titles).filter { $0.1.contains(wanted) }.map(\.0)
        if !containing.isEmpty { return containing }
        let words = wanted.split(separator: " ")
        let byWords = zip(tasks, titles).filter { _, title in
            let titleWords = title.split(separator: " ")
            return words.allSatisfy { word in titleWords.contains { $0.hasPrefix(word) } }
        }.map(\.0)
        if !byWords.isEmpty { return byWords }
        // "move the dentist to thursday": an article or "my" that no title has is not part of the name.
        for article in ["the ", "my ", "a ", "an ", "our "] where wanted.hasPrefix(article) && wanted.count > article.count {
            return matches(String(wanted.dropFirst(article.count)), in: tasks)
        }
        // "complete the passport task": the kind of thing named, not part of its name.
        for noun in [" task", " todo", " item", " one"] where wanted.hasSuffix(noun) && wanted.count > noun.count {
            return matches(String(wanted.dropLast(noun.count)), in: tasks)
        }
        return []
    }

    /// Lower-cased, words separated by one space, without the punctuation around words.
    static func normalized(_ text: String) -> String {
        text.lowercased()
            .split(whereSeparator: { $0.isWhitespace })
            .map { $0.trimmingCharacters(in: CharacterSet.punctuationCharacters.subtracting(CharacterSet(charactersIn: "#&+"))) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
    }
}
