"""uuid.rfc4122, uuid.parse and rand.intn: what does not depend on chance (shape, caching per
query, bounds, parse fields) and the errors."""
from _cases import call, query

TYPE_NAME, TITLE, TABLE = "UUIDAndRandom", "uuid and rand", "uuidAndRandom"


def cases():
    out = []
    shape = '"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"'
    out.append(query('x := uuid.rfc4122("k") == uuid.rfc4122("k")'))
    out.append(query('x := regex.match(%s, uuid.rfc4122("k"))' % shape))
    for key in [1, None, [1, "a"], {"k": "v"}]:
        out.append(query('x := regex.match(%s, uuid.rfc4122(input))' % shape, input=key))
    out.append(query('x := uuid.rfc4122(1) == uuid.rfc4122(1)'))
    out.append(query('x := uuid.rfc4122("k") == uuid.rfc4122("j")'))
    out.append(query('x := count({uuid.rfc4122(k) | k := ["a", "b", "c", "a"][_]})'))
    out.append(query('x := [rand.intn("k", 10) >= 0, rand.intn("k", 10) < 10]'))
    out.append(query('x := rand.intn("k", 10) == rand.intn("k", 10)'))
    out.append(query('x := rand.intn("k", 0)'))
    out.append(query('x := rand.intn("k", 1)'))
    out.append(query('x := rand.intn("k", -1)'))
    out.append(query('x := [rand.intn("k", -5) >= 0, rand.intn("k", -5) < 5]'))
    out.append(query('x := rand.intn("k", 5) == rand.intn("k", -5)'))
    out.append(query('x := count({rand.intn("k", n) | n := numbers.range(1, 50)[_]}) > 1'))
    out.append(call("rand.intn", "k", 1.5))
    out.append(call("rand.intn", 1, 5))
    out.append(call("rand.intn", "k", "5"))
    for u in ["00000000-0000-0000-0000-000000000000", "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "6ba7b811-9dad-11d1-80b4-00c04fd430c8",
              "000003e8-a2c6-21ee-b600-0242ac120002", "000003e8-a2c6-21ee-b601-0242ac120002", "000003e8-a2c6-21ee-b605-0242ac120002",
              "f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "c232ab00-9414-11ec-b3c8-9e6bdeced846", "3d813cbb-47fb-32ba-91df-831e1593ac29",
              "6ba7b814-9dad-51d1-80b4-00c04fd430c8", "1ec9414c-232a-6b00-b3c8-9e6bdeced846", "017f22e2-79b0-7cc3-98c4-dc0c0c07398f",
              "urn:uuid:6ba7b810-9dad-11d1-80b4-00c04fd430c8", "URN:UUID:6ba7b810-9dad-11d1-80b4-00c04fd430c8",
              "{6ba7b810-9dad-11d1-80b4-00c04fd430c8}", "(6ba7b810-9dad-11d1-80b4-00c04fd430c8)", "6ba7b8109dad11d180b400c04fd430c8",
              "6BA7B810-9DAD-11D1-80B4-00C04FD430C8", "6ba7b810-9dad-11d1-c0b4-00c04fd430c8", "6ba7b810-9dad-11d1-e0b4-00c04fd430c8",
              "6ba7b810-9dad-11d1-00b4-00c04fd430c8", "6ba7b810-9dad-11d1-80b4-01c04fd430c8", "6ba7b810-9dad-11d1-80b4-02c04fd430c8",
              "6ba7b810-9dad-11d1-80b4-03c04fd430c8", "6ba7b810x9dad-11d1-80b4-00c04fd430c8", "6ba7b810-9dad-11d1-80b4-00c04fd430cg",
              "", "xyz", "6ba7b810-9dad-11d1-80b4-00c04fd430c", "6ba7b810-9dad-11d1-80b4-00c04fd430c8a",
              "00000000-0000-2000-8000-000000000000", "00000001-0000-2000-8002-000000000000", "ffffffff-ffff-1fff-bfff-ffffffffffff"]:
        out.append(call("uuid.parse", u))
    out.append(call("uuid.parse", 1))
    return out
