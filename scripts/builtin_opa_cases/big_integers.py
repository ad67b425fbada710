"""bits.and/or/xor/negate/lsh/rsh on integers of any size (two's complement for negative
numbers, shift counts read as Go's Uint64 reads a big.Int), their operand errors, and
sprintf of integers past int64 (Go's big.Int Format: %s and %v as %d)."""
from _cases import call, query

TYPE_NAME, TITLE, TABLE = "BigInteger", "bits and big-integer sprintf", "bigIntegers"

BIG = 123456789012345678901234567890
TWO_64 = 18446744073709551616


def cases():
    out = []
    pairs = [(5, 3), (-5, 3), (-5, -3), (0, -1), (BIG, -3), (-BIG, BIG), (BIG, BIG + 1), (TWO_64, TWO_64 - 1),
             (-TWO_64, 1), (9223372036854775807, -9223372036854775808), (1.0, 3), (1e3, 7), (2**200 - 1, -(2**100))]
    for name in ("bits.and", "bits.or", "bits.xor"):
        out += [call(name, a, b) for a, b in pairs]
        out += [call(name, 1.5, 3), call(name, 3, 1.5), call(name, "a", 3), call(name, 3, None), call(name, True, 1),
                call(name, [1], 1), call(name, 1, {"a": 1})]
    out += [call("bits.negate", v) for v in (0, 1, -1, BIG, -BIG, 1e2, 1.0, 5.0, 1e30, -9223372036854775808, TWO_64)]
    out += [call("bits.negate", v) for v in (0.5, 1e-2, "1", None, [1])]
    shifts = [(1, 0), (1, 1), (1, 62), (1, 63), (1, 64), (1, 100), (-3, 100), (0, 1000), (3, TWO_64 + 1), (3, TWO_64),
              (BIG, 7), (-BIG, 70), (1e30, 3), (-1, 64), (5, 1.0)]
    out += [call("bits.lsh", a, b) for a, b in shifts]
    out += [call("bits.rsh", a, b) for a, b in shifts + [(-3, 1), (-3, 2), (-4, 1), (-1, 1000000), (-3, BIG), (-3, TWO_64),
                                                          (7, 3), (BIG, 64), (-BIG, 64), (-(2**64), 64), (-(2**64) - 1, 64)]]
    for name in ("bits.lsh", "bits.rsh"):
        out += [call(name, 1, -1), call(name, 1, -BIG), call(name, -3, 1.5), call(name, 1.5, -1), call(name, "1", 1),
                call(name, 1, "1"), call(name, 1, None)]
    # Compile-time type errors (the type checker's, from OPA's declarations).
    out += [query('x := bits.and("a", 1)'), query("x := bits.and(1, 2, 3)"), query('x := bits.negate("a")'),
            query("x := bits.lsh(1, [2])"), query("x := bits.rsh(1, 2)"), query("x := bits.or(1, 2)")]
    big = 1208925819614629174706175
    for fmt in ("%s", "%d", "%v", "%x", "%X", "%b", "%o", "%q", "%f", "%30s|", "%-30s|", "%.30s|", "%+s|", "%030s|", "%s %s"):
        for v in (big, -big, 12345678901234567890):
            out.append(query('x := sprintf("%s", [%d, 1])' % (fmt, v)))
    out.append(query('x := sprintf("%s", [input[0]])', input=[big]))
    out.append(query('x := sprintf("%s", [[input[0]]])', input=[big]))
    return out
