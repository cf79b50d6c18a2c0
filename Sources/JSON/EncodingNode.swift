/// A JSON value under construction. Objects and arrays are references so that a nested container or a super
/// encoder handed out earlier can still fill its part; `resolved()` turns the tree into a `JSONValue`.
enum EncodingNode {
    case value(JSONValue)
    case object(EncodingObject)
    case array(EncodingArray)
    /// A super encoder's output, read when the tree is resolved (it may be filled after it was handed out).
    case encoder(ValueEncoder)

    /// The finished value. An encoder that produced nothing stands for an empty object, as with JSONEncoder.
    func resolved() -> JSONValue {
        switch self {
        case .value(let value): value
        case .object(let object): object.resolved()
        case .array(let array): .array(array.nodes.map { $0.resolved() })
        case .encoder(let encoder): encoder.node?.resolved() ?? .object(JSONObject())
        }
    }
}

/// An object under construction: members in the order they were first encoded; encoding a key again replaces
/// its value in place.
final class EncodingObject {
    private var keys: [String] = []
    private var nodes: [String: EncodingNode] = [:]

    subscript(key: String) -> EncodingNode? {
        get { nodes[key] }
        set {
            guard let newValue else { return }
            if nodes.updateValue(newValue, forKey: key) == nil { keys.append(key) }
        }
    }

    func resolved() -> JSONValue {
        .object(JSONObject(uniqueMembers: keys.map { (key: $0, value: nodes[$0]!.resolved()) }))
    }
}

/// An array under construction.
final class EncodingArray {
    private(set) var nodes: [EncodingNode] = []

    var count: Int { nodes.count }

    func append(_ node: EncodingNode) { nodes.append(node) }
}
