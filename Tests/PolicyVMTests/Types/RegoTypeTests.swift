// OPA's type system: how types print in messages (OPA's text) and the lattice the
// checker's verdicts follow (unions sorted in OPA's type order, unification).
import Testing
@testable import PolicyVM

@Suite struct RegoTypeTests {
    @Test func typesPrintAsOPAPrintsThem() {
        #expect(RegoType.of(["a": 1, "b": [1, "x"]]).description == "object<a: number, b: array<number, string>>")
        #expect(RegoType.anyObject.description == "object[any: any]")
        #expect(RegoType.union([.set(.any), .string, .number]).description == "any<number, string, set[any]>")
        #expect(RegoType.object([ObjectProperty("a", .number)], DynamicProperty(.string, .any)).description
                == "object<a: number>[string: any]")
        let f = FunctionType(unnamed: [.number, nil], result: .string)
        #expect(RegoType.function(f).description == "(number, any) => string")
        #expect(RegoType.list([.number, nil]) == "(number, ???)")
    }

    @Test func unionsAreSortedAndAbsorbing() {
        #expect(RegoType.or(.string, .number) == .anyOf([.number, .string]))
        #expect(RegoType.or(.any, .number) == .any)
        #expect(RegoType.or(RegoType.union([.number, .string]), .number) == .anyOf([.number, .string]))
    }

    @Test func unificationFollowsOPA() {
        #expect(RegoType.unifies(.any, .number))
        #expect(!RegoType.unifies(.string, .number))
        #expect(!RegoType.unifies(nil, .any))
        #expect(RegoType.unifies(.array([.number], nil), .array(.number)))
        #expect(!RegoType.unifies(.array([.number, .string], nil), .array([.number], nil)))
        #expect(RegoType.unifies(.anyArray, RegoType.union([.string, .anyArray])))
        #expect(!RegoType.unifies(RegoType.of(["a": 1]), RegoType.of(["a": "x"])))
    }

    @Test func referencesIntoTypes() {
        let obj = RegoType.of(["a": 1, "b": "x"])
        #expect(obj.select("a") == .number)
        #expect(obj.select("c") == nil)
        #expect(obj.keys == .string)
        #expect(obj.values == .anyOf([.number, .string]))
        #expect(RegoType.number.keys == nil)
        #expect(RegoType.of([1, "a"]).select(1) == .string)
        #expect(RegoType.set(.number).select("a") == nil)
    }
}
