/// What a command says about itself in help: its name, a one-line abstract and examples.
struct CommandConfiguration: Sendable {
    var name: String
    /// Other names the command answers to (`ls` for `list`).
    var aliases: [String]
    /// One line, starting with a verb, ending with a full stop.
    var abstract: String
    /// Paragraphs shown after the abstract in the command's own help.
    var discussion: String?
    /// Complete command lines, shown under EXAMPLES.
    var examples: [String]

    init(name: String, aliases: [String] = [], abstract: String, discussion: String? = nil, examples: [String] = []) {
        self.name = name
        self.aliases = aliases
        self.abstract = abstract
        self.discussion = discussion
        self.examples = examples
    }
}
