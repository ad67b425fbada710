"""io.jwt.decode_verify with HMAC secrets: every constraint (secret, alg, iss, aud, time and
unknown ones) and its type errors, header checks (alg, kid, typ, cty, crit), nested
tokens (cty JWT in any case), signatures that fail or do not decode, claims (iss, aud as
a string or an array, exp and nbf before, at and after the time, of the wrong type) and
the default time (the evaluation's clock: tokens far in the past or the future)."""
import hashlib
import json

from _cases import call, query
from jwt_sign import signed

TYPE_NAME, TITLE, TABLE = "JWTVerify", "io.jwt.decode_verify", "jwtVerify"

S = {"secret": "secret"}


def tok(header, payload, key=b"secret", digest=hashlib.sha256):
    return signed(json.dumps(header).encode(), json.dumps(payload).encode(), key, digest)


def cases():
    dv = "io.jwt.decode_verify"
    hs = {"alg": "HS256"}
    plain = tok(hs, {"a": 1})
    full = tok({"alg": "HS256", "typ": "JWT"}, {"iss": "me", "aud": "you", "exp": 2000000000, "nbf": 1000000000})
    at = 1500000000000000000
    rows = [
        (plain, S), (plain, {"secret": "wrong"}), (plain, {"secret": "secret", "alg": "HS256"}),
        (plain, {"secret": "secret", "alg": "HS384"}), (tok({"alg": "HS384"}, {"a": 1}, digest=hashlib.sha384), S),
        (tok({"alg": "HS512"}, {"a": 1}, digest=hashlib.sha512), {"secret": "secret", "alg": "HS512"}),
        (full, {"secret": "secret", "iss": "me", "aud": "you", "time": at, "alg": "HS256"}),
        (full, {"secret": "secret", "aud": "you", "time": at}), (full, {"secret": "secret", "time": at}),
        (full, {"secret": "secret", "aud": "them", "time": at}), (full, {"secret": "secret", "aud": "you", "iss": "no", "time": at}),
        (full, {"secret": "secret", "aud": "you", "time": 2000000000 * 10**9}),
        (full, {"secret": "secret", "aud": "you", "time": 2000000000 * 10**9 - 1}),
        (full, {"secret": "secret", "aud": "you", "time": 1000000000 * 10**9}),
        (full, {"secret": "secret", "aud": "you", "time": 1000000000 * 10**9 - 1}),
        (full, {"secret": "secret", "aud": "you"}),
        (plain, {"secret": "secret", "iss": "me"}), (tok(hs, {"iss": "me"}), {"secret": "secret", "iss": "me"}),
        (tok(hs, {"iss": "you"}), {"secret": "secret", "iss": "me"}), (tok(hs, {"iss": 1}), S),
        (tok(hs, {"aud": ["a", "b"]}), {"secret": "secret", "aud": "b"}), (tok(hs, {"aud": ["a", 1]}), {"secret": "secret", "aud": "c"}),
        (tok(hs, {"aud": 1}), {"secret": "secret", "aud": "c"}), (tok(hs, {"aud": ""}), S), (tok(hs, {"aud": [""]}), S),
        (tok(hs, {"aud": []}), S), (plain, {"secret": "secret", "aud": "c"}),
        (tok(hs, {"exp": 100}), {"secret": "secret", "time": 99 * 10**9}), (tok(hs, {"exp": 100}), {"secret": "secret", "time": 100 * 10**9}),
        (tok(hs, {"exp": 100.5}), {"secret": "secret", "time": 100 * 10**9}), (tok(hs, {"exp": "100"}), {"secret": "secret", "time": 1}),
        (tok(hs, {"exp": None}), S), (tok(hs, {"nbf": 100}), {"secret": "secret", "time": 100 * 10**9}),
        (tok(hs, {"nbf": 100}), {"secret": "secret", "time": 99999999999}), (tok(hs, {"nbf": "x"}), {"secret": "secret", "time": 1}),
        (tok(hs, {"nbf": 1}), S), (tok(hs, {"exp": 1}), S), (tok(hs, {"exp": 99999999999}), S), (tok(hs, {"nbf": 99999999999}), S),
        (tok(hs, {"exp": "x", "nbf": "y"}), S), (tok(hs, {"exp": 1, "nbf": "y"}), S),
        (plain, {"secret": "secret", "time": -1}), (plain, {"secret": "secret", "time": "1"}), (plain, {"secret": "secret", "time": 0.5}),
        (plain, {"secret": "secret", "time": 0}), (tok(hs, {"nbf": 0}), {"secret": "secret", "time": 0}),
        (plain, {}), (plain, {"secret": ""}), (plain, {"secret": 1}), (plain, {"secret": "secret", "foo": 1}),
        (plain, {"aaa": 1, "secret": 1}), (plain, {"secret": "secret", "alg": 1}), (plain, {"alg": 1, "iss": 2, "secret": "s"}),
        (plain, {"secret": "secret", "iss": 1}), (plain, {"secret": "secret", "aud": 1}), (plain, {"cert": 1}),
        (tok({"typ": "JWT"}, {"a": 1}), S), (tok({"alg": 1}, {"a": 1}), S), (tok({"alg": "HS256", "kid": 1}, {"a": 1}), S),
        (tok({"alg": "HS256", "typ": 1}, {"a": 1}), S), (tok({"alg": 1, "kid": 1}, {"a": 1}), S),
        (tok({"alg": "HS256", "kid": "k", "typ": "JWT", "x5u": 1}, {"a": 1}), S),
        (tok({"alg": "HS256", "crit": ["x"], "x": 1}, {"a": 1}), S), (tok({"alg": "HS256", "crit": []}, {"a": 1}), S),
        (tok({"alg": "HS256", "crit": "x"}, {"a": 1}), S), (tok({"alg": "HS256", "crit": [1]}, {"a": 1}), S),
        (tok({"alg": "HS256", "crit": ["kid"]}, {"a": 1}), S), (tok({"alg": "HS256", "crit": ["y"], "x": 1}, {"a": 1}), S),
        (tok({"alg": "foo"}, {"a": 1}), S), (tok({"alg": "none"}, {"a": 1}), S), (tok({"alg": "RS256"}, {"a": 1}), S),
        (tok({"alg": "HS256", "cty": "JWT"}, {"a": 1}), S), (tok({"alg": "HS256", "typ": "x"}, [1]), S),
        (plain + "x", S), (plain[:-1] + "!", S), (plain[:-2] + "AA", S), ("abc", S), ("a.b", S), ("a.b.c", S),
        (plain.split(".")[0] + ".!!." + plain.split(".")[2], S), ("!!." + plain.split(".", 1)[1], S),
        (tok({"alg": "HS384"}, {"a": 1}, digest=hashlib.sha384)[:-1] + "!", {"secret": "secret", "alg": "HS256"}),
        (tok({"enc": "A128GCM", "alg": "HS256"}, {"a": 1}), S), (1, S), (plain, 1), (1, {}), (None, None),
    ]
    inner = tok(hs, {"inner": True})
    for cty in ("JWT", "jwt", "Jwt"):
        rows.append((signed(('{"alg":"HS256","cty":"%s"}' % cty).encode(), inner.encode()), S))
    rows += [
        (signed(b'{"alg":"HS256","cty":"JWT"}', ('"' + inner + '"').encode()), S),
        (signed(b'{"alg":"HS256","cty":"JWT"}', b"notatoken"), S),
        (signed(b'{"alg":"HS256","cty":"JWT"}', inner.encode(), key=b"other"), S),
        (signed(b'{"alg":"HS256","cty":"JWT"}', tok(hs, {"inner": True}, key=b"other").encode()), S),
        (signed(b'{"alg":"HS256","cty":"JWT"}', tok({"alg": "HS256"}, {"exp": 1}).encode()), S),
        (signed(b'{"alg":"HS256","cty":"JWT","crit":["b"],"b":1}', inner.encode()), S),
        (signed(b'{"alg":"HS256"}', b'{"a":1,"a":2}'), S), (signed(b'{"alg":"HS256"}', b'not json'), S),
        (signed(b'{"alg":"HS256"}', b'{"iss":"me"} x'), {"secret": "secret", "iss": "me"}),
    ]
    out = [call(dv, t, c) for t, c in rows]
    # Numbers JSON cannot carry, and compile-time type errors.
    out += [query('x := io.jwt.decode_verify(input, {"secret": "secret", "time": 1e400})', input=plain),
            query('x := io.jwt.decode_verify(input, {"secret": "secret", "time": 1.5e18})', input=full),
            query('x := io.jwt.decode_verify("a.b.c", "secret")'), query("x := io.jwt.decode_verify(1, {})")]
    return out
