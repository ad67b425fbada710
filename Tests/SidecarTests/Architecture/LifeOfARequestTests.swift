// The "Life of a request" walk of Sources/Sidecar/README.md, held to what it claims: every
// file it names exists, its steps are numbered in order, and within each half (to the
// agent; from the agent's response head to the audit entry) the files where the request
// is never lead back to a folder the walk has left. What a step merely calls (in
// parentheses, after the step's own files) is not a place the request is.
import Foundation
import Testing

@Suite struct LifeOfARequestTests {
    /// One numbered step: its own files (before the dash) and every file it names.
    struct Step {
        var number: Int
        var files: [String]
        var named: [String]
    }

    /// A source file named in backquotes: `Folder/File.swift`.
    static var filePattern: Regex<(Substring, Substring, Substring)> { /`([A-Za-z]+)\/([A-Za-z+]+\.swift)`/ }

    /// The walk's halves (each under a bold heading), as steps.
    static func halves() throws -> [[Step]] {
        let readme = try String(contentsOf: FolderDependencyTests.sidecar.appendingPathComponent("README.md"), encoding: .utf8)
        guard let start = readme.range(of: "## Life of a request") else { return [] }
        let section = readme[start.upperBound...]
        let body = section.range(of: "\n## ").map { section[..<$0.lowerBound] } ?? section
        var halves: [[Step]] = []
        var text = ""
        func closeStep() {
            guard !text.isEmpty, let match = text.firstMatch(of: #/^(\d+)\. /#), let number = Int(match.output.1) else { return }
            let own = text.components(separatedBy: " — ").first ?? text
            func files(_ s: String) -> [String] { s.matches(of: filePattern).map { "\($0.output.1)/\($0.output.2)" } }
            halves[halves.count - 1].append(Step(number: number, files: files(own), named: files(text)))
            text = ""
        }
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("**") {
                closeStep()
                halves.append([])
            } else if line.firstMatch(of: #/^\d+\. /#) != nil {
                closeStep()
                text = String(line)
            } else if !text.isEmpty {
                // A step runs on over indented lines; a blank or unindented line ends it.
                if line.hasPrefix("   ") { text += " " + line.trimmingCharacters(in: .whitespaces) } else { closeStep() }
            }
        }
        closeStep()
        return halves
    }

    @Test func theWalkHasTwoHalvesOfNumberedStepsThatNameFiles() throws {
        let halves = try Self.halves()
        #expect(halves.count == 2)
        for steps in halves {
            #expect(steps.count >= 4, "a half of the walk has its steps")
            #expect(steps.map(\.number) == Array(1...max(1, steps.count)), "steps are numbered 1, 2, 3 … in order")
            for step in steps { #expect(!step.files.isEmpty, "step \(step.number) starts with the files where the request is") }
        }
    }

    @Test func everyFileTheWalkNamesExists() throws {
        let named = try Self.halves().flatMap { $0.flatMap(\.named) }
        #expect(named.count > 30)
        for file in Set(named).sorted() {
            #expect(FileManager.default.fileExists(atPath: FolderDependencyTests.sidecar.appendingPathComponent(file).path),
                    "the README's walk names \(file), which does not exist")
        }
    }

    @Test func withinEachHalfTheWalkNeverReturnsToAFolderItLeft() throws {
        for steps in try Self.halves() {
            var left: Set<String> = []
            var current: String?
            for step in steps {
                for file in step.files {
                    let folder = String(file.prefix { $0 != "/" })
                    if folder == current { continue }
                    #expect(!left.contains(folder), "step \(step.number) returns to \(folder)/ after leaving it")
                    if let current { left.insert(current) }
                    current = folder
                }
            }
        }
    }
}
