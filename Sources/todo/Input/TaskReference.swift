import Foundation
import TodoCore

/// How a command names one task: its number (`12` or `#12`) or its id (a UUID).
enum TaskReference: ArgumentValue, CustomStringConvertible {
    case number(Int)
    case id(UUID)

    init?(argument: String) {
        let text = argument.trimmingWhitespace()
        let digits = text.hasPrefix("#") ? text.dropFirst() : text[...]
        if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(digits), number > 0 {
            self = .number(number)
        } else if let id = UUID(uuidString: text) {
            self = .id(id)
        } else {
            return nil
        }
    }

    static var expectedForm: String { "a task number like 12 or #12, or a task id" }

    /// `#12`, or the id in lower case.
    var description: String {
        switch self {
        case .number(let number): "#\(number)"
        case .id(let id): id.lowercasedString
        }
    }
}

extension TaskReference {
    /// Every referenced task, each once, in the order given. All are looked up before any is
    /// changed, so a mistyped number among several changes nothing.
    static func resolveAll(_ references: [TaskReference], in tasks: any TaskAccess) throws -> [TodoTask] {
        var found: [TodoTask] = []
        for reference in references {
            let task = try tasks.task(reference)
            if !found.contains(where: { $0.id == task.id }) { found.append(task) }
        }
        return found
    }
}
