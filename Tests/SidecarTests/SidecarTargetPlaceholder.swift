// Placeholder so the SidecarTests target has a source file on the `manifest` branch;
// delete it when merging with the branch that brings the real Sidecar tests.
