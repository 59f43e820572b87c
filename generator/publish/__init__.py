"""Artifacts to files: the writer, the privacy gate, the CSP collector, build state, nginx."""
