/// The coding keys the JSON coders make up themselves: array positions, `super`, and keys read from objects
/// whose type has no `CodingKey` of its own. Also formats a coding path for messages (`months[2].period`).
struct JSONCodingKey: CodingKey, Sendable {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }

    /// The position `index` of an array.
    static func index(_ index: Int) -> JSONCodingKey { JSONCodingKey(intValue: index) }

    /// The key `superEncoder()`/`superDecoder()` use, as JSONEncoder does.
    static let `super` = JSONCodingKey(stringValue: "super")

    /// A coding path as a reader would write it: `months[2].period`; array positions in brackets, the keys of
    /// objects separated by dots; "the top level" when empty.
    static func describe(_ path: [any CodingKey]) -> String {
        guard !path.isEmpty else { return "the top level" }
        var text = ""
        for key in path {
            if let index = key.intValue, key is JSONCodingKey {
                text += "[\(index)]"
            } else {
                if !text.isEmpty { text += "." }
                text += key.stringValue
            }
        }
        return text
    }
}
