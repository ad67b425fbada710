// YAMLEmitterTests: every string the emitter writes reads back as itself (through the
// project's YAML reader), plain style is used only where it is unambiguous, and Helm
// mode writes the hooks where plain mode writes their defaults.
import Testing
@testable import AgentSpec

struct YAMLEmitterTests {
    static let awkward: [String] = [
        "", "plain", "yes", "No", "ON", "null", "~", "1.0.0", "0x1F", "1e3", "-1", ".5", " lead", "trail ", "a: b", "a #b",
        "- item", "[x]", "{x}", "*alias", "&anchor", "!tag", "%dir", "@at", "`tick`", "'single'", "\"double\"", "back\\slash",
        "tab\there", "ünïcødé", "emoji 🏋️", "a\nb", "a\nb\n", "a\n\n", "a\n\n\n", "\n\nlead", "  indented\nnext", "a\n  deeper\nb",
        "a\n   \nb", "x\r\ny", "bell\u{07}", "nel\u{85}", "ls\u{2028}", "#!/bin/sh\necho hi\n", "---\ndoc", "...", "{{ .Values.x }}",
    ]

    @Test(arguments: awkward)
    func stringsReadBack(_ s: String) throws {
        let text = YAMLEmitter.render(.map(["k": .string(s), "list": .sequence([.string(s)])]))
        let root = try YAMLParser.parseDocument(text)
        #expect(root["k"]?.scalar?.value == .string(s), "wrote \(text)")
        #expect(root["list"]?.items?.first?.scalar?.value == .string(s))
    }

    @Test func keysAreQuotedWhenNeeded() throws {
        let text = YAMLEmitter.render(.map(["app.kubernetes.io/name": "x", "yes": "y", "a b": "z"]))
        #expect(text == "app.kubernetes.io/name: x\n\"yes\": \"y\"\n\"a b\": z\n")
        _ = try YAMLParser.parseDocument(text)
    }

    @Test func plainStyleOnlyForTheSafeAlphabet() {
        #expect(YAMLScalarText.scalar("RuntimeDefault") == "RuntimeDefault")
        #expect(YAMLScalarText.scalar("/manifest/agent.yaml") == "/manifest/agent.yaml")
        #expect(YAMLScalarText.scalar("512Mi") == "\"512Mi\"")
        #expect(YAMLScalarText.scalar("true") == "\"true\"")
        #expect(YAMLScalarText.scalar("http://x:1") == "\"http://x:1\"")
    }

    @Test func blocksAndEmptyCollections() {
        let tree: YAMLTree = .map([
            "text": "line 1\nline 2\n",
            "empty": .mapping([]),
            "none": .sequence([]),
            "items": .sequence([.map(["name": "a", "value": 1]), "b", .sequence(["c"])]),
        ])
        #expect(YAMLEmitter.render(tree) == """
        text: |
          line 1
          line 2
        empty: {}
        none: []
        items:
          - name: a
            value: 1
          - b
          -
            - c

        """)
    }

    @Test func helmModeWritesHooksAndPlainModeTheirDefaults() {
        let tree: YAMLTree = .map([
            "replicas": .helmValue(1, template: "{{ .Values.replicaCount }}"),
            "resources": .helmBlock(.map(["cpu": "1"]), valuesPath: ".Values.resources"),
            "data": .helmFile("a\n", chartPath: "files/a.txt"),
            "env": .sequence([
                .map(["name": "A"]),
                .helmIf(isIncluded: false, condition: ".Values.opa.enabled", .map(["name": "OPA_URL"])),
            ]),
            "extra": .helmIf(isIncluded: true, condition: ".Values.extra", "on"),
        ])
        #expect(YAMLEmitter.render(tree) == """
        replicas: 1
        resources:
          cpu: "1"
        data: |
          a
        env:
          - name: A
        extra: "on"

        """)
        #expect(YAMLEmitter.render(tree, mode: .helm) == """
        replicas: {{ .Values.replicaCount }}
        resources: {{- toYaml .Values.resources | nindent 2 }}
        data: {{ .Files.Get "files/a.txt" | toJson }}
        env:
          - name: A
          {{- if .Values.opa.enabled }}
          - name: OPA_URL
          {{- end }}
        {{- if .Values.extra }}
        extra: "on"
        {{- end }}

        """)
    }
}
