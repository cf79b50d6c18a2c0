/// An element of a parsed XML document: name (without namespace prefix), attributes, child elements and the
/// text directly inside it. Enough for S3 and AWS error documents; not a general XML model.
public struct XMLElement: Sendable, Equatable {
    public var name: String
    public var attributes: [String: String]
    public var children: [XMLElement]
    /// The element's own character data (entities decoded, CDATA included), concatenated.
    public var text: String

    public init(name: String, attributes: [String: String] = [:], children: [XMLElement] = [], text: String = "") {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// The first child called `name`.
    public func child(_ name: String) -> XMLElement? {
        children.first { $0.name == name }
    }

    /// Every child called `name`, in order (a flattened XML list such as `<Contents>` entries).
    public func children(_ name: String) -> [XMLElement] {
        children.filter { $0.name == name }
    }

    /// The text of the child reached through `path` (e.g. `"Error", "Code"`), or nil.
    public func text(_ path: String...) -> String? {
        var element = self
        for name in path {
            guard let next = element.child(name) else { return nil }
            element = next
        }
        return element.text
    }

    /// The first element called `name` in a depth-first walk of this element and its descendants.
    public func descendant(_ name: String) -> XMLElement? {
        if self.name == name { return self }
        for child in children {
            if let found = child.descendant(name) { return found }
        }
        return nil
    }
}

/// Builds small XML documents with correct escaping (request bodies such as CompleteMultipartUpload).
struct XMLWriter {
    private(set) var output = #"<?xml version="1.0" encoding="UTF-8"?>"#

    mutating func open(_ name: String, namespace: String? = nil) {
        output += namespace.map { "<\(name) xmlns=\"\($0)\">" } ?? "<\(name)>"
    }

    mutating func close(_ name: String) { output += "</\(name)>" }

    mutating func element(_ name: String, _ text: String) {
        output += "<\(name)>\(Self.escape(text))</\(name)>"
    }

    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.append(character)
            }
        }
        return result
    }
}
