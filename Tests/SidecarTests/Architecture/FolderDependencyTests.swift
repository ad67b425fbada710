// The folders of Sources/Sidecar are layers: Sources/Sidecar/README.md lists them in
// order, and a file may use what the folders before its own declare, never what a later
// one does — so no two folders depend on each other and the list reads bottom-up. The
// check reads the sources themselves: every top-level declaration (type, function,
// constant) is owned by its folder, and a file that names another folder's declaration
// in its code (comments and string literals left out) depends on that folder.
import Foundation
import Testing

@Suite struct FolderDependencyTests {
    static let sidecar = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/Sidecar")

    /// The folders in the README's order: lines like "3. `Server/` — …".
    static func documentedOrder() throws -> [String] {
        let readme = try String(contentsOf: sidecar.appendingPathComponent("README.md"), encoding: .utf8)
        let numbered = readme.split(separator: "\n").compactMap { line -> (Int, String)? in
            guard let match = line.firstMatch(of: /^(\d+)\. `([A-Za-z]+)\/`/), let number = Int(match.output.1) else { return nil }
            return (number, String(match.output.2))
        }
        #expect(numbered.map(\.0) == Array(1...max(1, numbered.count)), "the folders are numbered 1, 2, 3 … in order")
        return numbered.map(\.1)
    }

    /// Swift source without comments and string literals (interpolated code is kept).
    static func code(_ source: String) -> String {
        let s = Array(source.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        func starts(_ text: String, at index: Int) -> Bool {
            let t = Array(text.unicodeScalars)
            return index + t.count <= s.count && Array(s[index..<index + t.count]) == t
        }
        // Scans code until the end, or until the `)` closing an interpolation.
        func scanCode(interpolation: Bool) {
            var depth = 0
            while i < s.count {
                if starts("//", at: i) {
                    while i < s.count && s[i] != "\n" { i += 1 }
                } else if starts("/*", at: i) {
                    var nesting = 0
                    repeat {
                        if starts("/*", at: i) { nesting += 1; i += 2 } else if starts("*/", at: i) { nesting -= 1; i += 2 } else { i += 1 }
                    } while nesting > 0 && i < s.count
                    out.append(" ")
                } else if starts("\"\"\"", at: i) {
                    i += 3
                    scanString(closing: "\"\"\"")
                } else if s[i] == "\"" {
                    i += 1
                    scanString(closing: "\"")
                } else {
                    if interpolation {
                        if s[i] == "(" { depth += 1 }
                        if s[i] == ")" {
                            if depth == 0 { i += 1; return }
                            depth -= 1
                        }
                    }
                    out.append(s[i])
                    i += 1
                }
            }
        }
        func scanString(closing: String) {
            out.append(" ")
            while i < s.count {
                if starts("\\(", at: i) {
                    i += 2
                    out.append(" ")
                    scanCode(interpolation: true)
                    out.append(" ")
                } else if s[i] == "\\" {
                    i += 2
                } else if starts(closing, at: i) {
                    i += closing.unicodeScalars.count
                    return
                } else {
                    i += 1
                }
            }
        }
        scanCode(interpolation: false)
        return String(out)
    }

    /// folder -> file name -> code.
    static func sources() throws -> [String: [String: String]] {
        var result: [String: [String: String]] = [:]
        let fm = FileManager.default
        for folder in try fm.contentsOfDirectory(atPath: sidecar.path) {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: sidecar.appendingPathComponent(folder).path, isDirectory: &isDirectory),
                  isDirectory.boolValue else { continue }
            for file in try fm.contentsOfDirectory(atPath: sidecar.appendingPathComponent(folder).path) where file.hasSuffix(".swift") {
                let text = try String(contentsOf: sidecar.appendingPathComponent(folder).appendingPathComponent(file), encoding: .utf8)
                result[folder, default: [:]][file] = code(text)
            }
        }
        return result
    }

    @Test func everyFolderUsesOnlyTheFoldersBeforeIt() throws {
        let order = try Self.documentedOrder()
        let sources = try Self.sources()
        #expect(Set(order) == Set(sources.keys), "the README lists \(order), the folders are \(sources.keys.sorted())")
        #expect(Set(order).count == order.count)
        // Top-level declarations (at the start of a line, after access and attributes).
        let declaration = /^(?:(?:public|package|internal|private|fileprivate|final|indirect|@\w+(?:\([^)]*\))?)\s+)*(?:class|struct|enum|protocol|typealias|actor|func|let|var)\s+([A-Za-z_][A-Za-z0-9_]*)/
            .anchorsMatchLineEndings()
        var owners: [String: Set<String>] = [:]
        for (folder, files) in sources {
            for code in files.values {
                for match in code.matches(of: declaration) { owners[String(match.output.1), default: []].insert(folder) }
            }
        }
        let owner = owners.compactMapValues { $0.count == 1 ? $0.first : nil }
        var violations: [String] = []
        var edges = 0
        for (folder, files) in sources {
            guard let position = order.firstIndex(of: folder) else { continue }
            for (file, code) in files.sorted(by: { $0.key < $1.key }) {
                var used: [String: Set<String>] = [:]
                for token in code.matches(of: /[A-Za-z_][A-Za-z0-9_]*/) {
                    let name = String(token.output)
                    if let other = owner[name], other != folder { used[other, default: []].insert(name) }
                }
                for (other, names) in used {
                    edges += 1
                    guard let otherPosition = order.firstIndex(of: other), otherPosition < position else {
                        violations.append("\(folder)/\(file) uses \(other)/ (\(names.sorted().joined(separator: ", "))), "
                                          + "which the README lists after \(folder)/")
                        continue
                    }
                }
            }
        }
        #expect(violations.isEmpty, "\(violations.sorted().joined(separator: "\n"))")
        #expect(edges > 30, "the check finds the dependencies there are")
    }

    @Test func theScannerLeavesCommentsAndStringsOutButKeepsInterpolations() {
        let code = Self.code("""
        let a = Foo() // Bar
        /* Baz /* nested */ Qux */ let b = "Quux \\(Corge(1)) \\"Grault\\""
        """)
        #expect(code.contains("Foo") && code.contains("Corge"))
        for hidden in ["Bar", "Baz", "Qux", "Quux", "Grault", "nested"] { #expect(!code.contains(hidden), "\(hidden)") }
    }
}
