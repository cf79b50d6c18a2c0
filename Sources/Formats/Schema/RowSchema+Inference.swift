public import JSON

extension RowSchema {
    /// Infers a schema from a batch of JSON records.
    ///
    /// Columns appear in the order their keys are first seen. Top-level scalars become typed columns (booleans,
    /// 64-bit integers, doubles, strings); objects and arrays become JSON columns. Conflicting types widen:
    /// integer and double make a double; any other mix of scalars makes a string; a mix with objects or arrays
    /// makes a JSON column. Every inferred column is nullable (a key absent from a record is a null), and a
    /// column that held only nulls is a string column. Non-object records are ignored. One record at a time:
    /// ``RowSchemaInference``.
    public static func infer(from records: some Sequence<JSONValue>) throws(FormatsError) -> RowSchema {
        var inference = RowSchemaInference()
        for record in records {
            guard case .object(let object) = record else { continue }
            inference.add(object.members)
        }
        return try inference.schema()
    }
}
