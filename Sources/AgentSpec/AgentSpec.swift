// AgentSpec: the manifest (`agent.yaml`): YAML reader, schema validation, references,
// compliance audit, manifest -> Rego policy, manifest -> deployment files.
import PolicyVM
