// swift-tools-version:6.0
// agentspec: the runtime that holds an AI agent to its manifest.
// No package dependencies, by design: everything is built on the Swift toolchain.
import PackageDescription

let package = Package(
    name: "agentspec",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "agentspec", targets: ["CLI"]),
        .library(name: "PolicyVM", targets: ["PolicyVM"]),
        .library(name: "AgentSpec", targets: ["AgentSpec"]),
        .library(name: "Sidecar", targets: ["Sidecar"]),
    ],
    targets: [
        // Rego subset -> bytecode -> VM. Knows nothing of HTTP or manifests.
        .target(name: "PolicyVM", linkerSettings: [.linkedLibrary("m")]),
        // The one wrapper around system calls (sockets, epoll, eventfd, poll, log writes):
        // every socket of the package goes through it, the health probes' and the sidecar's;
        // and outbound HTTPS through the system libcurl, loaded on first use (not linked).
        .target(name: "SystemCalls", dependencies: ["CSystemShims"]),
        // The manifest: YAML, schema, references, audit, policy and deployment generation.
        // PolicyFiles/ reads and writes OPA bundles: gzip through CSystemShims (zlib).
        .target(name: "AgentSpec", dependencies: ["PolicyVM", "SystemCalls", "CSystemShims"]),
        // HTTP/1.1, proxy, control plane, audit ring, decision engine.
        // Release builds drop the dynamic exclusivity checks on class properties: they cost
        // about 10% of the proxy's instructions per request (7.3k of 74.7k). Debug builds,
        // and so `swift test` with its socket and end-to-end suites, keep every check.
        // README.md lists its folders bottom up and walks a request through them.
        .target(name: "Sidecar", dependencies: ["AgentSpec", "PolicyVM", "SystemCalls", "CSystemShims"], exclude: ["README.md"],
                swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),
        // epoll/eventfd/accept4 declarations that Glibc does not export (called by SystemCalls;
        // Sidecar/Net reads its event constants), gzip through the system zlib (libz; the
        // static build links libz.a), and libcurl's functions found with dlopen.
        .target(name: "CSystemShims", linkerSettings: [.linkedLibrary("z")]),
        // The bundled example agent (for `agentspec demo` and the end-to-end tests).
        .target(name: "ExampleAgent", dependencies: ["Sidecar", "AgentSpec", "PolicyVM"], path: "examples/agent"),
        // The `agentspec` executable: thin commands over the three libraries.
        .executableTarget(name: "CLI", dependencies: ["Sidecar", "AgentSpec", "PolicyVM", "SystemCalls", "ExampleAgent"]),
        // Benchmarks: release builds only, never part of `swift test`.
        .executableTarget(name: "PolicyBench", dependencies: ["PolicyVM"], path: "benchmarks/PolicyBench"),
        .executableTarget(name: "ManifestBench", dependencies: ["AgentSpec"], path: "benchmarks/ManifestBench"),
        .executableTarget(name: "ProxyBench", dependencies: ["Sidecar"], path: "benchmarks/ProxyBench"),
        // Format/Fixtures holds conformance cases the formatter tests read by path (#filePath).
        .testTarget(name: "PolicyVMTests", dependencies: ["PolicyVM"], exclude: ["Format/Fixtures"]),
        // Fixtures/ holds YAML manifests the tests read by path (#filePath), not resources.
        .testTarget(name: "AgentSpecTests", dependencies: ["AgentSpec"], exclude: ["Fixtures"]),
        .testTarget(name: "SidecarTests", dependencies: ["Sidecar"]),
        // EndToEnd/Support/Python holds the scripts the end-to-end tests run (upstream, clients).
        .testTarget(name: "CLITests", dependencies: ["CLI"], exclude: ["EndToEnd/Support/Python"]),
    ]
)
