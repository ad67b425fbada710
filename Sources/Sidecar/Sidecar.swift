// Sidecar: HTTP/1.1 (parser, server loop, client), the proxy, the control plane, the
// audit ring and the decision engine (embedded VM, or remote OPA when OPA_URL is set).
import AgentSpec
import PolicyVM
