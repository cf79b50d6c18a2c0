/// A small, strict-enough XML parser for AWS responses: elements, attributes, character data with the five
/// predefined entities and numeric references, CDATA sections; skips the declaration, comments, processing
/// instructions and DOCTYPE. No DTDs, no external entities (so nothing to exploit), no FoundationXML.
public struct XMLScanner {
    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0
    private static let maxDepth = 256

    /// Parses a whole document and returns its root element.
    public static func parse(_ bytes: [UInt8]) throws(AWSError) -> XMLElement {
        var scanner = XMLScanner(bytes: bytes)
        scanner.skipMisc()
        guard scanner.peek(UInt8(ascii: "<")) else { throw scanner.error("expected a root element") }
        let root = try scanner.parseElement()
        scanner.skipMisc()
        guard scanner.index == bytes.count else { throw scanner.error("unexpected content after the root element") }
        return root
    }

    /// Parses a document given as text.
    public static func parse(_ text: String) throws(AWSError) -> XMLElement {
        try parse(Array(text.utf8))
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func error(_ message: String) -> AWSError {
        AWSError(.invalidResponse, "invalid XML at byte \(index): \(message)")
    }

    private func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

    private func starts(with text: String) -> Bool {
        let pattern = Array(text.utf8)
        guard index + pattern.count <= bytes.count else { return false }
        return bytes[index..<(index + pattern.count)].elementsEqual(pattern)
    }

    private mutating func skip(past terminator: String) throws(AWSError) {
        let pattern = Array(terminator.utf8)
        while index + pattern.count <= bytes.count {
            if bytes[index..<(index + pattern.count)].elementsEqual(pattern) {
                index += pattern.count
                return
            }
            index += 1
        }
        throw error("unterminated construct, expected \(terminator)")
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    /// Whitespace, `<?…?>`, comments and `<!DOCTYPE …>` outside the root element.
    private mutating func skipMisc() {
        while true {
            skipWhitespace()
            if starts(with: "<?") {
                guard (try? skip(past: "?>")) != nil else { return }
            } else if starts(with: "<!--") {
                guard (try? skip(past: "-->")) != nil else { return }
            } else if starts(with: "<!DOCTYPE") || starts(with: "<!doctype") {
                guard (try? skip(past: ">")) != nil else { return }
            } else {
                return
            }
        }
    }

    private mutating func parseName() throws(AWSError) -> String {
        let start = index
        while index < bytes.count,
            !(bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D
                || bytes[index] == UInt8(ascii: ">") || bytes[index] == UInt8(ascii: "/")
                || bytes[index] == UInt8(ascii: "="))
        {
            index += 1
        }
        guard index > start else { throw error("expected a name") }
        let name = String(decoding: bytes[start..<index], as: UTF8.self)
        if let colon = name.lastIndex(of: ":") { return String(name[name.index(after: colon)...]) }
        return name
    }

    private mutating func parseElement() throws(AWSError) -> XMLElement {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw error("elements nested too deeply") }
        index += 1  // "<"
        var element = XMLElement(name: try parseName())
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw error("unterminated start tag <\(element.name)>") }
            if starts(with: "/>") {
                index += 2
                return element
            }
            if peek(UInt8(ascii: ">")) {
                index += 1
                break
            }
            let attribute = try parseName()
            skipWhitespace()
            guard peek(UInt8(ascii: "=")) else { throw error("expected = after attribute \(attribute)") }
            index += 1
            skipWhitespace()
            guard index < bytes.count, bytes[index] == 0x22 || bytes[index] == 0x27 else {
                throw error("expected a quoted value for attribute \(attribute)")
            }
            let quote = bytes[index]
            index += 1
            let start = index
            while index < bytes.count, bytes[index] != quote { index += 1 }
            guard index < bytes.count else { throw error("unterminated attribute value") }
            element.attributes[attribute] = try decodeEntities(bytes[start..<index])
            index += 1
        }
        try parseContent(into: &element)
        return element
    }

    private mutating func parseContent(into element: inout XMLElement) throws(AWSError) {
        var text: [UInt8] = []
        while true {
            guard index < bytes.count else { throw error("unterminated element <\(element.name)>") }
            if starts(with: "</") {
                index += 2
                let name = try parseName()
                skipWhitespace()
                guard name == element.name, peek(UInt8(ascii: ">")) else {
                    throw error("expected </\(element.name)>, found </\(name)")
                }
                index += 1
                element.text = String(decoding: text, as: UTF8.self)
                return
            } else if starts(with: "<![CDATA[") {
                index += 9
                let start = index
                try skip(past: "]]>")
                text += bytes[start..<(index - 3)]
            } else if starts(with: "<!--") {
                try skip(past: "-->")
            } else if starts(with: "<?") {
                try skip(past: "?>")
            } else if peek(UInt8(ascii: "<")) {
                element.children.append(try parseElement())
            } else {
                let start = index
                while index < bytes.count, bytes[index] != UInt8(ascii: "<") { index += 1 }
                text += Array(try decodeEntities(bytes[start..<index]).utf8)
            }
        }
    }

    private func decodeEntities(_ slice: ArraySlice<UInt8>) throws(AWSError) -> String {
        guard slice.contains(UInt8(ascii: "&")) else { return String(decoding: slice, as: UTF8.self) }
        var output: [UInt8] = []
        var position = slice.startIndex
        while position < slice.endIndex {
            let byte = slice[position]
            guard byte == UInt8(ascii: "&") else {
                output.append(byte)
                position += 1
                continue
            }
            guard let end = slice[position...].firstIndex(of: UInt8(ascii: ";")), end - position <= 12 else {
                throw error("unterminated entity reference")
            }
            let name = String(decoding: slice[(position + 1)..<end], as: UTF8.self)
            switch name {
            case "lt": output.append(UInt8(ascii: "<"))
            case "gt": output.append(UInt8(ascii: ">"))
            case "amp": output.append(UInt8(ascii: "&"))
            case "quot": output.append(UInt8(ascii: "\""))
            case "apos": output.append(UInt8(ascii: "'"))
            default:
                guard name.hasPrefix("#") else { throw error("unknown entity &\(name);") }
                let digits = name.dropFirst()
                let value =
                    digits.hasPrefix("x") || digits.hasPrefix("X")
                    ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
                guard let value, let scalar = Unicode.Scalar(value) else {
                    throw error("invalid character reference &\(name);")
                }
                output += Array(String(Character(scalar)).utf8)
            }
            position = end + 1
        }
        return String(decoding: output, as: UTF8.self)
    }
}
