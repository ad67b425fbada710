"""io.jwt.verify_hs256/384/512 and io.jwt.encode_sign_raw / io.jwt.encode_sign with HMAC:
good and bad signatures, each hash under the others' names, malformed tokens (sections,
bad base64 in any section: verify_* decodes only the signature), oct JWKs and key sets,
the header's alg and typ, payloads that are not JSON, operand types."""
import base64
import hashlib
import hmac
import json

from _cases import call, query

TYPE_NAME, TITLE, TABLE = "JWTSign", "io.jwt HMAC signing and verify_hs*", "jwtSign"

KEY = {"kty": "oct", "k": "c2VjcmV0"}


def b64(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def signed(header, payload, key=b"secret", digest=hashlib.sha256):
    """A compact token over the exact header and payload bytes, MAC'd with `key`."""
    head = b64(header) + "." + b64(payload)
    return head + "." + b64(hmac.new(key, head.encode(), digest).digest())


def cases():
    t256 = signed(b'{"alg":"HS256","typ":"JWT"}', b'{"sub":"x","exp":9999999999}')
    t384 = signed(b'{"alg":"HS384"}', b'{"a":1}', digest=hashlib.sha384)
    t512 = signed(b'{"alg":"HS512"}', b'{"a":1}', digest=hashlib.sha512)
    empty_key = signed(b'{"alg":"HS256"}', b'{}', key=b"")
    tokens = [t256, t384, t512, empty_key, t256[:-2] + "AA", t256 + "=", t256 + "A", t256 + "AA", "a.b", "abc", "", "a.b.!!",
              "!!.!!.c2ln", "!!.b.c", "a.b.c.d", "..", signed(b"not json", b"not json"), t256.replace(".", "..", 1)]
    out = []
    for name in ("io.jwt.verify_hs256", "io.jwt.verify_hs384", "io.jwt.verify_hs512"):
        out += [call(name, t, "secret") for t in tokens]
        out += [call(name, t256, "wrong"), call(name, empty_key, ""), call(name, t256, ""), call(name, 1, "secret"),
                call(name, t256, 1), call(name, None, None), call(name, t256, "secret\u00e9")]
    out.append(query('x := io.jwt.verify_hs256("a.b.c", 1)'))

    raw = "io.jwt.encode_sign_raw"
    ks = json.dumps(KEY)
    raw_rows = [
        ('{"alg":"HS256"}', '{"a":1}', ks), ('{"alg":"HS256","typ":"JWT"}', '{"b":1, "a":2}', ks),
        ('{"alg":"HS384"}', '{"a":1}', ks), ('{"alg":"HS512"}', '{"a":1}', ks), ('{"alg":"none"}', '{"a":1}', ks),
        ('{"alg":"HS999"}', '{}', ks), ('{"alg":1}', '{}', ks), ('{"alg":null}', '{}', ks), ('{"alg":[1]}', '{}', ks),
        ('{"alg":"HS256","kid":"x"}', '{}', ks), ('{"alg":"HS256"}', '', ks), ('{"alg":"HS256"}', '[1]', ks),
        ('{"alg":"HS256"}', ' {} ', ks), ('[1]', '{}', ks), ('"x"', '{}', ks), ('{}', '{}', ks), ('not json', '{}', ks),
        ('{"alg":"HS256"} ', '{}', ks), ('{"alg":"HS256","typ":1}', '{}', ks),
        ('{"alg":"HS256"}', 'not json', ks), ('{"alg":"HS256","typ":"text"}', 'not json', ks),
        ('{"alg":"HS256","typ":"JWT"}', 'not json', ks), ('{"alg":"HS256","typ":"jwt"}', 'not json', ks),
        ('{"alg":"HS256","typ":""}', 'not json', ks), ('{"alg":"none","typ":"JWT"}', 'not json', ks),
        ('{"alg":"HS256"}', '{}', 'not json'), ('{"alg":"HS256"}', '{}', '{}'), ('{"alg":"HS256"}', '{}', '{"k":"c2VjcmV0"}'),
        ('{"alg":"HS256"}', '{}', '{"kty":"oct"}'), ('{"alg":"HS256"}', '{}', '{"kty":"oct","k":"!!"}'),
        ('{"alg":"HS256"}', '{}', '{"kty":"oct","k":""}'), ('{"alg":"HS256"}', '{}', '{"kty":"oct","k":"c2VjcmV0="}'),
        ('{"alg":"HS256"}', '{}', '{"kty":"oct","k":"c2Vj+mV0"}'), ('{"alg":"HS256"}', '{}', '{"kty":"oct","k":"c2Vj_mV0"}'),
        ('{"alg":"HS256"}', '{}', '{"kty":"oct","k":1}'), ('{"alg":"HS256"}', '{}', '{"kty":"oct","k":[1]}'),
        ('{"alg":"HS256"}', '{}', '{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}'),
        ('{"alg":"HS256"}', '{}', '{"kty":"oct","k":"c2VjcmV0","alg":"HS512","kid":"k1","use":"sig"}'),
        ('{"alg":"HS256"}', '{}', '"x"'), ('{"alg":"HS256"}', '{}', '[1]'), ('{"alg":"HS256"}', '{}', '12'),
        ('{"alg":"HS256"}', '{}', '{"kty":"x","k":"c2VjcmV0"}'), ('{"alg":"HS256"}', '{}', '{"kty":1,"k":"c2VjcmV0"}'),
    ]
    out += [call(raw, h, p, k) for h, p, k in raw_rows]
    out += [call(raw, 1, "{}", ks), call(raw, "{}", 1, ks), call(raw, "{}", "{}", 1), call(raw, 1, 2, 3)]

    sign = "io.jwt.encode_sign"
    out += [call(sign, h, p, k) for h, p, k in [
        ({"alg": "HS256", "typ": "JWT"}, {"b": 1, "a": 2}, KEY), ({"alg": "HS384"}, {"a": "\u00e9", "b": "<&>"}, KEY),
        ({"alg": "HS512"}, {"b": [1, 2.5, "x"], "c": {"z": 1, "a": None}}, KEY), ({"alg": "HS256"}, "str", KEY),
        ({"alg": "HS256"}, [1], KEY), ({"alg": "HS256"}, {"a": 1}, "x"), ("x", {"a": 1}, KEY),
        ({"alg": "HS256", "typ": "x"}, "str", KEY), ({"alg": "none"}, {"a": 1}, KEY), ({"alg": "none"}, {"b": 1}, {}),
        ({}, {"b": 1}, KEY), ({"alg": "HS256"}, {"b": 1}, {"kty": "oct"}), ({"alg": "HS256"}, {"b": 1}, {"k": "c2VjcmV0"}),
    ]]
    out.append(query('x := io.jwt.encode_sign({"alg": "HS256"}, {"n": 1.50, "m": 1e3, "s": {"b", "a"}}, {"kty": "oct", "k": "c2VjcmV0"})'))
    # A token we sign verifies, and decodes to what was signed.
    out.append(query('t := io.jwt.encode_sign({"alg": "HS512", "typ": "JWT"}, {"sub": "me"}, {"kty": "oct", "k": "c2VjcmV0"}); '
                     'v := io.jwt.verify_hs512(t, "secret"); d := io.jwt.decode(t)'))
    return out
