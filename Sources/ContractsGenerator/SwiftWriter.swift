/// Writes Swift source already in the repository's `swift-format` style, so that formatting it changes nothing.
///
/// Four spaces per level; a list (parameters, arguments, generic arguments, an array literal) stays on one line
/// when the line fits in ``lineLength`` columns, and otherwise puts each item on its own line, which `swift-format`
/// keeps as it is (it respects existing line breaks). Never two blank lines in a row, none after an opening brace.
struct SwiftWriter {
    /// The longest line, as `.swift-format`'s `lineLength`.
    static let lineLength = 120

    private(set) var text = ""
    private var level = 0
    private var lastLineBlank = true
    private var lastLineOpens = false

    /// Appends one line at the current indentation.
    mutating func line(_ content: String) {
        text += content.isEmpty ? "\n" : indentation + content + "\n"
        lastLineBlank = content.isEmpty
        lastLineOpens = content.hasSuffix("{")
    }

    /// Appends several lines.
    mutating func lines(_ contents: [String]) {
        for content in contents { line(content) }
    }

    /// A blank line, unless the previous line is blank or opens a block.
    mutating func blank() {
        guard !lastLineBlank, !lastLineOpens else { return }
        line("")
    }

    /// A documentation comment, wrapped to the line length.
    ///
    /// The strings are joined into paragraphs: an empty string separates paragraphs, one starting with `- ` starts
    /// a list item (whose wrapped lines are indented by two spaces), and the others continue the current paragraph.
    mutating func doc(_ contents: String...) {
        var paragraphs: [(text: String, item: Bool)] = []
        for content in contents {
            if content.isEmpty {
                paragraphs.append(("", false))
            } else if content.hasPrefix("- ") {
                paragraphs.append((content, true))
            } else if let last = paragraphs.last, !last.text.isEmpty {
                paragraphs[paragraphs.count - 1].text += " " + content.drop { $0 == " " }
            } else {
                paragraphs.append((content, false))
            }
        }
        let width = Self.lineLength - level * 4 - 4
        for (text, item) in paragraphs {
            guard !text.isEmpty else {
                line("///")
                continue
            }
            var current = ""
            for word in text.split(separator: " ", omittingEmptySubsequences: true) {
                if current.isEmpty {
                    current = String(word)
                } else if current.count + 1 + word.count <= width {
                    current += " " + word
                } else {
                    line("/// " + current)
                    current = (item ? "  " : "") + word
                }
            }
            if !current.isEmpty { line("/// " + current) }
        }
    }

    /// `opening`, the body one level deeper, then `}`.
    mutating func block(_ opening: String, _ body: (inout SwiftWriter) -> Void) {
        line(opening)
        level += 1
        body(&self)
        level -= 1
        line("}")
    }

    /// Like ``block(_:_:)`` with a list opening it: `head` + items + `tail`, where `tail` ends with `{`.
    mutating func block(_ head: String, _ items: [String], _ tail: String, _ body: (inout SwiftWriter) -> Void) {
        list(head, items, tail)
        level += 1
        body(&self)
        level -= 1
        line("}")
    }

    /// Runs `body` one level deeper.
    mutating func indented(_ body: (inout SwiftWriter) -> Void) {
        level += 1
        body(&self)
        level -= 1
    }

    /// `head`, the items separated by `, `, then `tail`: on one line when it fits, else one item per line (with a
    /// trailing comma after the last when `trailingComma`, as array literals have).
    mutating func list(_ head: String, _ items: [String], _ tail: String, trailingComma: Bool = false) {
        let single = head + items.joined(separator: ", ") + tail
        if items.isEmpty || fits(single) {
            line(single)
            return
        }
        line(head)
        level += 1
        for (index, item) in items.enumerated() {
            line(item + (index < items.count - 1 || trailingComma ? "," : ""))
        }
        level -= 1
        line(tail)
    }

    /// An item of a list that may itself be a list (an array literal among arguments).
    struct ListItem {
        let head: String
        let items: [String]
        let tail: String

        /// A plain item.
        init(_ text: String) {
            head = text
            items = []
            tail = ""
        }

        /// A nested list: `head`, the items, `tail`; written one item per line (with a trailing comma, as an array
        /// literal) when it does not fit on its own line.
        init(_ head: String, _ items: [String], _ tail: String) {
            self.head = head
            self.items = items
            self.tail = tail
        }

        var flat: String { items.isEmpty ? head + tail : head + items.joined(separator: ", ") + tail }
    }

    /// Like ``list(_:_:_:trailingComma:)`` with items that may be lists themselves.
    mutating func list(_ head: String, nested items: [ListItem], _ tail: String) {
        let single = head + items.map(\.flat).joined(separator: ", ") + tail
        if items.isEmpty || fits(single) {
            line(single)
            return
        }
        line(head)
        level += 1
        for (index, item) in items.enumerated() {
            let comma = index < items.count - 1 ? "," : ""
            if item.items.isEmpty {
                line(item.flat + comma)
            } else {
                list(item.head, item.items, item.tail + comma, trailingComma: true)
            }
        }
        level -= 1
        line(tail)
    }

    /// Whether `content` fits on one line at the current indentation.
    func fits(_ content: String) -> Bool {
        level * 4 + content.count <= Self.lineLength
    }

    private var indentation: String { String(repeating: " ", count: level * 4) }
}
