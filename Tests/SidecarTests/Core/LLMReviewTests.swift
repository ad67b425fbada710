// The LLM gap review keeps only well-formed issues: a property, a description and a
// recommendation, each a non-blank string; severities are clamped to the four values.
import PolicyVM
import Testing
@testable import Sidecar

@Suite struct LLMReviewTests {
    static let complete: RegoObject = ["severity": "HIGH", "property": "spec.tools[0]", "description": "no rate limit",
                                       "recommendation": "limit it"]

    @Test func aCompleteItemIsKeptWithItsSeverityClamped() throws {
        let issue = try #require(LLMReview.issue(.object(Self.complete)))
        #expect(issue.severity == "high" && issue.property == "spec.tools[0]" && issue.recommendation == "limit it")
        #expect(issue.evidenceLevel == "llm")
    }

    @Test(arguments: ["property", "description", "recommendation"])
    func anItemMissingAFieldIsDropped(field: String) {
        var item = Self.complete
        item[.string(field)] = nil
        #expect(LLMReview.issue(.object(item)) == nil)
        item[.string(field)] = " "
        #expect(LLMReview.issue(.object(item)) == nil, "a blank \(field)")
        item[.string(field)] = .number(.int(1))
        #expect(LLMReview.issue(.object(item)) == nil, "a \(field) that is not a string")
    }

    @Test func theAnswersArrayIsReadFromTheFirstTextBlock() {
        let text = "Review: [{\"severity\":\"info\",\"property\":\"spec.memory\",\"description\":\"d\",\"recommendation\":\"r\"},"
            + "{\"severity\":\"high\",\"description\":\"no property\",\"recommendation\":\"r\"}] done"
        let body = JSONWriter.write(.object(["content": .array([.object(["type": "text", "text": .string(text)])])]))
        let issues = LLMReview.issues(fromResponse: Array(body.utf8))
        #expect(issues.map(\.property) == ["spec.memory"])
        #expect(issues.map(\.severity) == ["low"])
    }
}
