// AgentSpec: the manifest (`agent.yaml`): YAML reader, schema validation, references,
// compliance audit, manifest -> Rego policy. Entry point: `ManifestLoader`.
import PolicyVM
