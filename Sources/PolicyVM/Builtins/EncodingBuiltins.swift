// Encoding builtins: json.marshal, json.unmarshal, json.is_valid, base64.*,
// base64url.*, hex.*. Invariant: marshal output is deterministic (sorted keys, sets as
// sorted arrays), and text that is not JSON, base64 or hex is an eval_builtin_error
// with Go's message. Decoded bytes become a string; OPA's strings may hold bytes that
// are not UTF-8 while ours cannot, so such bytes read as U+FFFD here (a difference
// only for what is hashed or compared afterwards: crypto.sha256(hex.decode("ff"))).

enum EncodingBuiltins {
    static let all: [Builtin] = [
        marshal, unmarshal, isValid, base64Encode, base64Decode, base64IsValid,
        base64URLEncode, base64URLEncodeNoPad, base64URLDecode, hexEncode, hexDecode,
    ]

    static let marshal = builtin("json.marshal") { ops throws(BuiltinError) in
        try refuseNumbersWithoutJSONText(ops[1], ops.name)
        return .string(JSONWriter.write(ops[1]))
    }

    /// Go's encoder refuses a number whose text is not JSON (to_number keeps `+5`, `.5`,
    /// `007`): OPA's json.marshal fails there, where our writer would print the value.
    static func refuseNumbersWithoutJSONText(_ v: Value, _ name: String) throws(BuiltinError) {
        switch v {
        case .number(let n):
            if case .text(let t) = n, !JSONNumberSyntax.isValid(t.text.utf8) {
                throw .failure(name, "json: invalid number literal \(GoQuote.quote(t.text))")
            }
        case .array(let items): for item in items { try refuseNumbersWithoutJSONText(item, name) }
        case .set(let members): for member in members { try refuseNumbersWithoutJSONText(member, name) }
        case .object(let o):
            for (key, value) in o {
                try refuseNumbersWithoutJSONText(key, name)
                try refuseNumbersWithoutJSONText(value, name)
            }
        case .null, .bool, .string: return
        }
    }

    static let unmarshal = builtin("json.unmarshal") { ops throws(BuiltinError) in
        switch GoJSONSyntax.decode(Array(try ops.string(1).utf8)) {
        case .success(let v): return v
        case .failure(let e): throw .failure(ops.name, e.message)
        }
    }

    static let isValid = builtin("json.is_valid") { ops throws(BuiltinError) in
        guard case .string(let text) = ops[1] else { return .false }
        return .bool((try? JSONReader.parse(text)) != nil)
    }

    static let base64Encode = builtin("base64.encode") { ops throws(BuiltinError) in
        .string(Base64.standard.encode(Array(try ops.string(1).utf8)))
    }

    static let base64Decode = builtin("base64.decode") { ops throws(BuiltinError) in
        switch Base64.standard.decode(try ops.string(1)) {
        case .success(let bytes): return .string(String(decoding: bytes, as: UTF8.self))
        case .failure(let e): throw .failure(ops.name, e.message)
        }
    }

    /// base64.is_valid: false (not an error) for anything but a decodable string.
    static let base64IsValid = builtin("base64.is_valid") { ops throws(BuiltinError) in
        guard case .string(let s) = ops[1] else { return .false }
        if case .success = Base64.standard.decode(s) { return .true }
        return .false
    }

    static let base64URLEncode = builtin("base64url.encode") { ops throws(BuiltinError) in
        .string(Base64.url.encode(Array(try ops.string(1).utf8)))
    }

    static let base64URLEncodeNoPad = builtin("base64url.encode_no_pad") { ops throws(BuiltinError) in
        .string(Base64.url.encode(Array(try ops.string(1).utf8), padded: false))
    }

    /// base64url.decode: unpadded input is padded first (RFC 7515 appendix C), as OPA does.
    static let base64URLDecode = builtin("base64url.decode") { ops throws(BuiltinError) in
        switch Base64.url.decodeUnpadded(try ops.string(1)) {
        case .success(let bytes): return .string(String(decoding: bytes, as: UTF8.self))
        case .failure(let e): throw .failure(ops.name, e.message)
        }
    }

    static let hexEncode = builtin("hex.encode") { ops throws(BuiltinError) in
        .string(Array(try ops.string(1).utf8).hexString)
    }

    static let hexDecode = builtin("hex.decode") { ops throws(BuiltinError) in
        switch Hex.decode(try ops.string(1)) {
        case .success(let bytes): return .string(String(decoding: bytes, as: UTF8.self))
        case .failure(let e): throw .failure(ops.name, e.message)
        }
    }
}
