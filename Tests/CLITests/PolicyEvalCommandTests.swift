// `agentspec policy eval`: the built binary prints what `opa eval` prints. Every JSON
// golden below is the real OPA engine's result set for the query (OPA's rego package
// through ../shared/tools/opa: values, bindings, expression text and location), laid
// out as `opa eval --format json` writes it (Go's encoder: two-space indent, struct
// fields in order, `<>&` escaped); the other formats apply OPA's presentation rules to
// the same results. Exit codes and input handling are opa eval's: 0 evaluated, 1 a
// --fail/--fail-defined gate tripped, 2 an error, 64 usage.
import Foundation
import Testing

struct EvalCase: CustomTestStringConvertible, Sendable {
    let query: String
    let input: String?
    let json: String
    init(_ query: String, input: String?, json: String) {
        self.query = query
        self.input = input
        self.json = json
    }
    var testDescription: String { query }
}

@Suite struct PolicyEvalCommandTests {
    static let policy = """
    package authz

    default allow := false

    public := ["a", "b"]

    allow if input.user in data.users.admins

    greeting := sprintf("hello %s", [input.user])
    """

    /// p/authz.rego, and the admins as YAML data at data.users (p/users/data.yaml).
    static func folder(_ extra: [String: String] = [:]) throws -> String {
        try PolicyTestCommandTests.folder(["p/authz.rego": policy, "p/users/data.yaml": "admins:\n  - alice\n"].merging(extra) { _, new in new })
    }

    static func eval(_ args: [String], in dir: String, stdin: String? = nil) throws -> BinaryResult {
        try BinaryRunner.run(["policy", "eval", "-d", "p"] + args, stdin: stdin, cwd: dir)
    }

