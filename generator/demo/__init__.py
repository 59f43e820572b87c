"""The synthetic city: exports in the input contract's shape for demos and benchmarks."""
