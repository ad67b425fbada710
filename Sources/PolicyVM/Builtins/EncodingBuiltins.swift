// Encoding builtins: json.marshal, json.unmarshal, json.is_valid, base64.encode,
// base64.decode. Invariant: marshal output is deterministic (sorted keys, sets as
// sorted arrays), and text that is not JSON or base64 is an eval_builtin_error.

enum EncodingBuiltins {
    static let all: [Builtin] = [marshal, unmarshal, isValid, base64Encode, base64Decode]

    static let marshal = builtin("json.marshal") { ops throws(BuiltinError) in
        .string(JSONWriter.write(ops[1]))
    }

    static let unmarshal = builtin("json.unmarshal") { ops throws(BuiltinError) in
        let text = try ops.string(1)
        do {
            return try JSONReader.parse(text)
        } catch {
            throw .failure(ops.name, GoJSONSyntax.message(for: Array(text.utf8)))
        }
    }

    static let isValid = builtin("json.is_valid") { ops throws(BuiltinError) in
        guard case .string(let text) = ops[1] else { return .false }
        return .bool((try? JSONReader.parse(text)) != nil)
    }

    static let base64Encode = builtin("base64.encode") { ops throws(BuiltinError) in
        .string(Base64.encode(Array(try ops.string(1).utf8)))
    }

    static let base64Decode = builtin("base64.decode") { ops throws(BuiltinError) in
        switch Base64.decode(try ops.string(1)) {
        case .success(let bytes): return .string(String(decoding: bytes, as: UTF8.self))
        case .failure(let e): throw .failure(ops.name, e.message)
        }
    }
}