    static let cases: [EvalCase] = [
        EvalCase("data.authz.allow", input: nil, json: #"""
        {
          "result": [
            {
              "expressions": [
                {
                  "value": false,
                  "text": "data.authz.allow",
                  "location": {
                    "row": 1,
                    "col": 1
                  }
                }
              ]
            }
          ]
        }
        """#),
        EvalCase("data.authz", input: "{\"user\": \"alice\"}", json: #"""
        {
          "result": [
            {
              "expressions": [
                {
                  "value": {
                    "allow": true,
                    "greeting": "hello alice",
                    "public": [
                      "a",
                      "b"
                    ]
                  },
                  "text": "data.authz",
                  "location": {
                    "row": 1,
                    "col": 1
                  }
                }
              ]
            }
          ]
        }
        """#),
        EvalCase("data", input: nil, json: #"""
        {
          "result": [
            {
              "expressions": [
                {
                  "value": {
                    "authz": {
                      "allow": false,
                      "public": [
                        "a",
                        "b"
                      ]
                    },
                    "users": {
                      "admins": [
                        "alice"
                      ]
                    }
                  },
                  "text": "data",
                  "location": {
                    "row": 1,
                    "col": 1
                  }
                }
              ]
            }
          ]
        }
        """#),
        EvalCase("data.authz.public[i]", input: nil, json: #"""
        {
          "result": [
            {
              "expressions": [
                {
                  "value": "a",
                  "text": "data.authz.public[i]",
                  "location": {
                    "row": 1,
                    "col": 1
                  }
                }
              ],
              "bindings": {
                "i": 0
              }
            },
            {
              "expressions": [
                {
                  "value": "b",
                  "text": "data.authz.public[i]",
                  "location": {
                    "row": 1,
                    "col": 1
                  }
                }
              ],
              "bindings": {
                "i": 1
              }
            }
          ]
        }
        """#),
        EvalCase("x := 1; y := data.authz.public[x]", input: nil, json: #"""
        {
          "result": [
            {
              "expressions": [
                {
                  "value": true,
                  "text": "x := 1",
                  "location": {
                    "row": 1,
                    "col": 1
                  }
                },
                {
                  "value": true,
                  "text": "y := data.authz.public[x]",
                  "location": {
                    "row": 1,
                    "col": 9
                  }
                }
              ],
              "bindings": {
                "x": 1,
                "y": "b"
              }
            }
          ]
        }
        """#),
        EvalCase("data.authz.nope", input: nil, json: #"""
        {}
        """#),
        EvalCase("1 == 2", input: nil, json: #"""
        {
          "result": [
            {
              "expressions": [
                {
                  "value": false,
                  "text": "1 == 2",
                  "location": {
                    "row": 1,
                    "col": 1
                  }
                }
              ]
            }
          ]
        }
        """#),
        EvalCase("x := 1\n  y := x + 1", input: nil, json: #"""
        {
          "result": [
            {
              "expressions": [
                {
                  "value": true,
                  "text": "x := 1",
                  "location": {
                    "row": 1,
                    "col": 1
                  }
                },
                {
                  "value": true,
                  "text": "y := x + 1",
                  "location": {
                    "row": 2,
                    "col": 3
                  }
                }
              ],
              "bindings": {
                "x": 1,
                "y": 2
              }
            }
          ]
        }
        """#),
        EvalCase("some i; data.authz.public[i] == \"b\"", input: nil, json: #"""
        {
          "result": [
            {
              "expressions": [
                {
                  "value": true,
                  "text": "data.authz.public[i] == \"b\"",
                  "location": {
                    "row": 1,
                    "col": 9
                  }
                }
              ],
              "bindings": {
                "i": 1
              }
            }
          ]
        }
        """#),
        EvalCase("data.authz.greeting; x := [1, {\"k\": \"v<&>\"}]", input: "{\"user\": \"alice\"}", json: #"""
        {
          "result": [
            {
              "expressions": [
                {
                  "value": "hello alice",
                  "text": "data.authz.greeting",
                  "location": {
                    "row": 1,
                    "col": 1
                  }
                },
                {
                  "value": true,
                  "text": "x := [1, {\"k\": \"v\u003c\u0026\u003e\"}]",
                  "location": {
                    "row": 1,
                    "col": 22
                  }
                }
              ],
              "bindings": {
                "x": [
                  1,
                  {
                    "k": "v\u003c\u0026\u003e"
                  }
                ]
              }
            }
          ]
        }
        """#),
    ]

    @Test(arguments: cases)
    func printsWhatOPAPrints(_ c: EvalCase) throws {
        let dir = try Self.folder(c.input.map { ["input.json": $0] } ?? [:])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try Self.eval((c.input == nil ? [] : ["-i", "input.json"]) + [c.query], in: dir)
        #expect(r.stdout == c.json + "\n")
        #expect(r.status == 0)
        #expect(r.stderr == "")
    }

    @Test func valuesBindingsAndRawFormats() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try Self.eval(["-f", "values", "data.authz.public[i]"], in: dir).stdout == "[\n  \"a\"\n]\n[\n  \"b\"\n]\n")
        #expect(try Self.eval(["--format=bindings", "data.authz.public[i]"], in: dir).stdout == "{\n  \"i\": 0\n}\n{\n  \"i\": 1\n}\n")
        #expect(try Self.eval(["-f", "bindings", "data.authz.allow"], in: dir).stdout == "{}\n")
        #expect(try Self.eval(["-f", "raw", #"data.authz.public[_]; {"k": "<"}"#], in: dir).stdout
                == "a {\"k\":\"\\u003c\"}\nb {\"k\":\"\\u003c\"}\n")
        for format in ["values", "bindings", "raw"] {
            #expect(try Self.eval(["-f", format, "data.authz.nope"], in: dir).stdout == "")
        }
    }

    @Test func prettyFormat() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try Self.eval(["-f", "pretty", "data.authz.allow"], in: dir).stdout == "false\n")
        #expect(try Self.eval(["-f", "pretty", "data.authz.public"], in: dir).stdout == "[\n  \"a\",\n  \"b\"\n]\n")
        #expect(try Self.eval(["-f", "pretty", "data.authz.nope"], in: dir).stdout == "undefined\n")
        // All booleans, no bindings: the first value.
        #expect(try Self.eval(["-f", "pretty", "true; 1 == 1"], in: dir).stdout == "true\n")
        #expect(try Self.eval(["-f", "pretty", "data.authz.public[i]"], in: dir).stdout == """
        ┌───┬──────────────────────┐
        │ i │ data.authz.public[i] │
        ├───┼──────────────────────┤
        │ 0 │ "a"                  │
        │ 1 │ "b"                  │
        └───┴──────────────────────┘

        """)
        // With bindings, boolean expressions are not columns.
        #expect(try Self.eval(["-f", "pretty", "x := data.authz.public[_]; y := 2"], in: dir).stdout == """
        ┌─────┬───┐
        │  x  │ y │
        ├─────┼───┤
        │ "a" │ 2 │
        │ "b" │ 2 │
        └─────┴───┘

        """)
    }

    @Test func failAndFailDefinedGateCI() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try Self.eval(["--fail", "data.authz.nope"], in: dir).status == 1)
        #expect(try Self.eval(["--fail", "data.authz.allow"], in: dir).status == 0)
        // `false` is a defined result: --fail-defined trips on it, as in OPA.
        #expect(try Self.eval(["--fail-defined", "data.authz.allow"], in: dir).status == 1)
        #expect(try Self.eval(["--fail-defined", "data.authz.public[x]; x == \"c\""], in: dir).status == 0)
        let both = try Self.eval(["--fail", "--fail-defined", "1"], in: dir)
        #expect(both.status == 64 && both.stderr.contains("specify --fail or --fail-defined but not both"))
    }

    @Test func errorsExitTwoAndPrintOPAsErrorDocument() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try Self.eval(["--fail", "data.authz.nope(1)"], in: dir)
        #expect(r.status == 2)
        #expect(r.stdout == """
        {
          "errors": [
            {
              "location": {
                "file": "",
                "row": 1,
                "col": 1
              },
              "message": "undefined function data.authz.nope",
              "code": "rego_type_error"
            }
          ]
        }

        """)
        let pretty = try Self.eval(["-f", "pretty", "data.authz.nope(1)"], in: dir)
        #expect(pretty.status == 2 && pretty.stdout.isEmpty)
        #expect(pretty.stderr.hasPrefix("query:1:1: rego_type_error: undefined function data.authz.nope"))
    }

    @Test func inputIsReadByContentAndNeverSilentlyEmpty() throws {
        let dir = try Self.folder(["in.yaml": "user: alice\n", "in.txt": "{\"user\": \"alice\"}", "empty.json": "",
                                   "bad.json": "user: [alice\n"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for file in ["in.yaml", "in.txt"] {
            #expect(try Self.eval(["-i", file, "-f", "raw", "data.authz.allow"], in: dir).stdout == "true\n")
        }
        #expect(try Self.eval(["-I", "-f", "raw", "data.authz.greeting"], in: dir, stdin: "user: bob\n").stdout == "hello bob\n")
        let empty = try Self.eval(["-i", "empty.json", "input"], in: dir)
        #expect(empty.status == 2 && empty.stdout.isEmpty)
        #expect(empty.stderr.contains("empty.json: empty: no JSON or YAML document"))
        let bad = try Self.eval(["-i", "bad.json", "input"], in: dir)
        #expect(bad.status == 2 && bad.stderr.contains("bad.json:") && bad.stderr.contains("neither JSON nor YAML"))
        let missing = try Self.eval(["-i", "nope.json", "input"], in: dir)
        #expect(missing.status == 2 && missing.stderr.contains("nope.json: No such file or directory"))
        let stdinEmpty = try Self.eval(["-I", "input"], in: dir, stdin: "")
        #expect(stdinEmpty.status == 2 && stdinEmpty.stderr.contains("stdin: empty"))
        #expect(try Self.eval(["-I", "-i", "in.yaml", "input"], in: dir).status == 64)
    }

    /// As opa eval: a failing builtin call is undefined unless --strict-builtin-errors (the
    /// real engine with that option off answers `10 / input.n` on n = 0 undefined, and
    /// eval_builtin_error with it on); -S/--strict is compiler strict mode, not that.
    @Test func builtinErrorsAreUndefinedUnlessStrictBuiltinErrors() throws {
        let dir = try Self.folder(["p/div.rego": "package div\n\nimport data.authz\n\nq := 10 / input.n\n",
                                   "zero.json": "{\"n\": 0}"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let loose = try Self.eval(["-i", "zero.json", "data.div.q"], in: dir)
        #expect(loose.status == 0 && loose.stdout == "{}\n")
        let strict = try Self.eval(["-i", "zero.json", "--strict-builtin-errors", "data.div.q"], in: dir)
        #expect(strict.status == 2 && strict.stdout.contains("\"code\": \"eval_builtin_error\""))
        #expect(strict.stdout.contains("div: divide by zero"))
        let compilerStrict = try Self.eval(["-i", "zero.json", "-S", "data.div.q"], in: dir)
        #expect(compilerStrict.status == 2 && compilerStrict.stdout.contains("rego_compile_error"))
        #expect(compilerStrict.stdout.contains("import data.authz unused"))
    }

    @Test func bundlesLoadWithDashB() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let built = try BinaryRunner.run(["policy", "build", "-d", "p", "--revision", "r7", "-o", "b.tar.gz"], cwd: dir)
        #expect(built.status == 0)
        #expect(built.stdout.contains("revision \"r7\""))
        let fromBundle = try BinaryRunner.run(["policy", "eval", "-b", "b.tar.gz", "-f", "raw", "data.authz.public; data.users"], cwd: dir)
        let fromFiles = try Self.eval(["-f", "raw", "data.authz.public; data.users"], in: dir)
        #expect(fromBundle.stdout == fromFiles.stdout)
        #expect(fromBundle.stdout == "[\"a\",\"b\"] {\"admins\":[\"alice\"]}\n")
        // The folder as a bundle: data.yaml is bundle data too.
        #expect(try BinaryRunner.run(["policy", "eval", "-b", "p", "-f", "raw", "data.users.admins[0]"], cwd: dir).stdout == "alice\n")
        // Loading it twice: two bundles owning the same roots.
        let twice = try BinaryRunner.run(["policy", "eval", "-b", "b.tar.gz", "-b", "b.tar.gz", "1"], cwd: dir)
        #expect(twice.status == 2 && twice.stdout.contains("overlaps the root"))
    }
}
