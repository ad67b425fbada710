"""io.jwt.decode: well-formed tokens (padded or not, nested with cty JWT), every malformed
section in OPA's order of checks, JWE headers, JSON quirks of OPA's decoder."""
import base64
import json

from _cases import call

TYPE_NAME, TITLE, TABLE = "JWT", "io.jwt", "jwt"


def b64(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def token(header, payload, signature=""):
    return b64(header) + "." + b64(payload) + "." + signature


def cases():
    good = token(json.dumps({"alg": "HS256", "typ": "JWT"}).encode(),
                 json.dumps({"sub": "1", "n": 1.5, "big": 12345678901234567890, "nested": {"a": [1, None]}}).encode(), b64(b"sig"))
    inner = token(b'{"a":1}', b'{"b":2}', "c2ln")
    tokens = [
        good, good + "=", good.replace(".", ".", 1), "a.b.c", "a.b", "a.b.c.d", "a.b.c.d.e", "", "...", "a.b.c.", ".e30.", " . . ",
        token(b'{"alg":"none"}', b'{}'), token(b'{"alg":"none"}', b'[1]'), token(b'not json', b'{}'), token(b'{"alg":"x"}', b'not json'),
        token(b'{"enc":"A128GCM","alg":"dir"}', b'{}'), token(b'{"enc":null}', b'{}'), token(b'{"alg":"x"}', b'{}', "!!"),
        token(b'{"alg":"x"}', b'{}', b64(b"\xff\x00ab")), token(b'{"alg":"x","cty":"jwt"}', b'{}'), token(b'"str"', b'{}'),
        token(b'{"a":1}', b'{}'), b64(b'{"alg":"x"}') + ".!!.!!", b64(b'{"alg":"x"}') + ".a.", token(b'{"alg":"x"}', b'1', "!!"),
        token(b'{"alg":"x","cty":"JWT"}', b'notjwt'), token(b'{"alg":"x","cty":"JWT"}', b'{"a":1}'), token(b'{"alg":"x"}', b'{"a":1} x'),
        token(b'{"alg":"x"}', b' {"a":1} '), token(b'{"alg":"x"}', b'{"a":1,"a":2}'), token(b'{"alg":"x"}', b'{"a":'),
        token(b'{"alg":"x"}', b''), token(b'', b'{}'), token(b'{"alg":"x"}', b'{"a":"\xff"}'), b64(b'{"alg":"x"}') + ".e30",
        token(b'{"cty":"foo"}', b'{}'), token(b'{"cty":"JWT"}', b'!!'), b64(b'{"cty":"JWT"}') + ".!!.",
        token(b'{"cty":"JWT"}', inner.encode(), "!!"), token(b'{"cty":"JWT"}', token(b'{"cty":"JWT"}', token(b'{"z":1}', b'{"y":2}').encode()).encode()),
        token(b'{"cty":"Jwt"}', b'{}'), token(b'{}', b'{}', "YQ=="), token(b'{}', b'{}', "YQ"), token(b'{}', b'{"a":1} null'),
        token(b'{"a":1} null', b'{}'), token(b'{}', b'{}', "Y"), token(b'{}', b'\xff'), token(b'{"cty":"JWT"}', b'a.b'),
        token(b'{"cty":"JWT"}', b'{}'), token(b'{}', b'{"a":1} true'), token(b'{}', b'{"a":1} "s"'), token(b'{}', b'{"a":1} ]'),
        token(b'{}', b'{"a":1} {'), token(b'{}', b'{"a":1} 12'), token(b'{"kid":"k1","alg":"RS256","x5c":["MIIB"]}', b'{"iss":"me","aud":["a","b"],"exp":1700000000}', b64(bytes(range(64)))),
    ]
    out = [call("io.jwt.decode", t) for t in tokens]
    out.append(call("io.jwt.decode", 1))
    out.append(call("io.jwt.decode", None))
    return out
