// VersionRequirementTests: the nodeVersion/pythonVersion constraint forms, and
// reading the version an interpreter prints.
import Testing
@testable import AgentSpec

struct VersionRequirementTests {
    @Test(arguments: [
        (">=20", [20, 11, 1], true), (">=20", [18, 19, 0], false), (">=3.11", [3, 11, 4], true), (">=3.11", [3, 9, 18], false),
        (">3.11", [3, 11], false), ("<21", [20, 99], true), ("<=3.12", [3, 12, 1], false), ("<=3.12", [3, 12], true), ("=3.12.1", [3, 12, 1], true),
        ("20", [20, 5, 0], true), ("20", [21, 0, 0], false), ("^18.2", [18, 9, 0], true), ("^18.2", [19, 0, 0], false),
        ("~3.11", [3, 11, 9], true), ("~3.11", [3, 12, 0], false), (">=18 <21", [20, 1, 0], true), (">=18, <21", [21, 0, 0], false),
        ("v20", [20, 1], true),
    ])
    func satisfies(_ constraint: String, _ version: [Int], _ expected: Bool) throws {
        let r = try #require(VersionRequirement(constraint))
        #expect(r.isSatisfied(by: version) == expected)
    }

    @Test(arguments: ["", ">=", ">=x", "3..1", ">=-1", "1.2.3.4.5"])
    func rejects(_ constraint: String) {
        #expect(VersionRequirement(constraint) == nil)
    }

    @Test(arguments: [("v20.11.1\n", [20, 11, 1]), ("Python 3.11.4", [3, 11, 4]), ("node 1 and 2.5", [2, 5])])
    func readsBanners(_ banner: String, _ version: [Int]) {
        #expect(SystemFacts.version(in: banner) == version)
    }
}
