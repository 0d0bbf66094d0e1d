"""Benchmarks (``make bench``): the skill against a hello-world floor."""
