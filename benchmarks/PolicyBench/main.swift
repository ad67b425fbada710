// PolicyBench: release-build benchmarks of the embedded policy VM.
print("PolicyBench: not yet built")
