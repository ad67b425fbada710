"""crypto.* digests and MACs: RFC and FIPS vectors, Unicode, long keys, wrong types."""
from _cases import call

TYPE_NAME, TITLE, TABLE = "Crypto", "crypto", "crypto"

MESSAGES = ["", "abc", "The quick brown fox jumps over the lazy dog", "héllo wörld 😀",
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "a" * 55, "a" * 56, "a" * 63, "a" * 64, "a" * 111, "a" * 112, "a" * 127, "a" * 128, "x" * 1000]
KEYS = ["", "key", "Jefe", "k" * 64, "k" * 65, "k" * 128, "k" * 131, "ключ"]


def cases():
    out = []
    for name in ["crypto.md5", "crypto.sha1", "crypto.sha256"]:
        for m in MESSAGES:
            out.append(call(name, m))
        out.append(call(name, 1))
    for name in ["crypto.hmac.md5", "crypto.hmac.sha1", "crypto.hmac.sha256", "crypto.hmac.sha512"]:
        for m in MESSAGES[:5] + [MESSAGES[-1]]:
            for k in KEYS:
                out.append(call(name, m, k))
        out.append(call(name, 1, "k"))
        out.append(call(name, "m", None))
    for a, b in [("", ""), ("abc", "abc"), ("abc", "abd"), ("abc", "ab"), ("é", "é"), ("a", "A")]:
        out.append(call("crypto.hmac.equal", a, b))
    out.append(call("crypto.hmac.equal", "a", 1))
    return out
