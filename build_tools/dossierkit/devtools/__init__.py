"""Developer tools, not part of the product: the benchmark, synthetic dossiers and the build profiler."""
