// PolicyVM: a compiler for a subset of Rego and the bytecode VM that runs it.
// Entry points: `PolicyCompiler` (sources -> `CompiledPolicy`), `CompiledPolicy.evaluate`.
